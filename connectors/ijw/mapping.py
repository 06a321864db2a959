"""An iJw message becomes submissions for the ingest pipeline: one per block in scope.

In scope, in document order (a status-3 block comes before its replacement):

- JW315 and JW301: every block (waiting-list registration; assignment decision).
- JW305 and JW307: only placements: blocks whose product the commissioning
  municipality's product table classifies as a care function with ``placement``, such
  as residential, crisis and closed care; a product with a category and no code (an
  aspecific assignment) is a placement when every product of its category is one, and
  kept for follow-up when the category alone cannot say (``hub_rules.scope_of``).
  Ambulant care, day treatment and the like are not submitted at all: the hub follows
  placements and the occupancy of places, which they do not touch. Justice categories
  47-49 (youth probation, child protection, preventive justice) never become placements,
  whatever a regional table says. A status-3 block of a product out of scope is ignored
  like its status-1 block was.

The connector is stateless: it keeps no assignments and no earlier starts. So a JW305
or JW307 block without Product (a generic assignment) is kept for follow-up
(``connectors.ijw.parse``), and a new start after a suspension (stop reason 20) is
submitted as ``PlacementStarted``; downstream recognises the resumption by the
assignment reference it shares with the suspended placement's start (its placement
reference differs: Begindatum is part of the key).

A message that cannot be read as a whole (XML, root, header, client, unknown
commissioning municipality, a Dagtekening after the day it arrived: TR135) yields one
submission without record, whose problems are :class:`IjwMessageError`. A block that
cannot be read or is refused yields one without record too, and the other blocks go on:
each good block of the message is accepted on its own, each refused one is answered with
its reasons and kept as a dead letter. Every submission carries the whole message as its
payload, kept encrypted in a dead letter if it is rejected.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from connectors.ijw import keys, records
from connectors.ijw.codes import Delivery
from connectors.ijw.errors import IjwMessageError
from connectors.ijw.hub_rules import (
    ProviderReferences,
    Scope,
    check_begin,
    check_sent_on,
    scope_of,
)
from connectors.ijw.model import (
    Assignment,
    CareStart,
    CareStop,
    Client,
    Header,
    IjwMessage,
    Message,
    RequestedProduct,
    StartedProduct,
    StoppedProduct,
    WaitingListRequest,
)
from connectors.ijw.parse import parse_message
from connectors.ingest import Submission
from jeugdhub.errors import InvalidInputError
from schemas.reference import reference_data

CHANNEL = "ijw"
B = TypeVar("B")
ToRecord = Callable[[B, str], records.Record | None]

logger = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def submissions_from_ijw(
    data: bytes, name: str = "message", received_on: date | None = None
) -> list[Submission]:
    """The submissions of one iJw 3.2 message (JW315, JW301, JW305 or JW307).

    ``name`` (a file name, say) starts every locator; ``received_on`` is the Dutch day
    the message arrived (default: today). Never raises for bad input: what cannot be
    read comes back as submissions without record, with the problems.
    """
    parsed = parse_message(data)
    message = parsed.value
    if message is None:
        return [_rejected(data, f"{name}: iJw message", parsed.problems)]
    header = message.header
    about = f"{name}: {header.message.name} message {header.message_id!r}"
    logger.info(
        "read %s: %d blocks, XSD versions %s (basisschema) and %s (message)",
        about,
        len(message.blocks),
        *header.xsd_versions,
    )
    try:
        check_sent_on(header, received_on or datetime.now(AMSTERDAM).date())
        _check_municipality(header)
    except InvalidInputError as unknown:
        problem = IjwMessageError(unknown.field, unknown.reason, unknown.rule or "TR378/S300")
        return [_rejected(data, about, (problem,))]
    return _submissions(message, data, about)


def _check_municipality(header: Header) -> None:
    """An unknown commissioning municipality concerns every block: refuse the message."""
    side = "Ontvanger" if header.message.sent_by_provider else "Afzender"
    reference_data().municipality(header.municipality, field=f"Header/{side}")


def _submissions(message: IjwMessage, data: bytes, about: str) -> list[Submission]:
    header, client = message.header, message.client
    if isinstance(message, WaitingListRequest):
        references = ProviderReferences()

        def request(block: RequestedProduct, path: str) -> records.Record:
            references.check(block, path)
            return records.waiting_list_registered(header, client, block)

        return _each(message, request, data, about)
    if isinstance(message, Assignment):
        return _each(
            message, lambda b, _: records.assignment_decided(header, client, b), data, about
        )
    if isinstance(message, CareStart):
        return _each(message, lambda b, path: _start(header, client, b, path), data, about)
    assert isinstance(message, CareStop), "IjwMessage has four kinds"
    return _each(message, lambda b, path: _stop(header, client, b, path), data, about)


def _each(message: Message[B], to_record: ToRecord[B], data: bytes, about: str) -> list[Submission]:
    submissions = []
    for block in message.blocks:
        locator = f"{about}, {block.label}"
        value = block.part.value
        if value is None:
            submissions.append(_rejected(data, locator, block.part.problems))
            continue
        try:
            record = to_record(value, block.path)
        except InvalidInputError as problem:
            submissions.append(_rejected(data, locator, (problem,)))
            continue
        if record is not None:
            submissions.append(Submission(CHANNEL, locator, data, "person", record))
    return submissions


def _start(
    header: Header, client: Client, block: StartedProduct, path: str
) -> records.Record | None:
    if scope_of(header, block.product, path) is Scope.OUT_OF_SCOPE:
        return None
    if block.delivery is Delivery.DELETE:
        return records.event_retracted(header, client, keys.start_id(client, block))
    check_begin(header, block, path)
    return records.placement_started(header, client, block)


def _stop(
    header: Header, client: Client, block: StoppedProduct, path: str
) -> records.Record | None:
    if scope_of(header, block.product, path) is Scope.OUT_OF_SCOPE:
        return None
    if block.delivery is Delivery.DELETE:
        return records.event_retracted(header, client, keys.stop_id(client, block))
    return records.placement_stopped(header, client, block)


def _rejected(data: bytes, locator: str, problems: tuple[InvalidInputError, ...]) -> Submission:
    return Submission(CHANNEL, locator, data, "person", None, problems)
