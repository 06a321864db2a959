"""Input: from decoded events to the set that counts (DEFINITIONS.md, "Input")."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Self
from zoneinfo import ZoneInfo

from schemas.reference import reference_data

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

DecodedEvent = tuple[str, dict[str, Any]]
OrderKey = tuple[date, datetime, str]


@dataclass(frozen=True, slots=True)
class Event:
    """One counted event: its type name, its decoded record and what is derived from it."""

    type: str
    record: dict[str, Any]
    day: date  # the event date
    event_id: str
    order: OrderKey  # (event date, occurred_at, event_id): the order of a youth's events
    is_capacity: bool

    @classmethod
    def of(cls, name: str, record: dict[str, Any]) -> Self:
        envelope = record["envelope"]
        day = event_date(record)
        return cls(
            type=name,
            record=record,
            day=day,
            event_id=envelope["event_id"],
            order=(day, envelope["occurred_at"], envelope["event_id"]),
            is_capacity="location" in record,
        )

    def get(self, field: str) -> Any:
        """A top-level field, or None where this event type has no such field."""
        return self.record.get(field)


def event_date(record: dict[str, Any]) -> date:
    """The Europe/Amsterdam calendar date of ``envelope.occurred_at``."""
    occurred_at: datetime = record["envelope"]["occurred_at"]
    return occurred_at.astimezone(AMSTERDAM).date()


@cache
def location_region(provider_agb: str, location_code: str) -> str:
    """The region of a provider location in the reference data."""
    return reference_data().location(provider_agb, location_code).region_code


def under_contract(care: dict[str, Any], municipality: str, day: date) -> bool:
    """Whether the youth's region had a registry contract for this care with its provider.

    From the registry's contracts themselves, never from the event's own ``contracted``
    (which the edge derives): a contract of the region of the youth's municipality (the
    one that commissions its care, also in the figures per municipality), the provider's
    AGB and the care function whose days, first and last included, hold ``day``. Care
    without a provider cannot be checked and counts as contracted.
    """
    if care.get("provider_agb") is None:
        return True
    region = reference_data().municipality(municipality).region_code
    return any(
        contract.region_code == region
        and contract.agb_code == care["provider_agb"]
        and contract.care_function == care["care_function"]
        and contract.valid_from <= day
        and (contract.valid_to is None or day <= contract.valid_to)
        for contract in reference_data().contracts()
    )


def care_location_region(care: dict[str, Any]) -> str | None:
    """The region of ``care.provider_location``; for a household, whose location is not
    carried, ``care.provider_region``; None when neither is given."""
    if care.get("provider_location") is None:
        return care.get("provider_region")
    return location_region(care["provider_agb"], care["provider_location"])


def counted_events(events: Iterable[DecodedEvent]) -> list[Event]:
    """Deduplicated, without retracted and voided events, without the retractions."""
    # 1. The first copy of an event id counts (copies are identical anyway).
    unique: dict[str, DecodedEvent] = {}
    for name, record in events:
        unique.setdefault(record["envelope"]["event_id"], (name, record))

    # 2a. Every retraction in the set retracts its target, even a retraction that is
    # itself retracted: the definition removes "every event whose id is the
    # retracted_event_id of an EventRetracted", without exceptions.
    retracted = {
        record["retracted_event_id"] for name, record in unique.values() if name == "EventRetracted"
    }
    remaining = [
        (name, record) for event_id, (name, record) in unique.items() if event_id not in retracted
    ]

    # 2b. Voiding after retraction: a retracted voiding decision is no longer in the set
    # and so voids nothing. Assignment refs are matched across all youths, as written.
    voided = {
        record["assignment_ref"]
        for name, record in remaining
        if name == "AssignmentDecided" and record["decision"] == "VOIDED"
    }
    return [
        Event.of(name, record)
        for name, record in remaining
        if name != "EventRetracted"
        and not (record.get("assignment_ref") is not None and record["assignment_ref"] in voided)
    ]


def regions_touched(event: Event) -> set[str]:
    """The regions whose as-of date this event can move."""
    if event.is_capacity:
        return {event.record["location"]["region"]}
    regions = {event.record["youth"]["home_region"]}
    location = care_location_region(event.record["care"])
    if location is not None:
        regions.add(location)
    return regions
