"""Stage 1, keyed by youth pseudonym: a youth's state is the set of its events.

The state keeps every event once (by ``event_id``), retractions and retracted events
included: a retraction may arrive before the event it retracts, and a void after the
events it voids. Adding an event is therefore idempotent and commutative, and
:func:`derive` computes the facts from the whole set (or one part of it,
``streams.justice``) every time, so duplicates, late and
out-of-order events give exactly the facts of the set (DEFINITIONS.md "Input").

Cost: ``derive`` sorts the youth's events once and then makes a few linear passes; only
re-placement compares a stay with the youth's earlier stays (a handful).
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from streams.counted import counted_events
from streams.stays import stays
from streams.waiting import waiting_list
from streams.youth_event import YouthEvent, from_row, keep, provider_region_of, to_row
from streams.youth_facts import Stay, WaitingEntry, YouthFacts


@dataclass(frozen=True, slots=True)
class YouthState:
    """The kept part of each of a youth's events, by event id."""

    events: Mapping[str, YouthEvent] = field(default_factory=dict)


def add_event(state: YouthState, name: str, record: Mapping[str, Any]) -> YouthState:
    """The state with one more event; the same state when the event id is known already
    (copies of an event are identical, so the first copy counts)."""
    event_id = record["envelope"]["event_id"]
    if event_id in state.events:
        return state
    return YouthState({**state.events, event_id: keep(name, record)})


def derive(events: Iterable[YouthEvent], replacement_window_days: int = 30) -> YouthFacts:
    """The waiting-list entries, refusals, stays, orphans and touched regions of a set of
    one youth's events (all of them, or one part of ``streams.justice.split``)."""
    counted = counted_events(events)
    waiting = waiting_list(counted)
    placements, orphan_placement_events = stays(counted, waiting.entries, replacement_window_days)
    entries = tuple(waiting.entries.values())
    return YouthFacts(
        waiting_entries=entries,
        refusals=tuple(waiting.refusals),
        stays=placements,
        orphans=(*waiting.orphans, *orphan_placement_events),
        touched=_touched(counted, entries, placements),
        touched_municipalities=_touched_municipalities(counted, entries, placements),
    )


def _touched(
    events: list[YouthEvent], entries: Iterable[WaitingEntry], placements: Iterable[Stay]
) -> dict[str, date]:
    """Per region, the latest date of a counted event with that home region or a provider
    location there (events are in order, so the last date written is the latest), or of
    an event that closed an entry or ended a stay counted there (DEFINITIONS.md "as of")."""
    touched: dict[str, date] = {}
    for event in events:
        touched[event.home_region] = event.day
        provider_region = provider_region_of(event)
        if provider_region is not None:
            touched[provider_region] = event.day
    changes = [(entry.home_region, entry.closed) for entry in entries]
    for stay in placements:
        changes += [(stay.provider_region, stay.end), (stay.provider_region, stay.turned_18)]
    return _moved_by(touched, changes)


def _touched_municipalities(
    events: list[YouthEvent], entries: Iterable[WaitingEntry], placements: Iterable[Stay]
) -> dict[str, date]:
    """As :func:`_touched`, per municipality of residence (``streams.residents``): an
    event touches its youth's municipality only."""
    touched = {event.municipality: event.day for event in events}
    changes = [(entry.municipality, entry.closed) for entry in entries]
    for stay in placements:
        changes += [(stay.municipality, stay.end), (stay.municipality, stay.turned_18)]
    return _moved_by(touched, changes)


def _moved_by(touched: dict[str, date], changes: list[tuple[str, date | None]]) -> dict[str, date]:
    """``touched`` with each area moved on to the date of a change of its counts."""
    for area, day in changes:
        if day is not None and day > touched[area]:
            touched[area] = day
    return touched


def youth_state_to_bytes(state: YouthState) -> bytes:
    """Compact JSON, events sorted by id: equal states give equal bytes."""
    rows = [to_row(state.events[event_id]) for event_id in sorted(state.events)]
    return json.dumps(rows, separators=(",", ":")).encode()


def youth_state_from_bytes(data: bytes) -> YouthState:
    """The inverse of :func:`youth_state_to_bytes`."""
    events = (from_row(row) for row in json.loads(data))
    return YouthState({event.event_id: event for event in events})
