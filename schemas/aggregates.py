"""The per-region figures the stream processors publish (``jeugdhub.agg.region-figures.v1``).

Full detail, internal only: person-derived counts reach a recipient only through its
privacy regime (egress). Definitions: ``streams/DEFINITIONS.md``.
"""

from datetime import date, datetime
from typing import ClassVar

from pydantic import Field

from schemas.records import Record


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


class DestinationCount(Record):
    avro_name: ClassVar[str] = "DestinationCount"
    destination: str
    count: int


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


class DayCount(Record):
    avro_name: ClassVar[str] = "DayCount"
    day: date
    count: int


class MatrixEntry(Record):
    """Stays in this (provider) region of youths from one home region."""

    avro_name: ClassVar[str] = "MatrixEntry"
    home_region: str
    open: int
    started: list[DayCount] = Field(
        description="stays started per day from the record's `daily_from` on (older days "
        "are not repeated)"
    )


class AnomalyCount(Record):
    avro_name: ClassVar[str] = "AnomalyCount"
    kind: str
    count: int


class RegionFiguresPublished(Record):
    """One region's figures as of an event date (key: the region code)."""

    avro_name: ClassVar[str] = "RegionFiguresPublished"
    region: str
    as_of: date = Field(description="event time: the end of this day")
    published_at: datetime
    daily_from: date = Field(description="first day of `daily` (older days are not repeated)")
    now: list[CareFunctionNow]
    daily: list[DailyFlow]
    flow_matrix: list[MatrixEntry]
    anomalies: list[AnomalyCount]
