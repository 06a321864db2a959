"""The true person-derived counts of one region and period, each with its cell key.

This is the last place where counts are exact: what comes out goes to
``privacy.disclosure`` before anything leaves. Every count comes with the sum of the
record keys of the youths it counts (mod 2**32; the stream worker keeps them beside the
counts), which is what cell-key perturbation needs to give the same cell the same value
in every release and every table it appears in.

Stocks (occupied, waiting, open inter-regional stays) are those of the newest figures the
worker published on or before the period's last day: exact when it published that day
(it publishes every few seconds; in an accelerated simulation it may skip days, and a
region without events on a day kept its stocks). Flows are summed over the period's days
from the newest figures, which hold every day's flows. Figure names are those of the
regimes (``privacy/regimes``).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from feeds.egress.history import FiguresHistory
from feeds.egress.periods import Period
from schemas.aggregates import DailyFlow, RegionFiguresPublished
from schemas.feeds import FeedCell

KEY_MODULUS = 2**32

# The flows a DailyFlow counts, besides discharges (which it counts per destination).
FLOW_FIGURES = (
    "registrations",
    "placements",
    "replacements",
    "refusals",
    "non_contracted",
    "placements_17_plus",
    "transitions_18",
)


@dataclass(frozen=True)
class TrueCount:
    """One exact count before protection: never published as it is."""

    figure: str
    region: str
    care_function: str | None
    category: str | None  # destination, or the other region of an inter-regional figure
    count: int
    cell_key: int  # sum of the counted youths' record keys mod 2**32


@dataclass(frozen=True)
class WaitingSpread:
    """The waiting times of one care function's open entries, for the percentile rule."""

    region: str
    care_function: str
    entries: int
    median_days: int | None
    p90_days: int | None


@dataclass(frozen=True)
class ReleaseCounts:
    """Everything true that one release is made from, before protection."""

    regions: list[str]  # the regions in the recipient's scope that have figures
    counts: list[TrueCount]
    spreads: list[WaitingSpread]
    # What the recipient got in its previous release: its stocks are known to it.
    previous: list[FeedCell] = field(default_factory=list)


def stocks(figures: RegionFiguresPublished) -> list[TrueCount]:
    """Occupied places and open waiting-list entries per care function at the end of the
    period: ``figures`` is the newest record on or before its last day (a region without
    events since kept these stocks)."""
    cells = []
    for now in figures.now:
        function = now.care_function
        cells.append(
            TrueCount("occupied", figures.region, function, None, now.occupied, now.occupied_key)
        )
        cells.append(
            TrueCount("waiting", figures.region, function, None, now.waiting_now, now.waiting_key)
        )
    return cells


def waiting_spreads(figures: RegionFiguresPublished, day: date) -> list[WaitingSpread]:
    """Median and p90 waiting days at the end of ``day``: every open entry has aged by
    the days since the record's as-of, so both percentiles shift by exactly that."""
    aged = (day - figures.as_of).days
    return [
        WaitingSpread(
            figures.region,
            now.care_function,
            now.waiting_now,
            None if now.waiting_days_median is None else now.waiting_days_median + aged,
            None if now.waiting_days_p90 is None else now.waiting_days_p90 + aged,
        )
        for now in figures.now
    ]


def flows(figures: RegionFiguresPublished, period: Period) -> list[TrueCount]:
    """Every flow per care function summed over the period (discharges per destination).

    Care functions with figures but no flow in the period get explicit zeros, so that a
    recipient can tell "none" from "not published".
    """
    if period.start < figures.daily_from:
        raise ValueError(f"figures of {figures.region} hold no daily flows before {period.start}")
    totals: defaultdict[tuple[str, str, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for function in {now.care_function for now in figures.now}:
        for figure in (*FLOW_FIGURES, "discharges"):
            totals[figure, function, None]
    for day in _days_in(figures.daily, period):
        function = day.care_function
        for figure in FLOW_FIGURES:
            _add(totals[figure, function, None], getattr(day, figure), _key(day, figure))
        for discharge in day.discharges:
            _add(
                totals["discharges", function, discharge.destination],
                discharge.count,
                discharge.key,
            )
    return [
        TrueCount(figure, figures.region, function, category, count, key)
        for (figure, function, category), (count, key) in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
        if not (figure == "discharges" and category is None)
    ]


def inter_regional_in(figures: RegionFiguresPublished) -> list[TrueCount]:
    """Open stays in this region of youths from other regions, per home region."""
    return [
        TrueCount(
            "inter_regional_in", figures.region, None, row.home_region, row.open, row.open_key
        )
        for row in figures.flow_matrix
        if row.home_region != figures.region and row.open
    ]


def inter_regional_out(region: str, others: Iterable[RegionFiguresPublished]) -> list[TrueCount]:
    """Open stays of this region's youths in other regions, per provider region."""
    return [
        TrueCount("inter_regional_out", region, None, figures.region, row.open, row.open_key)
        for figures in others
        if figures.region != region
        for row in figures.flow_matrix
        if row.home_region == region and row.open
    ]


def _days_in(daily: Iterable[DailyFlow], period: Period) -> Iterable[DailyFlow]:
    return (day for day in daily if period.start <= day.day <= period.end)


def _key(day: DailyFlow, figure: str) -> int:
    key: int = getattr(day, f"{figure}_key")
    return key


def _add(total: list[int], count: int, key: int) -> None:
    total[0] += count
    total[1] = (total[1] + key) % KEY_MODULUS


def release_counts(
    history: FiguresHistory,
    areas: Sequence[str],
    wanted: Iterable[str],
    period: Period,
    previous: list[FeedCell],
) -> ReleaseCounts:
    """The true counts of ``areas`` for one period: stocks at its end, flows over it, the
    inter-regional stays, the waiting spreads; only the ``wanted`` figures."""
    at_end = {r: f for r in history.regions() if (f := history.at_end_of(r, period.end))}
    counts: list[TrueCount] = []
    spreads: list[WaitingSpread] = []
    present = [area for area in areas if area in at_end]
    for area in present:
        figures = at_end[area]
        counts += stocks(figures)
        # Flows per day are complete in the newest figures (a day's flows do not depend
        # on the as-of), which also hold the days after the stocks' record.
        counts += flows(history.latest(area) or figures, period)
        counts += inter_regional_in(figures)
        counts += inter_regional_out(area, at_end.values())
        spreads += waiting_spreads(figures, period.end)
    figures_wanted = set(wanted)
    return ReleaseCounts(
        present, [c for c in counts if c.figure in figures_wanted], spreads, previous
    )
