"""A region's figures from the contributions it holds and its locations' capacity.

DEFINITIONS.md "Per region x care function, now", "Flows" and "Inter-regional flow
matrix". Readings where it leaves room:

- The as-of counts every counted event touching the region, orphans included (an orphan
  "counts nowhere" in the figures, but it is an event the region has seen); retractions
  and retracted or voided events do not count.
- A waiting-list entry is open as of D when registered on or before D and not closed on
  or before D (like a stay: the figures describe the end of the day).
- ``occupancy_pct`` is rounded half up, exactly (6.25 becomes 6.3), from the integers.
- The daily flows and the flow matrix's starts cover every day, also days after an
  explicitly given as-of; only the "now" figures and "open" depend on the as-of.
- A care function is in "now" when a location of the region has an applicable
  declaration or base-availability agreement for it (even of 0 places), when places of
  it are occupied, or when youths wait for it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from streams.capacity import LocationState, capacity_as_of, latest_day
from streams.figures import DayFlows, MatrixRow, NowFigures, RegionFigures
from streams.region_totals import RegionTotals
from streams.regional import (
    DISCHARGES,
    NON_CONTRACTED,
    PLACEMENTS,
    PLACEMENTS_17_PLUS,
    REFUSALS,
    REGISTRATIONS,
    REPLACEMENTS,
    TRANSITIONS_18,
    FlowKey,
    RegionContribution,
)
from streams.youth_facts import ANOMALY_KINDS

ROLLING_DAYS = 28


def region_figures(
    region: str,
    contributions: Iterable[RegionContribution],
    locations: Iterable[LocationState],
    as_of: date | None = None,
) -> RegionFigures | None:
    """The figures of ``region``; None when no counted event touches it (and no as-of is
    given). ``locations`` may hold other regions' locations too: they are left out."""
    totals = RegionTotals()
    for contribution in contributions:
        totals.add(contribution)
    return figures_from_totals(region, totals, locations, as_of)


def figures_from_totals(
    region: str,
    totals: RegionTotals,
    locations: Iterable[LocationState],
    as_of: date | None = None,
) -> RegionFigures | None:
    """As :func:`region_figures`, from contributions already summed."""
    own = [location for location in locations if location.region == region]
    if as_of is None:
        days = [day for day in (latest_day(location) for location in own) if day is not None]
        if totals.latest_day is not None:
            days.append(totals.latest_day)
        if not days:
            return None
        as_of = max(days)

    occupied: Counter[str] = Counter()
    open_by_home: Counter[str] = Counter()
    started: defaultdict[str, Counter[date]] = defaultdict(Counter)
    for (function, home, start, end), count in totals.stays.items():
        started[home][start] += count
        if start <= as_of and (end is None or end > as_of):
            occupied[function] += count
            open_by_home[home] += count

    waiting_days: defaultdict[str, list[int]] = defaultdict(list)
    for (function, registered, closed), count in totals.waiting.items():
        if registered <= as_of and (closed is None or closed > as_of):
            waiting_days[function].extend([(as_of - registered).days] * count)

    capacity: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for location in own:
        for function, (declared, base) in capacity_as_of(location, as_of).items():
            capacity[function][0] += declared
            capacity[function][1] += base

    functions = sorted(capacity.keys() | occupied.keys() | waiting_days.keys())
    now = {
        function: _now(capacity.get(function, [0, 0]), occupied[function], waiting_days[function])
        for function in functions
    }
    matrix = {home: MatrixRow(open_by_home[home], dict(started[home])) for home in sorted(started)}
    anomalies = {kind: totals.anomalies[kind] for kind in ANOMALY_KINDS}
    return RegionFigures(region, as_of, now, _daily(totals.flows), matrix, anomalies)


def _now(capacity: list[int], occupied: int, waiting_days: list[int]) -> NowFigures:
    declared, base = capacity
    ordered = sorted(waiting_days)
    return NowFigures(
        places_declared=declared,
        occupied=occupied,
        free=max(0, declared - occupied),
        occupancy_pct=None if declared == 0 else _percent(occupied, declared),
        base_availability=base,
        shortfall=max(0, base - declared),
        waiting_now=len(ordered),
        waiting_days_median=_nearest_rank(ordered, 50),
        waiting_days_p90=_nearest_rank(ordered, 90),
    )


def _percent(part: int, whole: int) -> float:
    """100 * part / whole rounded half up to one decimal, in integers so that no binary
    fraction decides a tie: floor(1000 * part / whole + 1/2) tenths."""
    return (2000 * part + whole) // (2 * whole) / 10


def _nearest_rank(ordered: list[int], percent: int) -> int | None:
    """The value at rank ceil(percent / 100 * n) of the sorted values (ranks from 1)."""
    if not ordered:
        return None
    rank = -(-percent * len(ordered) // 100)
    return ordered[rank - 1]


_COUNTED_MEASURES = (
    REGISTRATIONS,
    PLACEMENTS,
    REPLACEMENTS,
    REFUSALS,
    NON_CONTRACTED,
    PLACEMENTS_17_PLUS,
    TRANSITIONS_18,
)


def _daily(flows: Mapping[FlowKey, int]) -> dict[str, dict[date, DayFlows]]:
    counts: defaultdict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    discharges: defaultdict[tuple[str, date], Counter[str]] = defaultdict(Counter)
    for (function, day, measure, destination), count in flows.items():
        if measure == DISCHARGES:
            assert destination is not None  # every discharge has one (UNKNOWN by default)
            discharges[function, day][destination] += count
        else:
            counts[function, day][measure] += count
    daily: defaultdict[str, dict[date, DayFlows]] = defaultdict(dict)
    for function, day in sorted(counts.keys() | discharges.keys()):
        daily[function][day] = _day_flows(counts[function, day], discharges[function, day])
    return dict(daily)


def _day_flows(counts: Mapping[str, int], discharges: Mapping[str, int]) -> DayFlows:
    return DayFlows(
        registrations=counts.get(REGISTRATIONS, 0),
        placements=counts.get(PLACEMENTS, 0),
        discharges=dict(sorted(discharges.items())),
        replacements=counts.get(REPLACEMENTS, 0),
        refusals=counts.get(REFUSALS, 0),
        non_contracted=counts.get(NON_CONTRACTED, 0),
        placements_17_plus=counts.get(PLACEMENTS_17_PLUS, 0),
        transitions_18=counts.get(TRANSITIONS_18, 0),
    )


def rolling_28(figures: RegionFigures, day: date) -> dict[str, DayFlows]:
    """Per care function, the daily flows summed over ``day`` - 27 ... ``day``; care
    functions without flows in that window are left out."""
    first = day - timedelta(days=ROLLING_DAYS - 1)
    result = {}
    for function, days in sorted(figures.daily.items()):
        window = [flows for flow_day, flows in days.items() if first <= flow_day <= day]
        if window:
            result[function] = _sum(window)
    return result


def _sum(days: list[DayFlows]) -> DayFlows:
    counts: Counter[str] = Counter()
    discharges: Counter[str] = Counter()
    for flows in days:
        discharges.update(flows.discharges)
        for measure in _COUNTED_MEASURES:
            counts[measure] += getattr(flows, measure)
    return _day_flows(counts, discharges)
