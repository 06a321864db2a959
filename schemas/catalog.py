"""Every event type of the contract, and where each one travels."""

from schemas.aggregates import RegionFiguresPublished
from schemas.audit import AuditEntry
from schemas.capacity_events import CAPACITY_EVENT_TYPES, CapacityEvent
from schemas.deadletter import DeadLetter
from schemas.feeds import FeedRelease
from schemas.person_events import PERSON_EVENT_TYPES, PersonEvent
from schemas.records import Record
from schemas.registry import REGISTRY_ENTRY_TYPES
from schemas.restriction import ProcessingRestricted
from schemas.topics import CAPACITY, CARE_EVENTS, JUSTICE_EVENTS

Event = PersonEvent | CapacityEvent

EVENT_TYPES: tuple[type[Record], ...] = (*PERSON_EVENT_TYPES, *CAPACITY_EVENT_TYPES)
# Everything the codec writes: events, the hub's restriction markers (on the person-event
# topics, never from a source), dead letters of rejected input, published figures, the
# feeds' releases, the organisation registry and the audit trail.
RECORD_TYPES: tuple[type[Record], ...] = (
    *EVENT_TYPES,
    ProcessingRestricted,
    DeadLetter,
    RegionFiguresPublished,
    FeedRelease,
    *REGISTRY_ENTRY_TYPES,
    AuditEntry,
)
RECORD_TYPES_BY_NAME: dict[str, type[Record]] = {model.avro_name: model for model in RECORD_TYPES}
EVENT_TYPES_BY_NAME: dict[str, type[Record]] = {model.avro_name: model for model in EVENT_TYPES}


def topic_for(event: Event, *, justice: bool = False) -> str:
    """Capacity, general person events, or justice data (which the edge tells apart)."""
    if not isinstance(event, PersonEvent):
        return CAPACITY
    return JUSTICE_EVENTS if justice else CARE_EVENTS
