"""Every event type of the contract, and where each one travels."""

from schemas.aggregates import RegionFiguresPublished
from schemas.capacity_events import CAPACITY_EVENT_TYPES, CapacityEvent
from schemas.deadletter import DeadLetter
from schemas.feeds import FeedRelease
from schemas.person_events import PERSON_EVENT_TYPES, PersonEvent
from schemas.records import Record
from schemas.topics import CAPACITY, CARE_EVENTS, JUSTICE_EVENTS

Event = PersonEvent | CapacityEvent

EVENT_TYPES: tuple[type[Record], ...] = (*PERSON_EVENT_TYPES, *CAPACITY_EVENT_TYPES)
# Everything the codec writes: events, dead letters of rejected input, published figures
# and the feeds' releases.
RECORD_TYPES: tuple[type[Record], ...] = (
    *EVENT_TYPES,
    DeadLetter,
    RegionFiguresPublished,
    FeedRelease,
)
RECORD_TYPES_BY_NAME: dict[str, type[Record]] = {model.avro_name: model for model in RECORD_TYPES}
EVENT_TYPES_BY_NAME: dict[str, type[Record]] = {model.avro_name: model for model in EVENT_TYPES}


def topic_for(event: Event, *, justice: bool = False) -> str:
    """Capacity, general person events, or justice data (which the edge tells apart)."""
    if not isinstance(event, PersonEvent):
        return CAPACITY
    return JUSTICE_EVENTS if justice else CARE_EVENTS
