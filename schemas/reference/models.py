"""What the rest of the hub sees of the reference data: plain, immutable values.

Rows are validated on the way in (``rows``); these are what a validated, cross-checked
row becomes, with the links between files already resolved (a municipality knows its
region code, a location its region). Providers, locations, certified institutions and
contracts come from the organisation registry (``registry``), the rest from the files.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Region:
    """A youth-care region (jeugdregio)."""

    code: str
    name: str
    cooperation: str | None  # the supra-regional cooperation it belongs to, if any


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality by its 4-digit CBS code (no GM prefix), as iJw writes it."""

    code: str
    name: str
    province: str
    region_code: str


@dataclass(frozen=True, slots=True)
class CareFunction:
    """One entry of the hub's care-function code list."""

    code: str
    name_nl: str
    name_en: str
    placement: bool  # a stay the hub monitors with placement events
    description: str


@dataclass(frozen=True, slots=True)
class IjwProductCategory:
    """A national iJw product category (JZ020) and the care function it implies."""

    category: str
    name_nl: str
    default_care_function: str
    # The category alone is too coarse (closed care is booked under 43, for example):
    # only a regional product code says what the care really is.
    needs_product_code: bool


@dataclass(frozen=True, slots=True)
class Provider:
    """A provider organisation (jeugdhulpaanbieder) by its AGB code."""

    agb_code: str
    name: str
    invented: bool  # the AGB code is made up for the demo
    active: bool = True  # False: deactivated in the registry, its submissions are refused


@dataclass(frozen=True, slots=True)
class Location:
    """A place where a provider gives care; its region is that of its municipality."""

    agb_code: str
    location_code: str
    name: str
    municipality_code: str
    region_code: str
    care_functions: frozenset[str]
    active: bool = True


@dataclass(frozen=True, slots=True)
class CertifiedInstitution:
    """A certified institution (GI): child protection and youth probation."""

    code: str
    name: str
    invented: bool  # the code is made up for the demo
    active: bool = True


@dataclass(frozen=True, slots=True)
class Contract:
    """A region buys a care function from a provider, ``valid_from`` to ``valid_to`` inclusive."""

    region_code: str
    agb_code: str
    care_function: str
    valid_from: date
    valid_to: date | None  # None: open-ended

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
