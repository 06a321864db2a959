"""A region's figures from the contributions it holds and its locations' capacity.

DEFINITIONS.md "Per region x care function, now", "Flows", "Inter-regional flow matrix"
and "Cell keys": every person-derived count is summed together with its key sum, taken
mod 2**32 once the cell is complete. The same code computes the general figures and,
from the justice contributions and no locations, the justice figures. Readings where it
leaves room:

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
from collections.abc import Iterable
from datetime import date

from streams.region_stage.figures import DayFlows, MatrixRow, NowFigures, RegionFigures
from streams.region_stage.region_totals import Keyed, RegionTotals
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
)
from streams.youth_stage.capacity import LocationState, capacity_as_of, latest_day
from streams.youth_stage.record_key import KEY_MODULUS
from streams.youth_stage.youth_facts import ANOMALY_KINDS


def figures_from_totals(
    region: str,
    totals: RegionTotals,
    locations: Iterable[LocationState],
    as_of: date | None = None,
) -> RegionFigures | None:
    """The figures of ``region`` from the sum of the contributions it holds; None when
    no counted event touches it (and no as-of is given). ``locations`` may hold other
    regions' locations too: they are left out."""
    own = [location for location in locations if location.region == region]
    if as_of is None:
        days = [day for day in (latest_day(location) for location in own) if day is not None]
        if totals.latest_day is not None:
            days.append(totals.latest_day)
        if not days:
            return None
        as_of = max(days)

    keys = _Keys()  # cell keys beside the counts, summed as the counts are
    occupied: Counter[str] = Counter()
    open_by_home: Counter[str] = Counter()
    started: defaultdict[str, Counter[date]] = defaultdict(Counter)
    for stay, count in totals.stays.counts.items():
        function, home, start, end = stay
        key = totals.stays.keys[stay]
        started[home][start] += count
        keys.add(("started", home, start), key)
        if start <= as_of and (end is None or end > as_of):
            occupied[function] += count
            open_by_home[home] += count
            keys.add(("occupied", function), key)
            keys.add(("open", home), key)

    waiting_days: defaultdict[str, list[int]] = defaultdict(list)
    for entry, count in totals.waiting.counts.items():
        function, registered, closed = entry
        if registered <= as_of and (closed is None or closed > as_of):
            waiting_days[function].extend([(as_of - registered).days] * count)
            keys.add(("waiting", function), totals.waiting.keys[entry])

    capacity: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for location in own:
        for function, (declared, base) in capacity_as_of(location, as_of).items():
            capacity[function][0] += declared
            capacity[function][1] += base

    functions = sorted(capacity.keys() | occupied.keys() | waiting_days.keys())
    now = {
        function: _now(
            capacity.get(function, [0, 0]),
            (occupied[function], keys.of("occupied", function)),
            (waiting_days[function], keys.of("waiting", function)),
        )
        for function in functions
    }
    matrix = {
        home: MatrixRow(
            open_by_home[home],
            dict(started[home]),
            keys.of("open", home),
            {day: keys.of("started", home, day) for day in started[home]},
        )
        for home in sorted(started)
    }
    anomalies = {kind: totals.anomalies[kind] for kind in ANOMALY_KINDS}
    return RegionFigures(region, as_of, now, _daily(totals.flows), matrix, anomalies)


class _Keys:
    """Cell keys by cell: record-key sums, taken mod 2**32 when read."""

    def __init__(self) -> None:
        self._sums: Counter[tuple[object, ...]] = Counter()

    def add(self, cell: tuple[object, ...], key: int) -> None:
        self._sums[cell] += key

    def of(self, *cell: object) -> int:
        return self._sums[cell] % KEY_MODULUS


def _now(
    capacity: list[int], occupied: tuple[int, int], waiting: tuple[list[int], int]
) -> NowFigures:
    """From (declared, base), (occupied, its key) and (waiting days, their key)."""
    declared, base = capacity
    ordered = sorted(waiting[0])
    return NowFigures(
        places_declared=declared,
        occupied=occupied[0],
        free=max(0, declared - occupied[0]),
        occupancy_pct=None if declared == 0 else _percent(occupied[0], declared),
        base_availability=base,
        shortfall=max(0, base - declared),
        waiting_now=len(ordered),
        waiting_days_median=_nearest_rank(ordered, 50),
        waiting_days_p90=_nearest_rank(ordered, 90),
        occupied_key=occupied[1],
        waiting_key=waiting[1],
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


# Per measure (or destination): the count and its key sum, of one care function and day.
_Tally = tuple[Counter[str], Counter[str]]


def _daily(flows: Keyed[FlowKey]) -> dict[str, dict[date, DayFlows]]:
    counts: defaultdict[tuple[str, date], _Tally] = defaultdict(_tally)
    discharges: defaultdict[tuple[str, date], _Tally] = defaultdict(_tally)
    for flow, count in flows.counts.items():
        function, day, measure, destination = flow
        if measure == DISCHARGES:
            assert destination is not None  # every discharge has one (UNKNOWN by default)
            _count(discharges[function, day], destination, count, flows.keys[flow])
        else:
            _count(counts[function, day], measure, count, flows.keys[flow])
    daily: defaultdict[str, dict[date, DayFlows]] = defaultdict(dict)
    for function, day in sorted(counts.keys() | discharges.keys()):
        daily[function][day] = _day_flows(counts[function, day], discharges[function, day])
    return dict(daily)


def _tally() -> _Tally:
    return Counter(), Counter()


def _count(tally: _Tally, name: str, count: int, key: int) -> None:
    tally[0][name] += count
    tally[1][name] += key


def _day_flows(counts: _Tally, discharges: _Tally) -> DayFlows:
    """The flows of the tallies; a key is kept for every count that is not 0."""
    per_measure, measure_keys = counts
    per_destination, destination_keys = discharges
    return DayFlows(
        registrations=per_measure[REGISTRATIONS],
        placements=per_measure[PLACEMENTS],
        discharges={d: n for d, n in sorted(per_destination.items()) if n},
        replacements=per_measure[REPLACEMENTS],
        refusals=per_measure[REFUSALS],
        non_contracted=per_measure[NON_CONTRACTED],
        placements_17_plus=per_measure[PLACEMENTS_17_PLUS],
        transitions_18=per_measure[TRANSITIONS_18],
        keys={m: measure_keys[m] % KEY_MODULUS for m, n in sorted(per_measure.items()) if n},
        discharge_keys={
            d: destination_keys[d] % KEY_MODULUS for d, n in sorted(per_destination.items()) if n
        },
    )
