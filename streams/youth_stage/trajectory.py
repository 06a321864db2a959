"""Stage 1, keyed by youth pseudonym: a youth's state is the set of its events.

The state keeps every event once (by ``event_id``), retractions and retracted events
included: a retraction may arrive before the event it retracts, and a void after the
events it voids. Adding an event is therefore idempotent and commutative, and
:func:`derive` computes the facts from the whole set (or one part of it,
``streams.youth_stage.justice``) every time (DEFINITIONS.md "Input" and "Exactness").

Cost: ``derive`` sorts the youth's events once and then makes a few linear passes; only
re-placement compares a stay with the youth's earlier stays (a handful).
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemas.aggregates import provider_part
from streams.youth_stage.counted import RETRACTED, counted_events
from streams.youth_stage.stays import stays
from streams.youth_stage.waiting import waiting_list
from streams.youth_stage.youth_event import YouthEvent, from_row, keep, provider_region_of, to_row
from streams.youth_stage.youth_facts import Stay, WaitingEntry, YouthFacts


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


def remove_event(state: YouthState, event_id: str) -> YouthState:
    """The state without the event (erased, ``privacy.subjects``); the same state when
    it does not hold it."""
    if event_id not in state.events:
        return state
    return YouthState({key: event for key, event in state.events.items() if key != event_id})


def derive(events: Iterable[YouthEvent], replacement_window_days: int = 30) -> YouthFacts:
    """The waiting-list entries, refusals, stays, orphans and touched areas (regions,
    municipalities of residence, providers' parts of regions) of a set of one youth's events (all of
    them, or one part of ``streams.youth_stage.justice.split``)."""
    counted = counted_events(events)
    waiting = waiting_list(counted)
    placements, orphan_placement_events = stays(counted, waiting.entries, replacement_window_days)
    entries = tuple(waiting.entries.values())
    return YouthFacts(
        waiting_entries=entries,
        refusals=tuple(waiting.refusals),
        stays=placements,
        orphans=(*waiting.orphans, *orphan_placement_events),
        touched=_latest_dates(
            ((area, e.day) for e in counted for area in _regions_named(e)),
            ((entry.home_region, entry) for entry in entries),
            ((stay.provider_region, stay) for stay in placements),
        ),
        touched_municipalities=_latest_dates(
            ((e.municipality, e.day) for e in counted),
            ((entry.municipality, entry) for entry in entries),
            ((stay.municipality, stay) for stay in placements),
        ),
        touched_providers=_latest_dates(
            ((area, e.day) for e in counted for area in _provider_parts_named(e)),
            ((provider_part(entry.provider_agb, entry.home_region), entry) for entry in entries),
            ((provider_part(stay.provider_agb, stay.provider_region), stay) for stay in placements),
        ),
    )


@dataclass(frozen=True, slots=True)
class NamedAreas:
    regions: set[str]
    municipalities: set[str]
    provider_parts: set[str]


def areas_named(events: Iterable[YouthEvent]) -> NamedAreas:
    """Every area that a fact derived from any subset of the events can count in.

    Each fact counts in an area its own event names (the touched areas of :func:`derive`
    are built from the same two functions below), and retractions name none, so what
    :func:`derive` touches for any subset lies within these. Stage 1 tells them all when a
    youth changes (``streams.youth_stage.step``): an attempt that crashed before it stored
    the youth's state, or a worker that lost its partition, may have told one of them a
    contribution of a set this worker never held."""
    named = NamedAreas(set(), set(), set())
    for event in events:
        if event.name != RETRACTED:
            named.regions.update(area for area in _regions_named(event) if area is not None)
            named.municipalities.add(event.municipality)
            named.provider_parts.update(
                area for area in _provider_parts_named(event) if area is not None
            )
    return named


def _regions_named(event: YouthEvent) -> tuple[str, str | None]:
    return event.home_region, provider_region_of(event)


def _provider_parts_named(event: YouthEvent) -> Iterator[str | None]:
    for region in _regions_named(event):
        if region is not None:
            yield provider_part(event.provider_agb, region)


def _latest_dates(
    seen: Iterable[tuple[str | None, date]],
    entries: Iterable[tuple[str | None, WaitingEntry]],
    placements: Iterable[tuple[str | None, Stay]],
) -> dict[str, date]:
    """Per area, the latest date of a counted event that touches it (``seen``: events in
    order, so the last date written is the latest) or that closed an entry or ended a
    stay counted there (DEFINITIONS.md "as of"). Each pair is (area or None, what)."""
    touched: dict[str, date] = {}
    for area, day in seen:
        if area is not None:
            touched[area] = day
    changes = [(area, entry.closed) for area, entry in entries]
    for area, stay in placements:
        changes += [(area, stay.end), (area, stay.turned_18)]
    for area, changed in changes:
        if area is not None and changed is not None and changed > touched[area]:
            touched[area] = changed
    return touched


def youth_state_to_bytes(state: YouthState) -> bytes:
    """Compact JSON, events sorted by id: equal states give equal bytes."""
    rows = [to_row(state.events[event_id]) for event_id in sorted(state.events)]
    return json.dumps(rows, separators=(",", ":")).encode()


def youth_state_from_bytes(data: bytes) -> YouthState:
    """The inverse of :func:`youth_state_to_bytes`."""
    events = (from_row(row) for row in json.loads(data))
    return YouthState({event.event_id: event for event in events})
