"""Every figure of DEFINITIONS.md per region, recomputed from the whole set of events.

Each person-derived count has its cell key beside it (``<count>_key``): the record keys
of the youths counted in it, summed mod 2**32 (DEFINITIONS.md "Cell keys").
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tests.reference_model.areas import as_residents, provider_part, provider_parts
from tests.reference_model.capacity import location_capacity
from tests.reference_model.cases import (
    AGE_17_PLUS,
    ORPHAN_DISCHARGE,
    ORPHAN_WAITING_LIST_EVENT,
    Cases,
    Entry,
    Stay,
    follow_youths,
)
from tests.reference_model.events import DecodedEvent, Event, counted_events, regions_touched
from tests.reference_model.justice import general_events, justice_events

COUNTS = (
    "registrations",
    "placements",
    "replacements",
    "refusals",
    "non_contracted",
    "placements_17_plus",
    "transitions_18",
)
ROLLING_DAYS = 28
KEYS_MOD = 1 << 32


def recompute(
    events: Iterable[DecodedEvent], replacement_window_days: int = 30
) -> dict[str, dict[str, Any]]:
    """The general figures (no justice data) of every region some counted event touches,
    keyed by region code."""
    return _figures(general_events(events), replacement_window_days)


def recompute_justice(
    events: Iterable[DecodedEvent], replacement_window_days: int = 30
) -> dict[str, dict[str, Any]]:
    """The same figures of the justice events alone (no capacity: it is general)."""
    return _figures(justice_events(events), replacement_window_days)


def recompute_residents(
    events: Iterable[DecodedEvent], replacement_window_days: int = 30
) -> dict[str, dict[str, Any]]:
    """The general figures per municipality of residence, keyed by CBS code."""
    return _figures(as_residents(general_events(events)), replacement_window_days)


def recompute_providers(
    events: Iterable[DecodedEvent], replacement_window_days: int = 30
) -> dict[str, dict[str, Any]]:
    """Every provider's part of every region figure (DEFINITIONS.md "Provider part"),
    keyed ``<AGB>@<region>``: the cases that name the provider, where the region counts
    them. No capacity."""
    counted = counted_events(general_events(events))
    parts = provider_parts(follow_youths(counted, replacement_window_days))
    touched = [
        (provider_part(agb, region), event.day)
        for event in counted
        if not event.is_capacity and (agb := event.record["care"]["provider_agb"]) is not None
        for region in regions_touched(event)
    ]
    return _assembled([], parts, _latest(touched, parts))


def _figures(events: list[DecodedEvent], replacement_window_days: int) -> dict[str, dict[str, Any]]:
    counted = counted_events(events)
    cases = follow_youths(counted, replacement_window_days)
    touched = [(region, event.day) for event in counted for region in regions_touched(event)]
    return _assembled(counted, cases, _latest(touched, cases))


def _assembled(
    counted: list[Event], cases: Cases, as_of: dict[str, date]
) -> dict[str, dict[str, Any]]:
    """The figures of every region in ``as_of``; capacity from the capacity events among
    ``counted``."""
    now = _now(counted, cases, as_of)
    daily = _daily(cases)
    flows = _flow_matrix(cases.stays, as_of)
    anomalies = _anomalies(cases)
    # Every figure lands in a region an event of it touches (a start touches its provider
    # region, an orphan its home region), so no figure can fall outside ``as_of``.
    assert set(now) | set(daily) | set(flows) | set(anomalies) <= set(as_of)
    return {
        region: {
            "region": region,
            "as_of": day.isoformat(),
            "now": now.get(region, {}),
            "daily": daily.get(region, {}),
            "flow_matrix": flows.get(region, {}),
            "anomalies": {
                ORPHAN_WAITING_LIST_EVENT: anomalies[region][ORPHAN_WAITING_LIST_EVENT],
                ORPHAN_DISCHARGE: anomalies[region][ORPHAN_DISCHARGE],
            },
        }
        for region, day in sorted(as_of.items())
    }


def rolling_28(figures: dict[str, Any], care_function: str, day: str) -> dict[str, Any]:
    """Sums of one region's daily values for a care function over ``day``-27 .. ``day``."""
    last = date.fromisoformat(day)
    days = {(last - timedelta(days=back)).isoformat() for back in range(ROLLING_DAYS)}
    totals: Counter[str] = Counter()
    discharges: Counter[str] = Counter()
    for on, values in figures["daily"].get(care_function, {}).items():
        if on in days:
            totals.update({name: values.get(name, 0) for name in COUNTS})
            discharges.update(values.get("discharges", {}))
    result: dict[str, Any] = {name: totals[name] for name in COUNTS}
    result["discharges"] = {destination: n for destination, n in sorted(discharges.items()) if n}
    return result


def _latest(touched: list[tuple[str, date]], cases: Cases) -> dict[str, date]:
    """Per region, the latest date of the counted events that touch it (``touched``:
    region and event date), also of those that close an entry of its (home region) or end
    a stay in it (provider region)."""
    as_of: dict[str, date] = {}
    for region, day in touched:
        as_of[region] = max(as_of.get(region, day), day)
    closes = [(entry.home_region, entry.closed) for entry in cases.entries]
    closes += [(stay.provider_region, stay.ended) for stay in cases.stays]
    closes += [(stay.provider_region, stay.turned_18_on) for stay in cases.stays]
    for region, day in closes:
        if day is not None:
            as_of[region] = max(as_of[region], day)
    return as_of


def _is_open_stay(stay: Stay, on: date) -> bool:
    """Still occupying a place at the end of ``on``: a stay ending that day is not."""
    return stay.started <= on and (stay.ended is None or stay.ended > on)


def _is_waiting(entry: Entry, on: date) -> bool:
    """On the waiting list at the end of ``on``."""
    return entry.registered <= on and (entry.closed is None or entry.closed > on)


def _nearest_rank(values: list[int], percent: int) -> int | None:
    """The value at rank ceil(percent/100 x n) of the sorted values (ranks from 1)."""
    if not values:
        return None
    rank = -(-percent * len(values) // 100)  # integer ceiling: no float rounding at .5
    return sorted(values)[rank - 1]


def _now(counted: list[Event], cases: Cases, as_of: dict[str, date]) -> dict[str, dict[str, Any]]:
    declared: Counter[tuple[str, str]] = Counter()
    base: Counter[tuple[str, str]] = Counter()
    has_capacity: set[tuple[str, str]] = set()
    by_location: defaultdict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for event in counted:
        if event.is_capacity:
            location = event.record["location"]
            at = (location["provider_agb"], location["location_code"], event.get("care_function"))
            by_location[at].append(event)
    for (_, _, care_function), events in by_location.items():
        region = events[0].record["location"]["region"]  # a location never changes region
        capacity = location_capacity(events, as_of[region])
        for amount, total in ((capacity.declared, declared), (capacity.base_availability, base)):
            if amount is not None:
                total[region, care_function] += amount
                has_capacity.add((region, care_function))

    occupied: Counter[tuple[str, str]] = Counter()
    occupied_key: Counter[tuple[str, str]] = Counter()
    for stay in cases.stays:
        if _is_open_stay(stay, as_of[stay.provider_region]):
            occupied[stay.provider_region, stay.care_function] += 1
            occupied_key[stay.provider_region, stay.care_function] += stay.key

    waiting_days: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    waiting_key: Counter[tuple[str, str]] = Counter()
    for entry in cases.entries:
        on = as_of[entry.home_region]
        if _is_waiting(entry, on):
            waiting_days[entry.home_region, entry.care_function].append(
                (on - entry.registered).days
            )
            waiting_key[entry.home_region, entry.care_function] += entry.key

    # A care function is in "now" when capacity applies, a place is occupied or a youth
    # waits: ``occupied`` and ``waiting_days`` only hold keys with at least one.
    now: defaultdict[str, dict[str, Any]] = defaultdict(dict)
    for region, care_function in sorted(has_capacity | set(occupied) | set(waiting_days)):
        key = (region, care_function)
        places, in_use, days = declared[key], occupied[key], waiting_days[key]
        now[region][care_function] = {
            "places_declared": places,
            "occupied": in_use,
            "free": max(0, places - in_use),
            "occupancy_pct": _percent_half_up(in_use, places) if places else None,
            "base_availability": base[key],
            "shortfall": max(0, base[key] - places),
            "waiting_now": len(days),
            "waiting_days_median": _nearest_rank(days, 50),
            "waiting_days_p90": _nearest_rank(days, 90),
            "occupied_key": occupied_key[key] % KEYS_MOD,
            "waiting_key": waiting_key[key] % KEYS_MOD,
        }
    return dict(now)


def _daily(cases: Cases) -> dict[str, dict[str, Any]]:
    # Entries are made only when something is counted, so no zero appears.
    daily: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def count(region: str, care_function: str, on: date, measure: str, key: int) -> None:
        values = daily.setdefault(region, {}).setdefault(care_function, {})
        day = values.setdefault(on.isoformat(), {})
        day[measure] = day.get(measure, 0) + 1
        day[measure + "_key"] = (day.get(measure + "_key", 0) + key) % KEYS_MOD

    def discharge(stay: Stay, on: date, destination: str) -> None:
        values = daily.setdefault(stay.provider_region, {}).setdefault(stay.care_function, {})
        day = values.setdefault(on.isoformat(), {})
        per_destination = day.setdefault("discharges", {})
        per_destination[destination] = per_destination.get(destination, 0) + 1
        keys = day.setdefault("discharges_key", {})
        keys[destination] = (keys.get(destination, 0) + stay.key) % KEYS_MOD

    for entry in cases.entries:
        count(entry.home_region, entry.care_function, entry.registered, "registrations", entry.key)
    for refusal in cases.refusals:
        count(refusal.region, refusal.care_function, refusal.day, "refusals", refusal.key)
    for stay in cases.stays:
        starts = {
            "placements": True,
            "replacements": stay.replacement,
            "non_contracted": not stay.contracted,
            "placements_17_plus": stay.age_band in AGE_17_PLUS,
        }
        for measure, applies in starts.items():
            if applies:
                count(stay.provider_region, stay.care_function, stay.started, measure, stay.key)
        if stay.turned_18_on is not None:
            on = stay.turned_18_on
            count(stay.provider_region, stay.care_function, on, "transitions_18", stay.key)
        if stay.ended is not None:
            assert stay.destination is not None
            discharge(stay, stay.ended, stay.destination)
    return daily


def _flow_matrix(stays: list[Stay], as_of: dict[str, date]) -> dict[str, dict[str, Any]]:
    """Provider region -> home region -> stays open as of the provider region, and starts."""
    flows: dict[str, dict[str, Any]] = {}
    for stay in sorted(stays, key=lambda s: (s.provider_region, s.home_region, s.started)):
        pair = flows.setdefault(stay.provider_region, {}).setdefault(
            stay.home_region, {"open": 0, "open_key": 0, "started": {}, "started_key": {}}
        )
        if _is_open_stay(stay, as_of[stay.provider_region]):
            pair["open"] += 1
            pair["open_key"] = (pair["open_key"] + stay.key) % KEYS_MOD
        started = stay.started.isoformat()
        pair["started"][started] = pair["started"].get(started, 0) + 1
        pair["started_key"][started] = (pair["started_key"].get(started, 0) + stay.key) % KEYS_MOD
    return flows


def _anomalies(cases: Cases) -> defaultdict[str, Counter[str]]:
    anomalies: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for anomaly in cases.anomalies:
        anomalies[anomaly.region][anomaly.kind] += 1
    return anomalies


def _percent_half_up(part: int, whole: int) -> float:
    """100 * part / whole rounded half up to one decimal, via Decimal: no binary error."""
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
