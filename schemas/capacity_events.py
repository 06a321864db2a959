"""Events about the places of a provider location, keyed by location.

Capacity is not personal data: these events may flow to recipients in near real time.
"""

from datetime import date
from typing import ClassVar, Self

from pydantic import Field, model_validator

from schemas.records import CareFunctionCode, Envelope, Location, Record, RegionCode
from schemas.vocabulary import PlacesChange


class CapacityEvent(Record):
    envelope: Envelope
    location: Location
    care_function: CareFunctionCode

    @property
    def key(self) -> str:
        return self.location.key


class PlacesDeclared(CapacityEvent):
    """The number of places a location has for a care function, from a date on."""

    avro_name: ClassVar[str] = "PlacesDeclared"
    places: int = Field(ge=0, le=10_000)
    valid_from: date


class BaseAvailabilityAgreed(CapacityEvent):
    """Places the regions guarantee to keep available (basisbeschikbaarheid)."""

    avro_name: ClassVar[str] = "BaseAvailabilityAgreed"
    places: int = Field(ge=0, le=10_000)
    agreed_by: RegionCode = Field(description="the region that agreed it")
    valid_from: date
    valid_until: date | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until lies before valid_from")
        return self


class PlacesChanged(CapacityEvent):
    """Places opened or closed (a group opens, a unit closes for lack of staff)."""

    avro_name: ClassVar[str] = "PlacesChanged"
    change: PlacesChange
    places: int = Field(gt=0, le=10_000)


CAPACITY_EVENT_TYPES: tuple[type[CapacityEvent], ...] = (
    PlacesDeclared,
    BaseAvailabilityAgreed,
    PlacesChanged,
)
