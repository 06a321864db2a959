"""The building blocks every event shares: the envelope, the youth, the care, a location.

Models are frozen and forbid unknown fields. Codes are checked against the reference data
(``schemas.reference``) when a model is built, so an event with an unknown municipality,
region, care function or provider cannot exist.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jeugdhub.errors import InvalidInputError
from schemas.reference import reference_data
from schemas.vocabulary import AgeBand, LegalFramework, OrganisationType, is_justice_data

AVRO_NAMESPACE = "nl.jeugdhub.events"


class _AvroLong:
    """``Annotated[int, AVRO_LONG]``: an int that ``schemas.avro_export`` writes as an Avro
    long (64 bits), for values an Avro int (32 bits, signed) cannot hold."""

    def __repr__(self) -> str:
        return "AVRO_LONG"


AVRO_LONG = _AvroLong()


class Record(BaseModel):
    """Base of every model that is also an Avro record (see ``schemas.avro_export``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)
    avro_name: ClassVar[str] = ""  # set by every record type; names its Avro schema


def _reference_check(lookup: Callable[[str], object]) -> Callable[[str], str]:
    """A pydantic validator that accepts a code only when the reference data knows it."""

    def check(code: str) -> str:
        try:
            lookup(code)
        except InvalidInputError as error:
            raise ValueError(error.reason) from None
        return code

    return check


def _canonical_municipality(code: str) -> str:
    try:
        return reference_data().municipality(code).code
    except InvalidInputError as error:
        raise ValueError(error.reason) from None


MunicipalityCode = Annotated[
    str,
    AfterValidator(_canonical_municipality),
    Field(description="CBS municipality code, 4 digits with leading zeros (no GM prefix)"),
]
RegionCode = Annotated[
    str,
    AfterValidator(_reference_check(lambda c: reference_data().region(c))),
    Field(description="youth-care region code from the reference data"),
]
CareFunctionCode = Annotated[
    str,
    AfterValidator(_reference_check(lambda c: reference_data().care_function(c))),
    Field(description="care-function code from the reference data"),
]
AgbCode = Annotated[
    str,
    AfterValidator(_reference_check(lambda c: reference_data().provider(c))),
    Field(description="AGB code of a provider organisation, 8 digits"),
]
PseudonymValue = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{64}$",
        description="keyed pseudonym (Ed25519 group element, hex); never a raw identifier",
    ),
]
EventId = Annotated[
    str,
    Field(pattern=r"^[0-9a-f]{64}$", description="deterministic event id (hex)"),
]
UtcTimestamp = Annotated[datetime, Field(description="timezone-aware instant")]


class Source(Record):
    """The organisation that reported the event."""

    avro_name: ClassVar[str] = "Source"
    organisation_type: OrganisationType
    code: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z._-]+$")

    @model_validator(mode="after")
    def _code_matches_type(self) -> Self:
        data = reference_data()
        checks: dict[OrganisationType, Callable[[str], object]] = {
            OrganisationType.PROVIDER: data.provider,
            OrganisationType.MUNICIPALITY: data.municipality,
            OrganisationType.CERTIFIED_INSTITUTION: data.certified_institution,
            OrganisationType.REGION: data.region,
        }
        check = checks.get(self.organisation_type)
        if check is not None:
            try:
                check(self.code)
            except InvalidInputError as error:
                raise ValueError(f"code: {error.reason}") from None
        return self


class Envelope(Record):
    """What every event carries, whatever its type."""

    avro_name: ClassVar[str] = "Envelope"
    event_id: EventId
    occurred_at: UtcTimestamp = Field(description="event time: when it happened")
    reported_at: UtcTimestamp = Field(description="when the source reported it")
    source: Source
    schema_version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _aware_times(self) -> Self:
        for name in ("occurred_at", "reported_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"{name} must carry a time zone")
        return self


class Youth(Record):
    """The youth an event is about: pseudonymised and generalised, never identifying."""

    avro_name: ClassVar[str] = "Youth"
    pseudonym: PseudonymValue
    pseudonym_key_version: int = Field(ge=1)
    age_band: AgeBand
    age_band_approximate: bool = Field(
        description="the birth date was partly unknown and the band is one of two possible"
    )
    municipality: MunicipalityCode = Field(description="municipality of residence")
    home_region: RegionCode

    @model_validator(mode="after")
    def _region_of_municipality(self) -> Self:
        if reference_data().municipality(self.municipality).region_code != self.home_region:
            raise ValueError("home_region is not the region of municipality")
        return self


class Care(Record):
    """What care, by whom, under which law."""

    avro_name: ClassVar[str] = "Care"
    care_function: CareFunctionCode
    provider_agb: AgbCode | None = None
    provider_location: str | None = Field(default=None, max_length=20)
    contracted: bool | None = Field(
        default=None, description="care bought under a regional contract (None: unknown)"
    )
    legal_framework: LegalFramework = LegalFramework.VOLUNTARY
    provider_region: RegionCode | None = Field(
        default=None,
        description="the region of a location that is one household (a family home, a "
        "foster family), carried instead of the location itself",
    )

    @property
    def is_justice_data(self) -> bool:
        """Whether this care is justice-regime data (``schemas.vocabulary.is_justice_data``)."""
        return is_justice_data(self.care_function, self.legal_framework)

    @model_validator(mode="after")
    def _location_of_provider(self) -> Self:
        if self.provider_region is not None and self.provider_location is not None:
            raise ValueError("provider_region stands in for provider_location: not both")
        if self.provider_location is not None:
            if self.provider_agb is None:
                raise ValueError("provider_location needs provider_agb")
            try:
                reference_data().location(self.provider_agb, self.provider_location)
            except InvalidInputError as error:
                raise ValueError(f"provider_location: {error.reason}") from None
        return self


class Location(Record):
    """A provider location: the key of capacity events."""

    avro_name: ClassVar[str] = "Location"
    provider_agb: AgbCode
    location_code: str = Field(min_length=1, max_length=20)
    municipality: MunicipalityCode
    region: RegionCode

    @model_validator(mode="after")
    def _known_location(self) -> Self:
        try:
            known = reference_data().location(self.provider_agb, self.location_code)
        except InvalidInputError as error:
            raise ValueError(f"location_code: {error.reason}") from None
        if (known.municipality_code, known.region_code) != (self.municipality, self.region):
            raise ValueError("municipality and region differ from the location's reference data")
        return self

    @property
    def key(self) -> str:
        return f"{self.provider_agb}:{self.location_code}"
