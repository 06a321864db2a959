"""A region's figures as the Avro record published on the region-figures topic, and back.

Only the last ``DAILY_DAYS`` days of daily flows are published with each update (the
full history stays in the state); enough for the rolling 28 days and a late correction.
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
from streams.figures import RegionFigures

DAILY_DAYS = 90


def published(figures: RegionFigures) -> RegionFiguresPublished:
    plain = figures.to_dict()
    daily_from = figures.as_of - timedelta(days=DAILY_DAYS - 1)
    return RegionFiguresPublished(
        region=figures.region,
        as_of=figures.as_of,
        published_at=datetime.now(UTC),
        daily_from=daily_from,
        now=[CareFunctionNow(care_function=cf, **now) for cf, now in plain["now"].items()],
        daily=[
            DailyFlow(
                care_function=cf,
                day=date.fromisoformat(day),
                **{k: v for k, v in flows.items() if k != "discharges"},
                discharges=[
                    DestinationCount(destination=d, count=n)
                    for d, n in flows.get("discharges", {}).items()
                ],
            )
            for cf, days in plain["daily"].items()
            for day, flows in days.items()
            if date.fromisoformat(day) >= daily_from
        ],
        flow_matrix=[
            MatrixEntry(
                home_region=home,
                open=row["open"],
                started=[
                    DayCount(day=date.fromisoformat(d), count=n) for d, n in row["started"].items()
                ],
            )
            for home, row in plain["flow_matrix"].items()
        ],
        anomalies=[AnomalyCount(kind=k, count=n) for k, n in plain["anomalies"].items()],
    )


def as_figures_dict(record: RegionFiguresPublished) -> dict[str, Any]:
    """The published record in the plain shape of ``RegionFigures.to_dict()``."""
    daily: dict[str, dict[str, Any]] = {}
    for flow in record.daily:
        counts = flow.model_dump(exclude={"care_function", "day", "discharges"})
        entry: dict[str, Any] = {k: v for k, v in counts.items() if v}
        if flow.discharges:
            entry["discharges"] = {d.destination: d.count for d in flow.discharges}
        daily.setdefault(flow.care_function, {})[flow.day.isoformat()] = dict(sorted(entry.items()))
    return {
        "anomalies": {a.kind: a.count for a in record.anomalies},
        "as_of": record.as_of.isoformat(),
        "daily": daily,
        "flow_matrix": {
            m.home_region: {
                "open": m.open,
                "started": {d.day.isoformat(): d.count for d in m.started},
            }
            for m in record.flow_matrix
        },
        "now": {n.care_function: n.model_dump(exclude={"care_function"}) for n in record.now},
        "region": record.region,
    }
