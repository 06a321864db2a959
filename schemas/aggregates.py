"""The per-region figures the stream processors publish (``jeugdhub.agg.region-figures.v1``).

Full detail, internal only: person-derived counts reach a recipient only through its
privacy regime (egress). Definitions: ``streams/DEFINITIONS.md``. The same record type
carries the figures of justice data alone on ``jeugdhub.agg.justice-region-figures.v1``,
the general figures per municipality of residence on
``jeugdhub.agg.municipality-figures.v1`` (there ``region`` is the municipality's CBS code)
and per provider's part of a region on ``jeugdhub.agg.provider-figures.v1`` (``region``:
``<AGB code>@<region>``).

Every person-derived count has a cell key beside it (``..._key``, or ``key``): the sum of
the record keys of the youths counted in it, mod 2**32 (``streams/youth_stage/record_key.py``), for
cell-key perturbation by the egress. The key of a sum of cells is the sum of their keys
mod 2**32. Capacity (places declared, base availability) is not personal data: no key.
The key fields have defaults, so records written before them stay readable (key 0).
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import Field

from schemas.records import AVRO_LONG, Record

CellKey = Annotated[int, AVRO_LONG, Field(ge=0, lt=2**32)]


class CareFunctionNow(Record):
    avro_name: ClassVar[str] = "CareFunctionNow"
    care_function: str
    places_declared: int
    occupied: int
    free: int
    occupancy_pct: float | None = None
    base_availability: int
    shortfall: int
    waiting_now: int
    waiting_days_median: int | None = None
    waiting_days_p90: int | None = None
    occupied_key: CellKey = 0
    waiting_key: CellKey = 0  # of waiting_now


class DestinationCount(Record):
    avro_name: ClassVar[str] = "DestinationCount"
    destination: str
    count: int
    key: CellKey = 0


class DailyFlow(Record):
    """The flows of one care function on one day; zero measures are 0."""

    avro_name: ClassVar[str] = "DailyFlow"
    care_function: str
    day: date
    registrations: int = 0
    placements: int = 0
    discharges: list[DestinationCount] = Field(default_factory=list)
    replacements: int = 0
    refusals: int = 0
    non_contracted: int = 0
    placements_17_plus: int = 0
    transitions_18: int = 0
    registrations_key: CellKey = 0
    placements_key: CellKey = 0
    replacements_key: CellKey = 0
    refusals_key: CellKey = 0
    non_contracted_key: CellKey = 0
    placements_17_plus_key: CellKey = 0
    transitions_18_key: CellKey = 0


class DayCount(Record):
    avro_name: ClassVar[str] = "DayCount"
    day: date
    count: int
    key: CellKey = 0


class MatrixEntry(Record):
    """Stays in this (provider) region of youths from one home region."""

    avro_name: ClassVar[str] = "MatrixEntry"
    home_region: str
    open: int
    started: list[DayCount] = Field(
        description="stays started per day from the record's `daily_from` on (older days "
        "are not repeated)"
    )
    open_key: CellKey = 0


class AnomalyCount(Record):
    avro_name: ClassVar[str] = "AnomalyCount"
    kind: str
    count: int


class RegionFiguresPublished(Record):
    """One region's figures as of an event date (key: the region code)."""

    avro_name: ClassVar[str] = "RegionFiguresPublished"
    region: str = Field(
        description="region code; on the municipality-figures topic the CBS code of the "
        "municipality of residence, on the provider-figures topic a provider's part of a "
        "region (<AGB code>@<region code>)"
    )
    as_of: date = Field(description="event time: the end of this day")
    published_at: datetime
    daily_from: date = Field(description="first day of `daily` (older days are not repeated)")
    now: list[CareFunctionNow]
    daily: list[DailyFlow]
    flow_matrix: list[MatrixEntry]
    anomalies: list[AnomalyCount]


# The key of a provider's part of a region on the provider-figures topic
# (streams.youth_stage.providers).
PROVIDER_PART = "@"


def provider_part(provider_agb: str | None, region: str) -> str | None:
    """The area of a provider's part of a region; None when no provider is named."""
    return None if provider_agb is None else f"{provider_agb}{PROVIDER_PART}{region}"


def parts_of_provider(provider_agb: str, areas: Iterable[str]) -> list[str]:
    """Those of ``areas`` that are the provider's own parts, in order."""
    return sorted(area for area in areas if area.startswith(provider_agb + PROVIDER_PART))


def region_of_part(area: str) -> str:
    """The region of a provider's part (``<AGB>@<region>``)."""
    return area.partition(PROVIDER_PART)[2]
