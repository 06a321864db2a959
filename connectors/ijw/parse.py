"""From the bytes of an iJw 3.2 message to its typed model (``connectors.ijw.model``).

The message type is told by the root element's namespace (the root is ``Bericht`` in all
four), then confirmed by ``Header/BerichtCode``, ``BerichtVersie`` 3 and
``BerichtSubversie`` 2. A problem in the XML, the root, the header or the client rejects
the message as a whole (:class:`IjwMessageError` problems); a problem in one product
block rejects only that block, and the other blocks are read on.

Beyond the XSD, the hub requires a Product in every block: without one it cannot tell
which care is meant. In JW315 and JW301 a Product is absent only for a budget-based
(generic) assignment; in JW305 and JW307 iJw would take it from the assignment with that
ToewijzingNummer, but the connector keeps no state and has no assignment table, so such
a block is kept for follow-up (a dead letter with rule HUB-FOLLOW-UP, replayable).
"""

from collections.abc import Callable
from typing import TypeVar

from connectors.ijw import codes
from connectors.ijw.errors import IjwMessageError
from connectors.ijw.hub_rules import FOLLOW_UP
from connectors.ijw.messages import BY_NAMESPACE, JW301, JW305, JW307, JW315, MessageType
from connectors.ijw.model import (
    AssignedProduct,
    Assignment,
    Block,
    CareStart,
    CareStop,
    Client,
    Header,
    IjwMessage,
    Product,
    RequestedProduct,
    StartedProduct,
    StoppedProduct,
    WaitingListRequest,
)
from connectors.ijw.reader import Part, Reader, read_part
from connectors.ijw.secure_xml import parse_xml
from connectors.ijw.values import (
    AGB_CODE,
    BSN,
    CATEGORY,
    DATE,
    MESSAGE_ID,
    MUNICIPALITY_CODE,
    NAME,
    NUMBER,
    PRODUCT_CODE,
    REFERENCE,
    TIME,
    VERSION,
    ValueType,
    choice,
    exactly,
)
from privacy.age import DateUse
from schemas.vocabulary import Referrer

B = TypeVar("B")
BlockReader = Callable[[Reader], B]

REFERRER = ValueType(choice(codes.REFERRERS), Referrer.SELF)
YES_NO = ValueType(choice(codes.YES_NO), False)
DATE_USE = ValueType(choice(codes.DATE_USES), DateUse.UNKNOWN)
DELIVERY = ValueType(choice(codes.DELIVERY, codes.DELIVERY_RULE), codes.Delivery.FIRST)
CHANGE_REASON = ValueType(choice(codes.CHANGE_REASONS, codes.CHANGE_REASON_RULE), "")
STOP_REASON = ValueType(choice(codes.STOP_REASONS), "")

_NO_BUDGET_PRODUCTS = "is missing; the hub cannot classify a budget-only (generic) product"
_NO_STATE = (
    "is missing (a generic assignment): the hub cannot tell which care started or stopped "
    "without it, so the block is kept for follow-up; send it again with the Product of "
    "the assignment"
)


def parse_message(data: bytes) -> Part[IjwMessage]:
    """The message in ``data``, or the problems that reject it as a whole.

    Block problems are not among those: they are in each block's own ``part``.
    """
    try:
        root = parse_xml(data)
    except IjwMessageError as refused:
        return Part(None, (refused,))
    namespace, _, name = root.tag.rpartition("}")
    message = BY_NAMESPACE.get(namespace.removeprefix("{"))
    if name != "Bericht" or message is None:
        reason = "is not the Bericht element of an iJw 3.2 JW301, JW305, JW307 or JW315 message"
        return Part(None, (IjwMessageError("Bericht", reason),))
    return read_part(
        root, "", message.namespace, lambda bericht: _message(bericht, message), IjwMessageError
    )


def _message(bericht: Reader, message: MessageType) -> IjwMessage:
    header = _header(bericht.section("Header"), message)
    client_section = bericht.section("Client")
    client = _client(client_section)

    def blocks(container: str, item: str, read: BlockReader[B]) -> tuple[Block[B], ...]:
        found = client_section.items(container, item)
        return tuple(
            Block(f"{item} {n}", path, read_part(element, path, message.namespace, read))
            for n, (path, element) in enumerate(found, 1)
        )

    if message is JW315:
        return WaitingListRequest(
            header, client, blocks("AangevraagdeProducten", "AangevraagdProduct", _requested)
        )
    if message is JW301:
        return Assignment(
            header, client, blocks("ToegewezenProducten", "ToegewezenProduct", _assigned)
        )
    if message is JW305:
        return CareStart(header, client, blocks("StartProducten", "StartProduct", _started))
    assert message is JW307, "BY_NAMESPACE holds these four only"
    return CareStop(header, client, blocks("StopProducten", "StopProduct", _stopped))


def _header(header: Reader, message: MessageType) -> Header:
    agb, municipality = AGB_CODE, MUNICIPALITY_CODE
    sender, receiver = (agb, municipality) if message.sent_by_provider else (municipality, agb)
    header.one("BerichtCode", ValueType(choice({message.code: message.code}), ""))
    header.one("BerichtVersie", ValueType(exactly(3, "CS025"), 3))
    header.one("BerichtSubversie", ValueType(exactly(2, "CS015"), 2))
    sender_code = header.one("Afzender", sender)
    receiver_code = header.one("Ontvanger", receiver)
    identification = header.group("BerichtIdentificatie")
    return Header(
        message=message,
        sender=sender_code,
        receiver=receiver_code,
        message_id=identification.one("Identificatie", MESSAGE_ID),
        sent_on=identification.one("Dagtekening", DATE),
        xsd_versions=_xsd_versions(header.group("XsdVersie")),
    )


def _xsd_versions(xsd: Reader) -> tuple[str, str]:
    # Checked for form only: the officially published values are not known (ijw-3.2.md §1).
    return xsd.one("BasisschemaXsdVersie", VERSION), xsd.one("BerichtXsdVersie", VERSION)


def _client(client: Reader) -> Client:
    bsn = client.one("Bsn", BSN)
    birth = client.group("Geboortedatum")
    birth_date = birth.one("Datum", DATE)
    date_use = birth.optional("DatumGebruik", DATE_USE)
    return Client(
        bsn=bsn,
        birth_date=birth_date,
        birth_date_use=DateUse.FULL if date_use is None else date_use,
        name=_name(client.group("Naam")),
    )


def _name(name: Reader) -> str:
    surname = name.group("Geslachtsnaam")
    parts = (
        name.optional("Voornamen", NAME) or name.optional("Voorletters", NAME),
        surname.optional("Voorvoegsel", NAME),
        surname.one("Achternaam", NAME),
    )
    return " ".join(part for part in parts if part)


def _product(block: Reader, missing: str, rule: str | None = None) -> Product:
    product = block.group("Product", missing=missing, rule=rule)
    return Product(product.one("Categorie", CATEGORY), product.optional("Code", PRODUCT_CODE))


def _requested(block: Reader) -> RequestedProduct:
    reference = block.one("ReferentieAanbieder", REFERENCE)
    product = _product(block, _NO_BUDGET_PRODUCTS)
    start = block.one("ToewijzingIngangsdatum", DATE)
    end = block.optional("ToewijzingEinddatum", DATE)
    referrer = block.group("Verwijzer").one("Type", REFERRER)
    framework_contract = block.optional("Raamcontract", YES_NO)
    if block.ok and end is not None and end < start:
        block.problem("ToewijzingEinddatum", "lies before ToewijzingIngangsdatum", "CS003")
    return RequestedProduct(reference, product, start, end, referrer, framework_contract)


def _assigned(block: Reader) -> AssignedProduct:
    assigned = AssignedProduct(
        assignment_number=block.one("ToewijzingNummer", NUMBER),
        provider_reference=block.optional("ReferentieAanbieder", REFERENCE),
        product=_product(block, _NO_BUDGET_PRODUCTS),
        decided_on=block.one("Toewijzingsdatum", DATE),
        decided_at=block.one("Toewijzingstijd", TIME),
        valid_from=block.one("Ingangsdatum", DATE),
        valid_until=block.optional("Einddatum", DATE),
        change_reason=block.optional("RedenWijziging", CHANGE_REASON),
    )
    if block.ok:
        until, since = assigned.valid_until, assigned.valid_from
        if until is not None and until < since:
            block.problem("Einddatum", "lies before Ingangsdatum", "CS003")
        if assigned.change_reason == codes.VOIDED and until != since:
            block.problem("Einddatum", "must equal Ingangsdatum when RedenWijziging is 13", "CS335")
    return assigned


def _started(block: Reader) -> StartedProduct:
    return StartedProduct(
        assignment_number=block.optional("ToewijzingNummer", NUMBER),
        product=_product(block, _NO_STATE, FOLLOW_UP),
        begin=block.one("Begindatum", DATE),
        delivery=block.one("StatusAanlevering", DELIVERY),
    )


def _stopped(block: Reader) -> StoppedProduct:
    stopped = StoppedProduct(
        assignment_number=block.optional("ToewijzingNummer", NUMBER),
        product=_product(block, _NO_STATE, FOLLOW_UP),
        begin=block.one("Begindatum", DATE),
        stop_reason=block.one("RedenBeeindiging", STOP_REASON),
        end=block.one("Einddatum", DATE),
        delivery=block.one("StatusAanlevering", DELIVERY),
    )
    if block.ok and stopped.end < stopped.begin:
        block.problem("Einddatum", "lies before Begindatum", "TR018")
    return stopped
