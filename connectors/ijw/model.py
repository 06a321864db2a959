"""An iJw message as the hub reads it: header, client and the product blocks, typed.

Only what the hub uses is here; everything else in a message (gender, addresses,
relations, legal status, volumes, budgets, free text) is never read. Identifying values
are hidden from ``repr`` so that no debugger, log line or assertion message shows them.
"""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Generic, TypeVar

from connectors.ijw.codes import Delivery
from connectors.ijw.messages import MessageType
from connectors.ijw.reader import Part
from privacy.age import DateUse
from schemas.vocabulary import Referrer

B = TypeVar("B")


@dataclass(frozen=True)
class Header:
    message: MessageType
    sender: str  # Afzender: an AGB code, or a municipality code for JW301
    receiver: str  # Ontvanger: a municipality code, or an AGB code for JW301
    message_id: str  # BerichtIdentificatie/Identificatie: unique per sender and type (TR056)
    sent_on: date  # BerichtIdentificatie/Dagtekening
    xsd_versions: tuple[str, str]  # XsdVersie: basisschema, message schema

    @property
    def municipality(self) -> str:
        """The commissioning municipality, whichever side of the message it is on."""
        return self.receiver if self.message.sent_by_provider else self.sender

    @property
    def provider(self) -> str:
        return self.sender if self.message.sent_by_provider else self.receiver


@dataclass(frozen=True)
class Client:
    bsn: str = field(repr=False)  # as sent: the edge validates it
    birth_date: date = field(repr=False)
    birth_date_use: DateUse
    name: str = field(repr=False)  # the name parts joined; the edge drops it


@dataclass(frozen=True)
class Product:
    category: str  # two digits, national (JZ020)
    code: str | None  # regional: its meaning depends on the commissioning municipality


@dataclass(frozen=True)
class RequestedProduct:
    """JW315 AangevraagdProduct: care a provider asks the municipality to assign."""

    provider_reference: str = field(repr=False)  # ReferentieAanbieder
    product: Product
    requested_start: date  # ToewijzingIngangsdatum
    requested_end: date | None  # ToewijzingEinddatum
    referrer: Referrer  # Verwijzer/Type
    framework_contract: bool | None  # Raamcontract


@dataclass(frozen=True)
class AssignedProduct:
    """JW301 ToegewezenProduct: an assignment as the municipality decided it."""

    assignment_number: int = field(repr=False)  # ToewijzingNummer
    provider_reference: str | None = field(repr=False)  # ReferentieAanbieder
    product: Product
    decided_on: date  # Toewijzingsdatum
    decided_at: time  # Toewijzingstijd
    valid_from: date  # Ingangsdatum
    valid_until: date | None  # Einddatum
    change_reason: str | None  # RedenWijziging


@dataclass(frozen=True)
class StartedProduct:
    """JW305 StartProduct: delivery began (or, with status 3, an earlier start is deleted)."""

    assignment_number: int | None = field(repr=False)  # absent in the task-based variant
    product: Product
    begin: date  # Begindatum
    delivery: Delivery  # StatusAanlevering


@dataclass(frozen=True)
class StoppedProduct:
    """JW307 StopProduct: delivery ended or was interrupted (or a stop is deleted)."""

    assignment_number: int | None = field(repr=False)
    product: Product
    begin: date  # the Begindatum of the start being stopped (TR382)
    stop_reason: str  # RedenBeeindiging
    end: date  # Einddatum
    delivery: Delivery


@dataclass(frozen=True)
class Block(Generic[B]):
    label: str  # e.g. "StartProduct 2": the element and its 1-based place in the message
    path: str  # e.g. "Client/StartProducten/StartProduct[2]"
    part: Part[B]


@dataclass(frozen=True)
class Message(Generic[B]):
    header: Header
    client: Client
    blocks: tuple[Block[B], ...]  # in document order


class WaitingListRequest(Message[RequestedProduct]):
    """JW315 Verzoek om toewijzing."""


class Assignment(Message[AssignedProduct]):
    """JW301 Toewijzing."""


class CareStart(Message[StartedProduct]):
    """JW305 Start jeugdhulp."""


class CareStop(Message[StoppedProduct]):
    """JW307 Stop jeugdhulp."""


IjwMessage = WaitingListRequest | Assignment | CareStart | CareStop
