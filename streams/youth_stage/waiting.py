"""Waiting-list entries, refusals and orphan waiting-list events of one youth.

Readings where DEFINITIONS.md leaves room:

- Registrations sharing a ``registration_ref`` are one entry: the first (in event order)
  defines it; later ones count nowhere.
- "Whichever has the earlier event date" between the first removal and the first
  placement: on the same date the one first in event order closes the entry.
- A removal or placement dated before the registration still closes the entry (the
  definition puts no date condition on it), so such an entry is never open.
- A refused offer whose registration is missing is an orphan and so "counts nowhere",
  not even as a refusal, until its registration arrives.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from schemas.person_events import (
    PlacementStarted,
    WaitingListRegistered,
    WaitingListRemoved,
    WaitingListStatusChanged,
)
from schemas.vocabulary import RemovalReason, WaitingStatus
from streams.youth_stage.youth_event import YouthEvent, care_function_of, provider_region_of
from streams.youth_stage.youth_facts import ORPHAN_WAITING_LIST_EVENT, Orphan, Refusal, WaitingEntry

REGISTERED = WaitingListRegistered.avro_name
STATUS_CHANGED = WaitingListStatusChanged.avro_name
REMOVED = WaitingListRemoved.avro_name
PLACEMENT_STARTED = PlacementStarted.avro_name
OFFER_REFUSED = WaitingStatus.OFFER_REFUSED
PLACED = RemovalReason.PLACED


@dataclass(frozen=True, slots=True)
class WaitingList:
    entries: dict[str, WaitingEntry]  # by registration_ref, in order of registration
    refusals: list[Refusal]
    orphans: list[Orphan]


def waiting_list(events: Sequence[YouthEvent]) -> WaitingList:
    """From a youth's counted events in event order."""
    registrations: dict[str, YouthEvent] = {}
    for event in events:
        ref = event.registration_ref
        if event.name == REGISTERED and ref is not None and ref not in registrations:
            registrations[ref] = event

    closings: dict[str, tuple[date, str | None]] = {}
    refusals: list[Refusal] = []
    orphans: list[Orphan] = []
    for event in events:
        ref = event.registration_ref
        if ref is None:
            continue
        name = event.name
        if name in (STATUS_CHANGED, REMOVED) and ref not in registrations:
            orphans.append(
                Orphan(
                    ORPHAN_WAITING_LIST_EVENT,
                    event.home_region,
                    event.municipality,
                    event.provider_agb,
                )
            )
        elif name == REMOVED:
            # setdefault: events come in order, so the first closing event wins.
            closings.setdefault(ref, (event.day, event.reason))
        elif name == PLACEMENT_STARTED and ref in registrations:
            closings.setdefault(ref, (event.day, PLACED))
        elif name == STATUS_CHANGED and event.status == OFFER_REFUSED:
            region = provider_region_of(event) or event.home_region
            refusals.append(
                Refusal(
                    event.day,
                    care_function_of(event),
                    region,
                    event.municipality,
                    event.provider_agb,
                )
            )

    entries = {
        ref: WaitingEntry(
            ref,
            care_function_of(registration),
            registration.home_region,
            registration.municipality,
            registration.provider_agb,
            registration.day,
            *closings.get(ref, (None, None)),
        )
        for ref, registration in registrations.items()
    }
    return WaitingList(entries, refusals, orphans)
