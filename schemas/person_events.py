"""Events about one youth, partitioned by the youth's pseudonym on the person-event topics
(the message key adds the event id, so that one event can be erased).

Each class is one Avro record type (``schemas/avro/<Name>.avsc``). References to a case
(registration, assignment, placement) are keyed-hash pseudonyms too: an assignment number
or a provider's own reference can identify a case.
"""

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from schemas.records import Care, Envelope, EventId, PseudonymValue, Record, Youth
from schemas.vocabulary import (
    AssignmentDecision,
    Destination,
    EndReason,
    Referrer,
    RefusalReason,
    RemovalReason,
    RetractionReason,
    WaitingStatus,
)

CaseRef = Annotated[PseudonymValue, Field(description="pseudonymised case reference")]
SUBJECT_SEPARATOR = b"/"  # in a message key, between the youth's pseudonym and the event id


def message_key_for(subject: str, event_id: str) -> str:
    """The Kafka message key of one event of a subject: ``<pseudonym>/<event id>``."""
    return f"{subject}{SUBJECT_SEPARATOR.decode()}{event_id}"


def subject_of(message_key: bytes) -> bytes:
    """The subject of a message key on an event topic: the youth's pseudonym (a person
    event's key, or a key written before keys named the event), or the location (capacity
    keys have no separator)."""
    return message_key.partition(SUBJECT_SEPARATOR)[0]


def event_id_of(message_key: bytes) -> str | None:
    """The event id a person event's message key names; None for a key without one."""
    _, separator, event_id = message_key.partition(SUBJECT_SEPARATOR)
    return event_id.decode() if separator else None


IjwCode = Annotated[str, Field(pattern=r"^\d{2}$", description="two-digit iJw code")]


class PersonEvent(Record):
    """Fields every person event has."""

    envelope: Envelope
    youth: Youth

    @property
    def key(self) -> str:
        """The partitioning key: all events of one youth stay ordered in one partition."""
        return self.youth.pseudonym

    @property
    def message_key(self) -> str:
        """The Kafka message key: ``<youth pseudonym>/<event id>``.

        One key per event, so the compacted event topics keep every event, and a
        tombstone under this key erases exactly this one (``privacy.subjects``). The
        publisher partitions by the pseudonym before the separator (``subject_of``).
        """
        return message_key_for(self.key, self.envelope.event_id)


class WaitingListRegistered(PersonEvent):
    """A request for care: the youth enters a waiting list (iJw JW315)."""

    avro_name: ClassVar[str] = "WaitingListRegistered"
    care: Care
    registration_ref: CaseRef
    requested_start: date | None = None
    requested_end: date | None = None
    referrer: Referrer | None = None
    framework_contract: bool | None = Field(
        default=None, description="the provider invokes a national framework contract"
    )


class AssignmentDecided(PersonEvent):
    """The municipality granted, changed or voided an assignment (iJw JW301)."""

    avro_name: ClassVar[str] = "AssignmentDecided"
    care: Care
    decision: AssignmentDecision
    assignment_ref: CaseRef
    registration_ref: CaseRef | None = None
    valid_from: date
    valid_until: date | None = None
    change_reason: IjwCode | None = Field(default=None, description="iJw RedenWijziging")

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until lies before valid_from")
        return self


class WaitingListStatusChanged(PersonEvent):
    """Intake, offer, an offer refused by a provider, or assigned."""

    avro_name: ClassVar[str] = "WaitingListStatusChanged"
    care: Care
    registration_ref: CaseRef
    status: WaitingStatus
    refusal_reason: RefusalReason | None = None

    @model_validator(mode="after")
    def _refusal_has_reason(self) -> Self:
        refused = self.status == WaitingStatus.OFFER_REFUSED
        if refused and self.refusal_reason is None:
            raise ValueError("refusal_reason is required when status is OFFER_REFUSED")
        if not refused and self.refusal_reason is not None:
            raise ValueError("refusal_reason is only allowed when status is OFFER_REFUSED")
        return self


class WaitingListRemoved(PersonEvent):
    """The youth leaves the waiting list: placed, withdrawn or referred elsewhere."""

    avro_name: ClassVar[str] = "WaitingListRemoved"
    care: Care
    registration_ref: CaseRef
    reason: RemovalReason


class PlacementStarted(PersonEvent):
    """A placement (residential, crisis, closed, ...) began (iJw JW305)."""

    avro_name: ClassVar[str] = "PlacementStarted"
    care: Care
    placement_ref: CaseRef
    assignment_ref: CaseRef | None = None
    registration_ref: CaseRef | None = None


class PlacementSuspended(PersonEvent):
    """A temporary interruption, resumption expected (iJw stop reason 20)."""

    avro_name: ClassVar[str] = "PlacementSuspended"
    care: Care
    placement_ref: CaseRef


class PlacementResumed(PersonEvent):
    """A suspended placement continues."""

    avro_name: ClassVar[str] = "PlacementResumed"
    care: Care
    placement_ref: CaseRef


class PlacementEnded(PersonEvent):
    """Discharge (iJw JW307): why, and where to when the source knows."""

    avro_name: ClassVar[str] = "PlacementEnded"
    care: Care
    placement_ref: CaseRef
    end_reason: EndReason
    ijw_end_reason: IjwCode | None = Field(default=None, description="iJw RedenBeeindiging")
    destination: Destination = Destination.UNKNOWN


class EventRetracted(PersonEvent):
    """An earlier event is withdrawn; consumers undo its effect."""

    avro_name: ClassVar[str] = "EventRetracted"
    retracted_event_id: EventId
    reason: RetractionReason


PERSON_EVENT_TYPES: tuple[type[PersonEvent], ...] = (
    WaitingListRegistered,
    AssignmentDecided,
    WaitingListStatusChanged,
    WaitingListRemoved,
    PlacementStarted,
    PlacementSuspended,
    PlacementResumed,
    PlacementEnded,
    EventRetracted,
)
