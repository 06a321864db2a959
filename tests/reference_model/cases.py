"""Per youth: waiting-list entries, refusals, stays and anomalies (DEFINITIONS.md)."""

import hashlib
import struct
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tests.reference_model.events import Event, care_location_region, under_contract

UNDER_18 = frozenset({"AGE_0_16", "AGE_0_3", "AGE_4_11", "AGE_12_15", "AGE_16", "AGE_17"})
ADULT = frozenset({"AGE_18_PLUS", "AGE_18_22", "AGE_23_PLUS"})
AGE_17_PLUS = frozenset({"AGE_17", "AGE_18_PLUS", "AGE_18_22", "AGE_23_PLUS"})

ORPHAN_WAITING_LIST_EVENT = "orphan_waiting_list_event"
ORPHAN_DISCHARGE = "orphan_discharge"

WAITING_LIST_FOLLOW_UPS = ("WaitingListStatusChanged", "WaitingListRemoved")
PLACEMENT_FOLLOW_UPS = ("PlacementSuspended", "PlacementResumed", "PlacementEnded")


@dataclass(frozen=True)
class Entry:
    """A waiting-list entry; open from ``registered`` until the end of the day before
    ``closed``."""

    care_function: str
    home_region: str
    registered: date
    closed: date | None
    key: int  # the youth's record key
    provider_agb: str | None  # the provider the registration names


@dataclass(frozen=True)
class Refusal:
    day: date
    care_function: str
    region: str
    key: int
    provider_agb: str | None


@dataclass(frozen=True)
class Anomaly:
    kind: str
    region: str
    provider_agb: str | None


@dataclass(frozen=True)
class Stay:
    """A placement, its attributes as far as any figure needs them."""

    care_function: str
    provider_region: str
    home_region: str
    contracted: bool
    age_band: str
    started: date
    ended: date | None
    destination: str | None
    replacement: bool
    turned_18_on: date | None
    key: int
    provider_agb: str | None


@dataclass
class Cases:
    entries: list[Entry]
    refusals: list[Refusal]
    stays: list[Stay]
    anomalies: list[Anomaly]


def record_key(pseudonym: str) -> int:
    """DEFINITIONS.md "Cell keys": the first 4 bytes of SHA-256("jeugdhub record key v1:"
    + pseudonym), read as a big-endian unsigned number."""
    digest = hashlib.sha256(("jeugdhub record key v1:" + pseudonym).encode("utf-8")).digest()
    value: int = struct.unpack(">I", digest[:4])[0]
    return value


def follow_youths(events: list[Event], replacement_window_days: int) -> Cases:
    """Everything the person events say, youth by youth."""
    by_youth: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if not event.is_capacity:
            by_youth[event.record["youth"]["pseudonym"]].append(event)
    cases = Cases([], [], [], [])
    for youth_events in by_youth.values():
        youth_events.sort(key=lambda event: event.order)
        _waiting_list(youth_events, cases)
        _stays(youth_events, cases, replacement_window_days)
    return cases


def _carrying(events: list[Event], event_type: str, field: str, ref: str) -> list[Event]:
    """The events of a type whose reference ``field`` is ``ref``, in the youth's order."""
    return [event for event in events if event.type == event_type and event.get(field) == ref]


def _firsts_by(events: list[Event], event_type: str, field: str) -> dict[str, Event]:
    """Per reference, the first event of a type: later ones with the same reference
    do not open a second entry or stay."""
    firsts: dict[str, Event] = {}
    for event in events:
        if event.type == event_type:
            firsts.setdefault(event.record[field], event)
    return firsts


def _waiting_list(events: list[Event], cases: Cases) -> None:
    registrations = _firsts_by(events, "WaitingListRegistered", "registration_ref")
    for ref, registration in registrations.items():
        # The first removal and the first start of a placement from this entry; the entry
        # closes at whichever is dated earlier (their order on one day changes no figure).
        removals = _carrying(events, "WaitingListRemoved", "registration_ref", ref)
        placements = _carrying(events, "PlacementStarted", "registration_ref", ref)
        close_days = [found[0].day for found in (removals, placements) if found]
        cases.entries.append(
            Entry(
                care_function=registration.record["care"]["care_function"],
                home_region=registration.record["youth"]["home_region"],
                registered=registration.day,
                closed=min(close_days) if close_days else None,
                key=record_key(registration.record["youth"]["pseudonym"]),
                provider_agb=registration.record["care"]["provider_agb"],
            )
        )
    for event in events:
        if event.type not in WAITING_LIST_FOLLOW_UPS:
            continue
        if event.record["registration_ref"] not in registrations:
            # Counts nowhere, not even as a refusal, until its registration arrives.
            region = event.record["youth"]["home_region"]
            agb = event.record["care"]["provider_agb"]
            cases.anomalies.append(Anomaly(ORPHAN_WAITING_LIST_EVENT, region, agb))
        elif event.type == "WaitingListStatusChanged" and event.record["status"] == "OFFER_REFUSED":
            care = event.record["care"]
            region = care_location_region(care) or event.record["youth"]["home_region"]
            key = record_key(event.record["youth"]["pseudonym"])
            refusal = Refusal(event.day, care["care_function"], region, key, care["provider_agb"])
            cases.refusals.append(refusal)


@dataclass(frozen=True)
class _Placement:
    """A stay while its youth's stays are being linked: start and closing end events."""

    ref: str
    start: Event
    end: Event | None


def _stays(events: list[Event], cases: Cases, window_days: int) -> None:
    starts = _firsts_by(events, "PlacementStarted", "placement_ref")
    placements: list[_Placement] = []
    for ref, start in starts.items():
        ends = [
            end
            for end in _carrying(events, "PlacementEnded", "placement_ref", ref)
            if end.day >= start.day
        ]
        placements.append(_Placement(ref, start, ends[0] if ends else None))
    for placement in placements:
        record = placement.start.record
        care = record["care"]
        home_region = record["youth"]["home_region"]
        end = placement.end
        cases.stays.append(
            Stay(
                care_function=care["care_function"],
                provider_region=care_location_region(care) or home_region,
                home_region=home_region,
                contracted=under_contract(
                    care, record["youth"]["municipality"], placement.start.day
                ),
                age_band=record["youth"]["age_band"],
                started=placement.start.day,
                ended=end.day if end is not None else None,
                destination=end.record["destination"] if end is not None else None,
                replacement=_is_replacement(placement, placements, window_days),
                turned_18_on=_turned_18_on(placement, events),
                key=record_key(record["youth"]["pseudonym"]),
                provider_agb=care["provider_agb"],
            )
        )
    for event in events:
        if event.type in PLACEMENT_FOLLOW_UPS and event.record["placement_ref"] not in starts:
            region = event.record["youth"]["home_region"]
            agb = event.record["care"]["provider_agb"]
            cases.anomalies.append(Anomaly(ORPHAN_DISCHARGE, region, agb))


def _is_replacement(stay: _Placement, stays: list[_Placement], window_days: int) -> bool:
    # "Earlier" means started before this one in the youth's order; otherwise two stays
    # that start and end on one day could each be the other's earlier stay.
    ended_before = [
        (other.end, other)
        for other in stays
        if other.end is not None
        and other.start.order < stay.start.order
        and other.end.day <= stay.start.day
    ]
    if not ended_before:
        return False
    # The most recent by end date; on a tie, the stay whose end event comes last.
    end, previous = max(ended_before, key=lambda pair: pair[0].order)
    different_provider = (
        previous.start.record["care"]["provider_agb"] != stay.start.record["care"]["provider_agb"]
    )
    return different_provider and (stay.start.day - end.day).days <= window_days


def _turned_18_on(stay: _Placement, events: list[Event]) -> date | None:
    if stay.start.record["youth"]["age_band"] not in UNDER_18:
        return None
    if stay.end is not None:
        last = stay.end
    else:
        # An open stay: its latest event, whatever the type, with this placement_ref.
        last = [e for e in events if e.get("placement_ref") == stay.ref][-1]
    return last.day if last.record["youth"]["age_band"] in ADULT else None
