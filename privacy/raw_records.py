"""Records as sources send them, identifiers included: the input of the privacy edge.

These models exist only between a connector and ``privacy.edge``; nothing of them is ever
published. Identifying fields are hidden from ``repr`` so that a debugger, a log line or
an assertion message cannot show them.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from privacy.age import DateUse
from schemas.records import Source
from schemas.vocabulary import LegalFramework

PersonEventType = Literal[
    "WaitingListRegistered",
    "AssignmentDecided",
    "WaitingListStatusChanged",
    "WaitingListRemoved",
    "PlacementStarted",
    "PlacementSuspended",
    "PlacementResumed",
    "PlacementEnded",
    "EventRetracted",
]
CapacityEventType = Literal["PlacesDeclared", "BaseAvailabilityAgreed", "PlacesChanged"]


_CALENDAR_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date_as_date(value: object) -> object:
    # pydantic would read "2026-03-01" as a naive date-time; it is a Dutch calendar date.
    if isinstance(value, str) and _CALENDAR_DATE.fullmatch(value):
        return date.fromisoformat(value)
    # ... and a number as seconds since 1970, which no source means.
    if not isinstance(value, str | date):
        raise ValueError("must be a date (YYYY-MM-DD) or a date-time with zone (ISO 8601)")
    return value


EventTime = Annotated[
    datetime | date,
    BeforeValidator(_calendar_date_as_date),
    Field(description="a date-time with zone, or a calendar date (Europe/Amsterdam)"),
]


class _Raw(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RawAddress(_Raw):
    """Used only to find the municipality of residence; then dropped."""

    street: str | None = Field(default=None, max_length=200, repr=False)
    house_number: str | None = Field(default=None, max_length=20, repr=False)
    postcode: str | None = Field(default=None, max_length=10, repr=False)
    city: str | None = Field(default=None, max_length=200, repr=False)


class RawYouth(_Raw):
    bsn: str = Field(max_length=20, repr=False)
    birth_date: date = Field(repr=False)
    birth_date_use: DateUse = DateUse.FULL
    name: str | None = Field(default=None, max_length=500, repr=False)
    municipality: str | None = Field(
        default=None, max_length=6, description="CBS code of residence (GM prefix allowed)"
    )
    address: RawAddress | None = Field(default=None, repr=False)


class RawCare(_Raw):
    care_function: str | None = Field(default=None, max_length=60)
    ijw_category: str | None = Field(default=None, max_length=2)
    ijw_product_code: str | None = Field(default=None, max_length=5)
    commissioning_municipality: str | None = Field(
        default=None,
        max_length=6,
        description="whose regional product-code list applies; default: residence",
    )
    provider_agb: str | None = Field(default=None, max_length=8)
    provider_location: str | None = Field(default=None, max_length=20)
    legal_framework: LegalFramework | None = None


class RawReference(_Raw):
    """A case reference (provider reference, assignment number); it can identify a case."""

    value: str = Field(min_length=1, max_length=36, repr=False)
    issued_by: str | None = Field(
        default=None,
        max_length=40,
        description="who numbers these references, e.g. 'MUNICIPALITY:0307'; default: sender",
    )


class RawRecordHeader(_Raw):
    source: Source
    source_event_id: str = Field(
        min_length=1,
        max_length=128,
        repr=False,  # may hold a BSN (iJw logical keys do); the edge hashes it with a key
        description=(
            "the source's stable id of this fact: the same on every retry, unique among "
            "all events of this source"
        ),
    )
    occurred_at: EventTime
    reported_at: EventTime | None = None
    details: dict[str, Any] = Field(
        default_factory=dict, description="the event type's own fields (codes, dates)"
    )


class RawPersonRecord(RawRecordHeader):
    event_type: PersonEventType
    youth: RawYouth
    care: RawCare | None = None
    registration_ref: RawReference | None = None
    assignment_ref: RawReference | None = None
    placement_ref: RawReference | None = None
    retracts_source_event_id: str | None = Field(default=None, max_length=128, repr=False)
    comment: str | None = Field(
        default=None, max_length=10_000, repr=False, description="free text: always dropped"
    )


class RawCapacityRecord(RawRecordHeader):
    event_type: CapacityEventType
    provider_agb: str = Field(max_length=8)
    location_code: str = Field(max_length=20)
    care_function: str = Field(max_length=60)
