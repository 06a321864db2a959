"""What one line of each reference data file must look like (one pydantic model per file).

Field names are the column names. Every value arrives as text; booleans must be written
``true`` or ``false`` and nothing else, so that a stray ``yes`` or ``1`` in a hand-edited
file is an error rather than a guess.
"""

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from schemas.reference.codes import (
    AGB_CODE,
    CBS_CODE,
    IJW_CATEGORY,
    PRODUCT_CODE,
    SLUG,
)

_CSV_BOOLEANS = {"true": True, "false": False}


def _csv_bool(value: object) -> object:
    if isinstance(value, str):
        if value not in _CSV_BOOLEANS:
            raise ValueError("must be 'true' or 'false'")
        return _CSV_BOOLEANS[value]
    return value


def empty_is_none(value: object) -> object:
    return None if value == "" else value


def _split_bars(value: object) -> object:
    return value.split("|") if isinstance(value, str) else value


def _no_duplicates(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise ValueError("lists a value twice")
    return values


CsvBool = Annotated[bool, BeforeValidator(_csv_bool)]
# Non-empty, without leading or trailing whitespace.
Text = Annotated[str, StringConstraints(pattern=r"^\S(?:.*\S)?$")]
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=40)]
CbsCode = Annotated[str, StringConstraints(pattern=CBS_CODE)]
AgbCode = Annotated[str, StringConstraints(pattern=AGB_CODE)]
IjwCategory = Annotated[str, StringConstraints(pattern=IJW_CATEGORY)]
SlugList = Annotated[
    tuple[Slug, ...],
    BeforeValidator(_split_bars),
    AfterValidator(_no_duplicates),
]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MunicipalityRow(_Row):
    cbs_code: CbsCode
    name: Text
    province: Text
    youth_care_region: Text  # the region's name, as in the regions file


class RegionRow(_Row):
    region_code: Slug
    name: Text
    cooperation: Annotated[Slug | None, BeforeValidator(empty_is_none)]


class CareFunctionRow(_Row):
    code: Slug
    name_nl: Text
    name_en: Text
    placement: CsvBool
    description: Text


class IjwProductCategoryRow(_Row):
    category: IjwCategory
    name_nl: Text
    default_care_function: Slug
    needs_product_code: CsvBool


class IjwProductCodeRow(_Row):
    region_code: Slug
    category: IjwCategory
    product_code: Annotated[str, StringConstraints(pattern=PRODUCT_CODE)]
    care_function: Slug
    invented: CsvBool


class PostcodeRangeRow(_Row):
    pc4_from: int = Field(ge=1000, le=9999)
    pc4_to: int = Field(ge=1000, le=9999)
    municipality_code: CbsCode
