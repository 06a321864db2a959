"""Capacity, keyed by location: a location's state is the set of its capacity events.

As with youths, the state keeps each event once (by ``event_id``) and the figures are
computed from the whole set (DEFINITIONS.md "Per region x care function, now").

Readings where DEFINITIONS.md leaves room:

- The declaration that counts is the latest by (event date, event_id), as written; the
  other orderings (base availability, changes) are the person-event order (event date,
  occurred_at, event_id).
- A ``PlacesChanged`` counts when its event date is strictly after the declaration's
  event date: a change on the declaration's own day is taken to be in it already.
- Changes apply one by one in event order, each clamped at 0 (closing 5 of 2 places and
  then opening 3 leaves 3).
- Only ``valid_from`` decides whether a declaration applies as of a date, and only the
  period whether an agreement does, as written; with the default as-of (the latest event
  date of the region) every event is dated on or before it anyway.
- Without an applicable declaration a location has no declared places for the care
  function (changes need a declaration to change); a care function appears in the result
  when a declaration or an agreement applies.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from schemas.capacity_events import (
    CAPACITY_EVENT_TYPES,
    BaseAvailabilityAgreed,
    PlacesChanged,
    PlacesDeclared,
)
from schemas.vocabulary import PlacesChange
from streams.youth_stage.event_time import epoch_micros, event_date

CAPACITY_EVENT_NAMES = frozenset(event_type.avro_name for event_type in CAPACITY_EVENT_TYPES)
DECLARED = PlacesDeclared.avro_name
AGREED = BaseAvailabilityAgreed.avro_name
CHANGED = PlacesChanged.avro_name
OPENED = PlacesChange.OPENED


class CapacityEvent(NamedTuple):
    """The kept part of one capacity event; fields its type lacks are None."""

    event_id: str
    name: str
    day: date
    at: int  # occurred_at in microseconds since 1970, UTC
    care_function: str
    places: int
    valid_from: date | None  # PlacesDeclared, BaseAvailabilityAgreed
    valid_until: date | None  # BaseAvailabilityAgreed
    change: str | None  # PlacesChanged


@dataclass(frozen=True, slots=True)
class LocationState:
    """A location's region and the kept part of each of its capacity events, by id."""

    region: str | None = None  # None only before the first event
    events: Mapping[str, CapacityEvent] = field(default_factory=dict)


def add_capacity_event(state: LocationState, name: str, record: Mapping[str, Any]) -> LocationState:
    """The state with one more event; the same state when the event id is known already."""
    if name not in CAPACITY_EVENT_NAMES:
        raise ValueError(f"{name} is not a capacity event")
    envelope = record["envelope"]
    event_id = envelope["event_id"]
    if event_id in state.events:
        return state
    occurred_at = envelope["occurred_at"]
    event = CapacityEvent(
        event_id,
        name,
        event_date(occurred_at),
        epoch_micros(occurred_at),
        record["care_function"],
        record["places"],
        record.get("valid_from"),
        record.get("valid_until"),
        record.get("change"),
    )
    return LocationState(record["location"]["region"], {**state.events, event_id: event})


def latest_day(state: LocationState) -> date | None:
    """The latest event date of the location: its part in its region's as-of."""
    return max((event.day for event in state.events.values()), default=None)


def capacity_as_of(state: LocationState, as_of: date) -> dict[str, tuple[int, int]]:
    """Per care function: (declared places, base availability) at the end of ``as_of``."""
    by_function: dict[str, list[CapacityEvent]] = {}
    for event in sorted(state.events.values(), key=lambda event: (event.at, event.event_id)):
        by_function.setdefault(event.care_function, []).append(event)
    result = {}
    for care_function, events in by_function.items():
        declared = _declared(events, as_of)
        base = _base_availability(events, as_of)
        if declared is not None or base is not None:
            result[care_function] = (declared or 0, base or 0)
    return result


def _declared(events: list[CapacityEvent], as_of: date) -> int | None:
    declarations = [
        event
        for event in events
        if event.name == DECLARED and event.valid_from is not None and event.valid_from <= as_of
    ]
    if not declarations:
        return None
    declaration = max(declarations, key=lambda event: (event.day, event.event_id))
    places = declaration.places
    for event in events:
        if event.name == CHANGED and declaration.day < event.day <= as_of:
            places = (
                places + event.places if event.change == OPENED else max(0, places - event.places)
            )
    return places


def _base_availability(events: list[CapacityEvent], as_of: date) -> int | None:
    """The places of the last agreement (events are in order) whose period holds as_of."""
    places = None
    for event in events:
        if (
            event.name == AGREED
            and event.valid_from is not None
            and event.valid_from <= as_of
            and (event.valid_until is None or as_of <= event.valid_until)
        ):
            places = event.places
    return places


def location_state_to_bytes(state: LocationState) -> bytes:
    """Compact JSON, events sorted by id: equal states give equal bytes."""
    rows = [_to_row(state.events[event_id]) for event_id in sorted(state.events)]
    return json.dumps({"region": state.region, "events": rows}, separators=(",", ":")).encode()


def location_state_from_bytes(data: bytes) -> LocationState:
    """The inverse of :func:`location_state_to_bytes`."""
    stored = json.loads(data)
    events = (_from_row(row) for row in stored["events"])
    return LocationState(stored["region"], {event.event_id: event for event in events})


def _to_row(event: CapacityEvent) -> list[Any]:
    return [
        event.event_id,
        event.name,
        event.day.isoformat(),
        event.at,
        event.care_function,
        event.places,
        None if event.valid_from is None else event.valid_from.isoformat(),
        None if event.valid_until is None else event.valid_until.isoformat(),
        event.change,
    ]


def _from_row(row: list[Any]) -> CapacityEvent:
    return CapacityEvent(
        row[0],
        row[1],
        date.fromisoformat(row[2]),
        row[3],
        row[4],
        row[5],
        None if row[6] is None else date.fromisoformat(row[6]),
        None if row[7] is None else date.fromisoformat(row[7]),
        row[8],
    )
