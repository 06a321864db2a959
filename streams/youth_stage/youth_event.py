"""What the trajectory stage keeps of one person event: the fields the definitions read.

A decoded record carries much the figures never use (report time, source, key version,
referrer, ...). Keeping only this flat tuple makes a youth's state small in RocksDB and
cheap to load; a tuple is also far cheaper to build and compare than a model. Nothing
identifying is kept: the youth's pseudonym is the table key, not part of the value.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from schemas.person_events import PERSON_EVENT_TYPES
from streams.youth_stage.event_time import epoch_micros, event_date
from streams.youth_stage.location_region import location_region

PERSON_EVENT_NAMES = frozenset(event_type.avro_name for event_type in PERSON_EVENT_TYPES)


class YouthEvent(NamedTuple):
    """One person event, flattened; fields an event type lacks are None."""

    event_id: str
    name: str  # the event type (Avro record name)
    day: date  # event date (Europe/Amsterdam)
    at: int  # occurred_at in microseconds since 1970, UTC
    age_band: str
    home_region: str
    municipality: str  # of residence (streams.youth_stage.residents)
    care_function: str | None
    provider_agb: str | None
    provider_location: str | None
    contracted: bool | None
    registration_ref: str | None
    placement_ref: str | None
    assignment_ref: str | None
    decision: str | None  # AssignmentDecided
    status: str | None  # WaitingListStatusChanged
    reason: str | None  # WaitingListRemoved (and the retraction reason of EventRetracted)
    end_reason: str | None  # PlacementEnded
    destination: str | None  # PlacementEnded
    retracted_event_id: str | None  # EventRetracted
    legal_framework: str | None  # of the care; None for a retraction (streams.youth_stage.justice)
    # A location that is one household travels as its region only (schemas.records.Care).
    # Last, with a default: a row stored before it existed reads as None.
    provider_region: str | None = None


def keep(name: str, record: Mapping[str, Any]) -> YouthEvent:
    """The kept part of a record as ``schemas.codec.decode_record`` returns it."""
    if name not in PERSON_EVENT_NAMES:
        raise ValueError(f"{name} is not a person event")
    envelope = record["envelope"]
    youth = record["youth"]
    care = record.get("care") or {}
    occurred_at = envelope["occurred_at"]
    return YouthEvent(
        envelope["event_id"],
        name,
        event_date(occurred_at),
        epoch_micros(occurred_at),
        youth["age_band"],
        youth["home_region"],
        youth["municipality"],
        care.get("care_function"),
        care.get("provider_agb"),
        care.get("provider_location"),
        care.get("contracted"),
        record.get("registration_ref"),
        record.get("placement_ref"),
        record.get("assignment_ref"),
        record.get("decision"),
        record.get("status"),
        record.get("reason"),
        record.get("end_reason"),
        record.get("destination"),
        record.get("retracted_event_id"),
        care.get("legal_framework"),
        care.get("provider_region"),
    )


def to_row(event: YouthEvent) -> list[Any]:
    """JSON-able: the tuple's values in order, the date as ISO text."""
    row: list[Any] = list(event)
    row[2] = event.day.isoformat()
    return row


def from_row(row: list[Any]) -> YouthEvent:
    """The inverse of :func:`to_row`."""
    return YouthEvent(row[0], row[1], date.fromisoformat(row[2]), *row[3:])


def care_function_of(event: YouthEvent) -> str:
    """The care function of an event that has care (every person event but a retraction)."""
    assert event.care_function is not None, f"a {event.name} has no care"
    return event.care_function


def provider_region_of(event: YouthEvent) -> str | None:
    """The region of the event's provider location (of a household: the region it
    carries instead); None when the event names neither."""
    if event.provider_location is None:
        return event.provider_region
    # The contract allows a location only together with its provider's AGB code.
    assert event.provider_agb is not None
    return location_region(event.provider_agb, event.provider_location)
