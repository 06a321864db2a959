"""The mutable state of one run: places per location, waiting-list entries, placements."""

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from connectors.simulator.people import Youth
from schemas.reference import Location
from schemas.vocabulary import LegalFramework

Organisation = dict[str, str]  # a record's ``source``: organisation_type and code
Reference = dict[str, str]  # a raw case reference: value and issued_by


def organisation(organisation_type: str, code: str) -> Organisation:
    return {"organisation_type": organisation_type, "code": code}


@dataclass(eq=False, slots=True)
class Unit:
    """One care function at one location: its places, who is in, who waits for a place."""

    location: Location
    function: str
    places: int  # open now: declared minus closed
    expected_occupancy: float
    provider: Organisation
    occupied: int = 0
    closed: int = 0  # places closed for now, to be reopened
    waiting: deque["Request"] = field(default_factory=deque)
    urgent: deque["Request"] = field(default_factory=deque)  # transfers go first

    @property
    def has_room(self) -> bool:
        return self.occupied < self.places


@dataclass(eq=False, slots=True)
class Request:
    """One waiting-list entry: a youth registered for a care function at one location."""

    youth: Youth
    unit: Unit
    registrant: Organisation  # the provider, or the GI for a youth under a measure
    registration_ref: Reference
    care: dict[str, Any]  # as every record about this entry sends it
    framework: LegalFramework | None
    deadline: float  # the youth withdraws when not placed by then
    urgent: bool  # a transfer from another placement
    refused_by: frozenset[str]  # AGB codes of providers that refused this youth
    assignment_ref: Reference | None = None
    open: bool = True  # still on the waiting list


@dataclass(eq=False, slots=True)
class Placement:
    youth: Youth
    unit: Unit
    care: dict[str, Any]
    placement_ref: Reference
    framework: LegalFramework | None
