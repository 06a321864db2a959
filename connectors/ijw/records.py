"""Raw person records (``privacy.raw_records``) from iJw blocks, as ijw-3.2.md §8 maps them.

One record per block. What the records say, beyond the block itself:

- ``source`` is the sender: the provider's AGB code for JW315, JW305 and JW307, the
  municipality for JW301; the counterpart goes into ``care``.
- ``youth.municipality`` is the commissioning municipality (Ontvanger, or Afzender in
  JW301). iJw carries no municipality of residence (only JW301 has addresses, which the hub
  does not read); under the woonplaatsbeginsel the commissioning municipality is, in
  general, the one the youth lives in, so the hub takes it as the residence. A youth
  placed by one municipality while registered in another is counted in the first.
- ``youth.name`` holds the name parts joined; the edge drops it. Nothing else of the
  client (gender, relations, addresses, legal status, free text) is read at all.
- dates are calendar dates (``YYYY-MM-DD``); the edge reads them as Europe/Amsterdam.
  JW301 has a decision time too, so its ``occurred_at`` is a date-time with the
  Amsterdam offset of that day.
- ``reported_at`` is left to the edge (the time of receipt): Dagtekening is a date, and
  would put a JW301 decision made that day after its own report.
"""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from connectors.ijw import codes, keys
from connectors.ijw.model import (
    AssignedProduct,
    Client,
    Header,
    Product,
    RequestedProduct,
    StartedProduct,
    StoppedProduct,
)
from schemas.vocabulary import AssignmentDecision, Destination, OrganisationType

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Record = dict[str, Any]


def waiting_list_registered(header: Header, client: Client, block: RequestedProduct) -> Record:
    """JW315: the request date is when the youth joined the provider's waiting list."""
    return {
        **_common(header, client, "WaitingListRegistered", keys.request_id(block)),
        "occurred_at": header.sent_on.isoformat(),
        "care": _care(header, block.product),
        "registration_ref": _provider_reference(header, block.provider_reference),
        "details": {
            "requested_start": block.requested_start.isoformat(),
            "requested_end": _date(block.requested_end),
            "referrer": block.referrer.value,
            "framework_contract": block.framework_contract,
        },
    }


def assignment_decided(header: Header, client: Client, block: AssignedProduct) -> Record:
    """JW301: a voided assignment (13) is one event; consumers retract what it caused."""
    decided = datetime.combine(block.decided_on, block.decided_at, AMSTERDAM)
    record = {
        **_common(header, client, "AssignmentDecided", keys.assignment_id(block)),
        "occurred_at": decided.isoformat(),
        "care": _care(header, block.product),
        "assignment_ref": _assignment_reference(header, block.assignment_number),
        "details": {
            "decision": _decision(block.change_reason).value,
            "valid_from": block.valid_from.isoformat(),
            "valid_until": _date(block.valid_until),
            "change_reason": block.change_reason,
        },
    }
    if block.provider_reference is not None:
        record["registration_ref"] = _provider_reference(header, block.provider_reference)
    return record


def placement_started(header: Header, client: Client, block: StartedProduct) -> Record:
    record = {
        **_common(header, client, "PlacementStarted", keys.start_id(client, block)),
        "occurred_at": block.begin.isoformat(),
        "care": _care(header, block.product),
        "placement_ref": _placement_reference(header, client, block),
    }
    # Links the placement to its assignment, and a restart after a suspension (a new
    # start, new Begindatum, same assignment) to the placement it resumes.
    if block.assignment_number is not None:
        record["assignment_ref"] = _assignment_reference(header, block.assignment_number)
    return record


def placement_stopped(header: Header, client: Client, block: StoppedProduct) -> Record:
    """JW307: reason 20 interrupts the placement, every other reason ends it."""
    common = {
        **_common(header, client, "PlacementEnded", keys.stop_id(client, block)),
        "occurred_at": block.end.isoformat(),
        "care": _care(header, block.product),
        "placement_ref": _placement_reference(header, client, block),
    }
    if block.stop_reason == codes.SUSPENDED:
        return {**common, "event_type": "PlacementSuspended"}
    return {
        **common,
        "details": {
            "end_reason": codes.END_REASONS[block.stop_reason].value,
            "ijw_end_reason": block.stop_reason,
            "destination": codes.DESTINATIONS.get(block.stop_reason, Destination.UNKNOWN).value,
        },
    }


def event_retracted(header: Header, client: Client, deleted_id: str) -> Record:
    """A status-3 block: the source deleted the block with this source event id."""
    return {
        **_common(header, client, "EventRetracted", keys.deletion_id(deleted_id)),
        "occurred_at": header.sent_on.isoformat(),
        "retracts_source_event_id": deleted_id,
        "details": {"reason": "SOURCE_DELETED"},
    }


# -- parts ------------------------------------------------------------------------------


def _common(header: Header, client: Client, event_type: str, source_event_id: str) -> Record:
    sender = (
        OrganisationType.PROVIDER
        if header.message.sent_by_provider
        else OrganisationType.MUNICIPALITY
    )
    return {
        "event_type": event_type,
        "source": {"organisation_type": sender.value, "code": header.sender},
        "source_event_id": source_event_id,
        "youth": {
            "bsn": client.bsn,
            "birth_date": client.birth_date.isoformat(),
            "birth_date_use": int(client.birth_date_use),
            "name": client.name,
            "municipality": header.municipality,
        },
    }


def _care(header: Header, product: Product) -> Record:
    return {
        "ijw_category": product.category,
        "ijw_product_code": product.code,
        "commissioning_municipality": header.municipality,
        "provider_agb": header.provider,
    }


def _provider_reference(header: Header, reference: str) -> Record:
    return {"value": reference, "issued_by": f"PROVIDER:{header.provider}"}


def _assignment_reference(header: Header, number: int) -> Record:
    # Assignment numbers are unique per municipality (TR332); str() is the canonical form.
    return {"value": str(number), "issued_by": f"MUNICIPALITY:{header.municipality}"}


def _placement_reference(
    header: Header, client: Client, block: StartedProduct | StoppedProduct
) -> Record:
    return {
        "value": keys.placement_reference(client, block),
        "issued_by": f"PROVIDER:{header.provider}",
    }


def _decision(change_reason: str | None) -> AssignmentDecision:
    if change_reason is None:
        return AssignmentDecision.GRANTED
    if change_reason == codes.VOIDED:
        return AssignmentDecision.VOIDED
    return AssignmentDecision.CHANGED


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
