"""A region's figures as the Avro record published on the region-figures topic, and back.

Only the last ``DAILY_DAYS`` days of daily flows and of the flow matrix's starts are
published with each update (the full history stays in the state); enough for the rolling
28 days and a late correction, and an update's size does not grow with the history.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from schemas.aggregates import (
    AnomalyCount,
    CareFunctionNow,
    DailyFlow,
    DayCount,
    DestinationCount,
    MatrixEntry,
    RegionFiguresPublished,
)
from streams.region_stage.figures import DayFlows, RegionFigures

DAILY_DAYS = 90


def published(figures: RegionFigures) -> RegionFiguresPublished:
    """The record of ``figures``: the days before the window are left out of the daily
    flows and of the flow matrix's starts (earlier updates carried them)."""
    daily_from = figures.as_of - timedelta(days=DAILY_DAYS - 1)
    return RegionFiguresPublished(
        region=figures.region,
        as_of=figures.as_of,
        published_at=datetime.now(UTC),
        daily_from=daily_from,
        now=[
            CareFunctionNow(care_function=function, **now.to_dict())
            for function, now in sorted(figures.now.items())
        ],
        daily=[
            _daily_flow(function, day, flows)
            for function, days in sorted(figures.daily.items())
            for day, flows in sorted(days.items())
            if day >= daily_from
        ],
        flow_matrix=[
            MatrixEntry(
                home_region=home,
                open=row.open,
                started=[
                    DayCount(day=day, count=count, key=row.started_keys[day])
                    for day, count in sorted(row.started.items())
                    if day >= daily_from
                ],
                open_key=row.open_key,
            )
            for home, row in sorted(figures.flow_matrix.items())
        ],
        anomalies=[AnomalyCount(kind=k, count=n) for k, n in sorted(figures.anomalies.items())],
    )


def _daily_flow(function: str, day: date, flows: DayFlows) -> DailyFlow:
    return DailyFlow(
        care_function=function,
        day=day,
        registrations=flows.registrations,
        placements=flows.placements,
        discharges=[
            DestinationCount(destination=d, count=n, key=flows.discharge_keys[d])
            for d, n in sorted(flows.discharges.items())
        ],
        replacements=flows.replacements,
        refusals=flows.refusals,
        non_contracted=flows.non_contracted,
        placements_17_plus=flows.placements_17_plus,
        transitions_18=flows.transitions_18,
        **{f"{measure}_key": key for measure, key in flows.keys.items()},
    )


def as_figures_dict(record: RegionFiguresPublished) -> dict[str, Any]:
    """The published record in the plain shape of ``RegionFigures.to_dict()``."""
    daily: dict[str, dict[str, Any]] = {}
    for flow in record.daily:
        values = flow.model_dump(exclude={"care_function", "day", "discharges"})
        entry: dict[str, Any] = {}
        for name, value in values.items():
            if not name.endswith("_key") and value:
                entry[name] = value
                entry[f"{name}_key"] = values[f"{name}_key"]
        if flow.discharges:
            entry["discharges"] = {d.destination: d.count for d in flow.discharges}
            entry["discharges_key"] = {d.destination: d.key for d in flow.discharges}
        daily.setdefault(flow.care_function, {})[flow.day.isoformat()] = dict(sorted(entry.items()))
    return {
        "anomalies": {a.kind: a.count for a in record.anomalies},
        "as_of": record.as_of.isoformat(),
        "daily": daily,
        "flow_matrix": {
            m.home_region: {
                "open": m.open,
                "open_key": m.open_key,
                "started": {d.day.isoformat(): d.count for d in m.started},
                "started_key": {d.day.isoformat(): d.key for d in m.started},
            }
            for m in record.flow_matrix
        },
        "now": {n.care_function: n.model_dump(exclude={"care_function"}) for n in record.now},
        "region": record.region,
    }
