"""A region's figures as the Avro record published on the region-figures topic, and back.

Only the last ``DAILY_DAYS`` days of daily flows and of the flow matrix's starts are
published with each update (the full history stays in the state); enough for the rolling
28 days and a late correction, and an update's size does not grow with the history.
"""

from datetime import UTC, date, datetime, timedelta

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
