"""Region figures as the worker publishes them, built by hand for the egress tests."""

import random
from datetime import UTC, date, datetime, timedelta

from feeds.egress.counts import FLOW_FIGURES
from schemas.aggregates import (
    CareFunctionNow,
    DailyFlow,
    DayCount,
    DestinationCount,
    MatrixEntry,
    RegionFiguresPublished,
)


def key(rng: random.Random) -> int:
    return rng.randrange(2**32)


def now(
    care_function: str,
    rng: random.Random,
    *,
    places: int = 20,
    base: int = 10,
    occupied: int = 12,
    waiting: int = 7,
) -> CareFunctionNow:
    return CareFunctionNow(
        care_function=care_function,
        places_declared=places,
        occupied=occupied,
        free=max(0, places - occupied),
        occupancy_pct=None if places == 0 else round(100 * occupied / places, 1),
        base_availability=base,
        shortfall=max(0, base - places),
        waiting_now=waiting,
        waiting_days_median=30 if waiting else None,
        waiting_days_p90=60 if waiting else None,
        occupied_key=key(rng),
        waiting_key=key(rng),
    )


def daily(care_function: str, day: date, rng: random.Random, scale: int = 3) -> DailyFlow:
    counts = {measure: rng.randrange(scale) for measure in FLOW_FIGURES}
    keys = {f"{measure}_key": key(rng) if counts[measure] else 0 for measure in FLOW_FIGURES}
    discharges = [
        DestinationCount(destination=destination, count=n, key=key(rng))
        for destination in ("HOME", "FOSTER_CARE")
        if (n := rng.randrange(scale))
    ]
    return DailyFlow(care_function=care_function, day=day, discharges=discharges, **counts, **keys)


def region_figures(
    region: str,
    as_of: date,
    seed: int = 0,
    *,
    functions: tuple[str, ...] = ("closed", "crisis"),
    homes: tuple[str, ...] = ("eemland", "flevoland"),
    scale: int = 3,
    open_stays: int | None = None,
    **now_options: int,
) -> RegionFiguresPublished:
    """Figures of ``region`` as of ``as_of`` with flows over the 90 days before it; the
    same arguments give the same figures."""
    rng = random.Random(f"{region}/{as_of}/{seed}")
    daily_from = as_of - timedelta(days=89)
    days = [daily_from + timedelta(days=n) for n in range(90)]
    return RegionFiguresPublished(
        region=region,
        as_of=as_of,
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        daily_from=daily_from,
        now=[now(function, rng, **now_options) for function in functions],
        daily=[daily(function, day, rng, scale) for function in functions for day in days],
        flow_matrix=[
            MatrixEntry(
                home_region=home,
                open=rng.randrange(1, 20) if open_stays is None else open_stays,
                open_key=key(rng),
                started=[DayCount(day=as_of, count=1, key=key(rng))],
            )
            for home in homes
        ],
        anomalies=[],
    )
