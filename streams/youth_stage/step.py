"""Stage 1's step for one subject (a youth or a location): stored state and newly
arrived messages in, the new stored state and what each region must hear out.

Pure functions over bytes, so the faust wiring (``streams.worker.app``) only moves bytes between
topics and tables, and tests run the exact step without Kafka. A step returns None when
the arrivals change nothing (all already in the set): a replay after a restart costs a
byte search per message, no decoding.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from connectors.publisher import EVENT_ID_HEADER
from schemas.codec import decode_record
from schemas.person_events import event_id_of
from schemas.restriction import ProcessingRestricted
from streams.messages import (
    JUSTICE,
    LOCATION,
    PROVIDERS,
    RESIDENTS,
    YOUTH,
    YOUTH_KINDS,
    RegionMessage,
)
from streams.regional import RegionContribution, contribution_to_bytes, contributions
from streams.youth_stage.capacity import (
    LocationState,
    add_capacity_event,
    location_state_from_bytes,
    location_state_to_bytes,
)
from streams.youth_stage.event_time import epoch_micros, event_date
from streams.youth_stage.justice import split
from streams.youth_stage.providers import as_provider_parts
from streams.youth_stage.record_key import record_key
from streams.youth_stage.residents import as_residents
from streams.youth_stage.trajectory import (
    YouthState,
    add_event,
    areas_named,
    derive,
    remove_event,
)
from streams.youth_stage.youth_event import YouthEvent
from streams.youth_stage.youth_store import pack_youth, unpack_youth

RESTRICTED = ProcessingRestricted.avro_name


@dataclass(frozen=True, slots=True)
class Arrival:
    """One Kafka message of the subject: its key, headers and Avro value (None: a
    tombstone, the erasure of the event its key names)."""

    key: bytes
    headers: Sequence[tuple[str, bytes]]
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Step:
    stored: bytes  # the subject's new table value; empty: remove the subject
    messages: list[tuple[str, RegionMessage]]  # (region, message), in region order


def youth_step(
    youth: str, stored: bytes | None, arrivals: Iterable[Arrival], replacement_window_days: int
) -> Step | None:
    """Add the arrivals to the youth's set (remove the events of tombstones); tell every
    area (region, municipality or provider's part of a region) it touched, touches now or
    might have touched its new whole contributions of each kind (an empty one where it
    touches the area no more, or never did). Might have: an area that the events of the
    set or of this step name (``trajectory.areas_named``), which an earlier attempt at
    these arrivals may have told. A youth left without events is removed: the step's
    ``stored`` is empty."""
    fresh = [
        arrival
        for arrival in arrivals
        if arrival.value is None or not (stored and _known(arrival, stored))
    ]
    if not fresh:
        return None
    told, state = unpack_youth(stored)
    new_state = state
    added: list[YouthEvent] = []  # also those a later arrival of the step erases
    for arrival in fresh:
        if arrival.value is None:
            new_state = _erased(new_state, arrival.key)
        else:
            name, record = decode_record(arrival.value)
            new_state = _added(new_state, name, record)
            added.append(new_state.events[record["envelope"]["event_id"]])
    if new_state is state:
        return None  # resubmissions without an event-id header, tombstones of unknown events
    new = youth_contributions(youth, new_state, replacement_window_days)
    named = _areas_named(chain(state.events.values(), added))
    messages = [
        (region, RegionMessage(kind, youth, contribution_to_bytes(new[kind][region])))
        if region in new[kind]
        else (region, RegionMessage(kind, youth, b""))
        for region, kind in sorted(
            (region, kind)
            for kind in YOUTH_KINDS
            for region in told.get(kind, set()) | new[kind].keys() | named[kind]
        )
    ]
    if not new_state.events:
        return Step(b"", messages)  # erased: nothing of the youth stays in the table
    return Step(pack_youth({kind: set(new[kind]) for kind in YOUTH_KINDS}, new_state), messages)


def _added(state: YouthState, name: str, record: dict[str, Any]) -> YouthState:
    """The state with the event, or with a restriction marker (``schemas.restriction``):
    kept as a row of the set like an event (so a replay knows it by its id, and its
    tombstone removes it), of its id, name and time alone."""
    if name != RESTRICTED:
        return add_event(state, name, record)
    envelope = record["envelope"]
    if envelope["event_id"] in state.events:
        return state
    at = envelope["occurred_at"]
    marker = YouthEvent(
        envelope["event_id"], RESTRICTED, event_date(at), epoch_micros(at), "", "", "",
        *(None,) * 14,
    )  # fmt: skip
    return YouthState({**state.events, marker.event_id: marker})


def _erased(state: YouthState, message_key: bytes) -> YouthState:
    event_id = event_id_of(message_key)
    return state if event_id is None else remove_event(state, event_id)


def youth_contributions(
    youth: str, state: YouthState, replacement_window_days: int
) -> dict[bytes, dict[str, RegionContribution]]:
    """Per message kind, the youth's contribution to each area: the facts of each part of
    its events derived apart (DEFINITIONS.md "Justice data"), the general part also per
    municipality of residence (``streams.youth_stage.residents``) and per provider's part of a
    region (``streams.youth_stage.providers``). A youth whose set holds a restriction marker
    contributes nothing anywhere (DEFINITIONS.md "Restriction"): its contributions are
    withdrawn as if its events were erased, and come back when the marker is."""
    if any(event.name == RESTRICTED for event in state.events.values()):
        return {kind: {} for kind in (YOUTH, JUSTICE, RESIDENTS, PROVIDERS)}
    parts = split(state.events.values())
    key = record_key(youth)
    general = derive(parts.general, replacement_window_days)
    return {
        YOUTH: contributions(general, key),
        JUSTICE: contributions(derive(parts.justice, replacement_window_days), key),
        RESIDENTS: contributions(as_residents(general), key),
        PROVIDERS: contributions(as_provider_parts(general), key),
    }


def _areas_named(events: Iterable[YouthEvent]) -> dict[bytes, set[str]]:
    """Per message kind, the areas the events name, each kind from its own part as
    :func:`youth_contributions` derives it (a restriction marker names none)."""
    parts = split(event for event in events if event.name != RESTRICTED)
    general = areas_named(parts.general)
    return {
        YOUTH: general.regions,
        JUSTICE: areas_named(parts.justice).regions,
        RESIDENTS: general.municipalities,
        PROVIDERS: general.provider_parts,
    }


def location_step(location: str, stored: bytes | None, arrivals: Iterable[Arrival]) -> Step | None:
    """Add the arrivals to the location's set; its region gets the whole new state."""
    state = location_state_from_bytes(stored) if stored else LocationState()
    new_state = state
    for arrival in arrivals:
        if arrival.value is None:
            raise ValueError("capacity is never erased: a tombstone on the capacity topic")
        new_state = add_capacity_event(new_state, *decode_record(arrival.value))
    if new_state is state or new_state.region is None:
        return None
    body = location_state_to_bytes(new_state)
    return Step(body, [(new_state.region, RegionMessage(LOCATION, location, body))])


def _known(arrival: Arrival, stored: bytes) -> bool:
    """Whether the stored youth already holds the message's event, without decoding.

    The publisher puts the event id in a header; each event of the stored state is a row
    that starts with its id (``streams.youth_stage.trajectory``), so a replayed event is recognised
    by a byte search instead of decoding both the Avro message and the youth's state.
    """
    for name, value in arrival.headers or ():
        if name == EVENT_ID_HEADER:
            return b'["' + value + b'"' in stored
    return False


def arrivals_of(messages: Iterable[Any]) -> list[Arrival]:
    """Arrivals from faust or aiokafka messages (anything with key, headers and value)."""
    return [Arrival(message.key, message.headers or (), message.value) for message in messages]
