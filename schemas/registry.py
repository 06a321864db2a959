"""The organisation registry's records, as they travel on ``jeugdhub.registry.v1``.

One record type per kind of entry (told apart by the writer schema's fingerprint, as on
every topic), keyed by what it describes, so that the compacted topic keeps the latest
entry of every provider, location, certified institution and contract. Deactivating an
organisation writes its entry again with ``active`` false: never a tombstone, because
the events it sent stay on Kafka and must keep a known sender.

The codes are checked against the reference data here only where that data is static
(municipalities, regions, care functions); that a location's provider exists is the
registry's own cross-check (``registry.importing``).
"""

from datetime import date, datetime
from typing import ClassVar

from pydantic import Field

from schemas.records import CareFunctionCode, MunicipalityCode, Record, RegionCode
from schemas.reference.codes import AGB_CODE, LOCATION_CODE, SLUG

_CHANGED_AT = "when the registry last changed this entry"


class _Organisation(Record):
    """What a provider and a certified institution both have."""

    name: str = Field(min_length=1, max_length=200)
    invented: bool = Field(description="the code is made up (demo and tests)")
    active: bool = Field(description="false: deactivated; its submissions are refused")
    changed_at: datetime = Field(description=_CHANGED_AT)


class RegistryProvider(_Organisation):
    """A provider (jeugdhulpaanbieder) by its AGB code."""

    avro_name: ClassVar[str] = "RegistryProvider"
    agb_code: str = Field(pattern=AGB_CODE)

    @property
    def key(self) -> str:
        return f"provider:{self.agb_code}"


class RegistryLocation(Record):
    """A place where a provider gives care; its region is that of its municipality."""

    avro_name: ClassVar[str] = "RegistryLocation"
    agb_code: str = Field(pattern=AGB_CODE)
    location_code: str = Field(pattern=LOCATION_CODE)
    name: str = Field(min_length=1, max_length=200)
    municipality: MunicipalityCode
    care_functions: list[CareFunctionCode] = Field(min_length=1)
    active: bool = Field(description="false: deactivated; its capacity reports are refused")
    changed_at: datetime = Field(description=_CHANGED_AT)

    @property
    def key(self) -> str:
        return f"location:{self.agb_code}/{self.location_code}"


class RegistryCertifiedInstitution(_Organisation):
    """A certified institution (GI): child protection and youth probation."""

    avro_name: ClassVar[str] = "RegistryCertifiedInstitution"
    code: str = Field(pattern=SLUG, max_length=40)

    @property
    def key(self) -> str:
        return f"certified-institution:{self.code}"


class RegistryContract(Record):
    """A region buys a care function from a provider, from one day up to and including another."""

    avro_name: ClassVar[str] = "RegistryContract"
    region: RegionCode = Field(description="the contracting youth-care region")
    agb_code: str = Field(pattern=AGB_CODE)
    care_function: CareFunctionCode
    valid_from: date
    valid_to: date | None = Field(default=None, description="last day; none: open-ended")
    changed_at: datetime = Field(description=_CHANGED_AT)

    @property
    def key(self) -> str:
        return f"contract:{self.region}/{self.agb_code}/{self.care_function}/{self.valid_from}"


RegistryEntry = (
    RegistryProvider | RegistryLocation | RegistryCertifiedInstitution | RegistryContract
)
REGISTRY_ENTRY_TYPES: tuple[type[Record], ...] = (
    RegistryProvider,
    RegistryLocation,
    RegistryCertifiedInstitution,
    RegistryContract,
)
