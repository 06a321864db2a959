"""What one line of each registry file must look like (one pydantic model per file).

The columns of ``providers.csv``, ``locations.csv`` and ``certified-institutions.csv``
are those of the files the hub shipped before it had a registry; ``contracts.csv`` is
new. Dates are written ``yyyy-mm-dd``; an empty ``valid_to`` means open-ended.
"""

from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from schemas.reference.codes import LOCATION_CODE, SLUG
from schemas.reference.rows import AgbCode, CbsCode, CsvBool, Slug, SlugList, Text, empty_is_none


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProviderRow(_Row):
    agb_code: AgbCode
    name: Text
    invented: CsvBool


class LocationRow(_Row):
    agb_code: AgbCode
    location_code: Annotated[str, StringConstraints(pattern=LOCATION_CODE)]
    name: Text
    municipality_code: CbsCode
    care_functions: SlugList


class CertifiedInstitutionRow(_Row):
    code: Annotated[str, StringConstraints(pattern=SLUG, max_length=40)]
    name: Text
    invented: CsvBool


class ContractRow(_Row):
    region_code: Slug
    agb_code: AgbCode
    care_function: Slug
    valid_from: date
    valid_to: Annotated[date | None, BeforeValidator(empty_is_none)]

    @field_validator("valid_to")
    @classmethod
    def _ends_after_it_starts(cls, valid_to: date | None, info: ValidationInfo) -> date | None:
        valid_from = info.data.get("valid_from")
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            raise ValueError("lies before valid_from")
        return valid_to
