"""What the trajectory stage derives for one youth (DEFINITIONS.md "Per youth").

Plain frozen values: ``derive`` builds them from a youth's set of events, ``regional``
turns them into what each region receives.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

ORPHAN_WAITING_LIST_EVENT = "orphan_waiting_list_event"
ORPHAN_DISCHARGE = "orphan_discharge"
ANOMALY_KINDS = (ORPHAN_WAITING_LIST_EVENT, ORPHAN_DISCHARGE)


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    """A waiting-list entry: from its registration to its first removal or placement."""

    registration_ref: str
    care_function: str
    home_region: str
    municipality: str  # of residence at the registration (streams.youth_stage.residents)
    provider_agb: str | None  # the provider the registration names (streams.youth_stage.providers)
    registered: date
    closed: date | None
    close_reason: str | None  # a RemovalReason value; PLACED when a placement closed it


@dataclass(frozen=True, slots=True)
class Refusal:
    """An offer a provider refused, dated and placed where it counts."""

    day: date
    care_function: str
    region: str
    municipality: str  # of residence at the refusal
    provider_agb: str | None  # the provider that refused


@dataclass(frozen=True, slots=True)
class Stay:
    """A placement from its start to its first end on or after the start."""

    placement_ref: str
    care_function: str
    provider_agb: str | None
    location: str | None
    contracted: bool  # an unknown (None) contract counts as contracted
    provider_region: str
    home_region: str
    municipality: str  # of residence at the start
    age_band: str  # at the start
    start: date
    end: date | None
    end_reason: str | None
    destination: str | None
    waited_days: int | None
    inter_regional: bool
    replacement: bool
    turned_18: date | None  # the date of the event that shows the youth turned 18


@dataclass(frozen=True, slots=True)
class Orphan:
    """An event that refers to a registration or placement the set does not hold."""

    kind: str  # one of ANOMALY_KINDS
    home_region: str  # the orphan event's own youth.home_region
    municipality: str  # and its youth.municipality
    provider_agb: str | None  # and the provider it names


@dataclass(frozen=True, slots=True)
class YouthFacts:
    waiting_entries: tuple[WaitingEntry, ...]
    refusals: tuple[Refusal, ...]
    stays: tuple[Stay, ...]
    orphans: tuple[Orphan, ...]
    touched: Mapping[str, date]  # region -> latest date of a counted event touching it
    touched_municipalities: Mapping[str, date]  # the same per municipality of residence
    touched_providers: Mapping[str, date]  # the same per provider's part of a region
