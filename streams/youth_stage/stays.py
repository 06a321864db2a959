"""Stays (placements) of one youth and their orphan placement events.

Readings where DEFINITIONS.md leaves room:

- Starts sharing a ``placement_ref`` are one stay: the first (in event order) defines it;
  later ones count nowhere (and are no orphans).
- A ``PlacementEnded`` dated before its start closes nothing and is no orphan (the start
  exists); it counts nowhere.
- Re-placement: the candidates are the other closed stays that started earlier in event
  order and ended on or before this start; "the most recent" is the one whose end event
  is last in event order. A missing provider AGB is a value like any other: None differs
  from an AGB code, and two None are the same provider.
- Turned 18, open stay: "the latest event of that stay" is the last counted event
  carrying its ``placement_ref`` (its start, a duplicate start, a suspension or a
  resumption; an end before the start comes before the start anyway).
"""

from collections.abc import Mapping, Sequence

from schemas.person_events import (
    PlacementEnded,
    PlacementResumed,
    PlacementStarted,
    PlacementSuspended,
)
from schemas.vocabulary import AgeBand
from streams.youth_stage.youth_event import YouthEvent, care_function_of, provider_region_of
from streams.youth_stage.youth_facts import ORPHAN_DISCHARGE, Orphan, Stay, WaitingEntry

STARTED = PlacementStarted.avro_name
ENDED = PlacementEnded.avro_name
AFTER_START = frozenset({ENDED, PlacementSuspended.avro_name, PlacementResumed.avro_name})
ADULT = frozenset({AgeBand.AGE_18_PLUS, AgeBand.AGE_18_22, AgeBand.AGE_23_PLUS})
UNDER_18 = frozenset(
    {
        AgeBand.AGE_0_16,
        AgeBand.AGE_0_3,
        AgeBand.AGE_4_11,
        AgeBand.AGE_12_15,
        AgeBand.AGE_16,
        AgeBand.AGE_17,
    }
)


def stays(
    events: Sequence[YouthEvent],
    entries: Mapping[str, WaitingEntry],
    replacement_window_days: int,
) -> tuple[tuple[Stay, ...], list[Orphan]]:
    """The stays, in order of their start, and the orphans, from counted events in order."""
    starts: dict[str, YouthEvent] = {}
    ends: dict[str, YouthEvent] = {}
    latest: dict[str, YouthEvent] = {}
    orphans: list[Orphan] = []
    for event in events:
        ref = event.placement_ref
        if ref is None:
            continue
        if event.name == STARTED:
            starts.setdefault(ref, event)
        latest[ref] = event

    # A second pass: an end may come before its start in event order (then it is no
    # closing end, but it is no orphan either), so every start must be known first.
    for event in events:
        ref = event.placement_ref
        if ref is None or event.name not in AFTER_START:
            continue
        start = starts.get(ref)
        if start is None:
            orphans.append(
                Orphan(ORPHAN_DISCHARGE, event.home_region, event.municipality, event.provider_agb)
            )
        elif event.name == ENDED and ref not in ends and event.day >= start.day:
            ends[ref] = event

    closed = [(ends[ref], starts[ref]) for ref in ends]
    result = []
    for ref, start in starts.items():
        end = ends.get(ref)
        result.append(
            _stay(
                start,
                end,
                end or latest[ref],
                _waited_days(start, entries),
                _is_replacement(start, closed, replacement_window_days),
            )
        )
    return tuple(result), orphans


def _stay(
    start: YouthEvent,
    end: YouthEvent | None,
    last: YouthEvent,
    waited_days: int | None,
    replacement: bool,
) -> Stay:
    assert start.placement_ref is not None
    provider_region = provider_region_of(start) or start.home_region
    turned_18 = last.day if start.age_band in UNDER_18 and last.age_band in ADULT else None
    return Stay(
        placement_ref=start.placement_ref,
        care_function=care_function_of(start),
        provider_agb=start.provider_agb,
        location=start.provider_location,
        contracted=start.contracted is not False,
        provider_region=provider_region,
        home_region=start.home_region,
        municipality=start.municipality,
        age_band=start.age_band,
        start=start.day,
        end=None if end is None else end.day,
        end_reason=None if end is None else end.end_reason,
        destination=None if end is None else end.destination,
        waited_days=waited_days,
        inter_regional=provider_region != start.home_region,
        replacement=replacement,
        turned_18=turned_18,
    )


def _waited_days(start: YouthEvent, entries: Mapping[str, WaitingEntry]) -> int | None:
    ref = start.registration_ref
    entry = None if ref is None else entries.get(ref)
    return None if entry is None else (start.day - entry.registered).days


def _is_replacement(
    start: YouthEvent, closed: Sequence[tuple[YouthEvent, YouthEvent]], window_days: int
) -> bool:
    """Whether ``start`` follows the most recent earlier closed stay within the window at a
    different provider. A youth has few stays, so a scan is cheaper than an index."""
    order = (start.at, start.event_id)
    previous: tuple[YouthEvent, YouthEvent] | None = None
    for end, other in closed:
        if end.day > start.day or (other.at, other.event_id) >= order:
            continue
        if previous is None or (end.at, end.event_id) > (previous[0].at, previous[0].event_id):
            previous = (end, other)
    if previous is None:
        return False
    end, other = previous
    return (start.day - end.day).days <= window_days and other.provider_agb != start.provider_agb
