"""Reads every reference data file and checks the files against each other.

Each file is validated row by row (``table``); this module adds what no single row can
know: that a municipality's region exists and every region has municipalities, that the
regions, categories and care functions other files name exist. Every failure names the
file and the line to fix. Organisations are not here: they are the registry's
(``registry.importing`` checks its files the same way).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from schemas.reference.errors import ReferenceDataError
from schemas.reference.models import (
    CareFunction,
    IjwProductCategory,
    Municipality,
    Region,
)
from schemas.reference.rows import (
    CareFunctionRow,
    IjwProductCategoryRow,
    IjwProductCodeRow,
    MunicipalityRow,
    PostcodeRangeRow,
    RegionRow,
)
from schemas.reference.table import Numbered, index_by, read_rows

# (first PC4, last PC4, CBS code)
PostcodeRange = tuple[int, int, str]
# (region code, iJw category, product code)
ProductCodeKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Tables:
    """All reference data, validated and cross-checked, keyed for lookup."""

    regions: Mapping[str, Region]
    municipalities: Mapping[str, Municipality]
    care_functions: Mapping[str, CareFunction]
    ijw_categories: Mapping[str, IjwProductCategory]
    ijw_product_codes: Mapping[ProductCodeKey, str]  # → care-function code
    postcode_ranges: tuple[PostcodeRange, ...]  # sorted, not overlapping


def load_tables(data_dir: Path, year: int) -> Tables:
    """Read the files in ``data_dir``, with municipalities and regions as of ``year``."""
    regions_path = data_dir / f"regions-{year}.csv"
    municipalities_path = data_dir / f"municipalities-{year}.csv"

    region_rows = _region_rows(regions_path)
    municipalities = _municipalities(municipalities_path, region_rows, regions_path.name)
    _require_used(
        regions_path,
        {code: numbered.line for code, numbered in region_rows.items()},
        {municipality.region_code for municipality in municipalities.values()},
        f"region has no municipality in {municipalities_path.name}",
    )
    care_functions = _care_functions(data_dir / "care-functions.csv")
    categories = _ijw_categories(data_dir / "ijw-product-categories.csv", care_functions)
    return Tables(
        regions={code: _region(numbered.row) for code, numbered in region_rows.items()},
        municipalities=municipalities,
        care_functions=care_functions,
        ijw_categories=categories,
        ijw_product_codes=_ijw_product_codes(
            data_dir / "ijw-product-codes.csv", region_rows, categories, care_functions
        ),
        postcode_ranges=_postcode_ranges(data_dir / f"postcodes-pc4-{year}.csv", municipalities),
    )


def _require(condition: bool, path: Path, line: int, reason: str) -> None:
    if not condition:
        raise ReferenceDataError(path, line, reason)


def _require_used(path: Path, lines: Mapping[str, int], used: set[str], reason: str) -> None:
    for code, line in lines.items():
        _require(code in used, path, line, reason)


def _region_rows(path: Path) -> dict[str, Numbered[RegionRow]]:
    rows = read_rows(path, RegionRow)
    # Municipalities name their region, so two regions with one name would be ambiguous.
    index_by(path, rows, lambda row: row.name, "region name")
    return index_by(path, rows, lambda row: row.region_code, "region_code")


def _region(row: RegionRow) -> Region:
    return Region(code=row.region_code, name=row.name, cooperation=row.cooperation)


def _municipalities(
    path: Path, regions: Mapping[str, Numbered[RegionRow]], regions_file: str
) -> dict[str, Municipality]:
    region_by_name = {numbered.row.name: code for code, numbered in regions.items()}
    rows = index_by(path, read_rows(path, MunicipalityRow), lambda row: row.cbs_code, "cbs_code")
    municipalities: dict[str, Municipality] = {}
    for code, numbered in rows.items():
        row = numbered.row
        region_code = region_by_name.get(row.youth_care_region)
        if region_code is None:
            reason = (
                f"youth_care_region {row.youth_care_region!r} is not a region in {regions_file}"
            )
            raise ReferenceDataError(path, numbered.line, reason)
        municipalities[code] = Municipality(
            code=code, name=row.name, province=row.province, region_code=region_code
        )
    return municipalities


def _care_functions(path: Path) -> dict[str, CareFunction]:
    rows = index_by(path, read_rows(path, CareFunctionRow), lambda row: row.code, "code")
    return {
        code: CareFunction(
            code=code,
            name_nl=numbered.row.name_nl,
            name_en=numbered.row.name_en,
            placement=numbered.row.placement,
            description=numbered.row.description,
        )
        for code, numbered in rows.items()
    }


def _ijw_categories(
    path: Path, care_functions: Mapping[str, CareFunction]
) -> dict[str, IjwProductCategory]:
    rows = index_by(
        path, read_rows(path, IjwProductCategoryRow), lambda row: row.category, "category"
    )
    categories: dict[str, IjwProductCategory] = {}
    for category, numbered in rows.items():
        row = numbered.row
        _require_care_function(row.default_care_function, care_functions, path, numbered.line)
        categories[category] = IjwProductCategory(
            category=category,
            name_nl=row.name_nl,
            default_care_function=row.default_care_function,
            needs_product_code=row.needs_product_code,
        )
    return categories


def _ijw_product_codes(
    path: Path,
    regions: Mapping[str, object],
    categories: Mapping[str, IjwProductCategory],
    care_functions: Mapping[str, CareFunction],
) -> dict[ProductCodeKey, str]:
    rows = index_by(
        path,
        read_rows(path, IjwProductCodeRow),
        lambda row: (row.region_code, row.category, row.product_code),
        "region_code, category and product_code",
    )
    for numbered in rows.values():
        row = numbered.row
        _require(
            row.region_code in regions,
            path,
            numbered.line,
            f"unknown region_code {row.region_code!r}",
        )
        _require(
            row.category in categories, path, numbered.line, f"unknown category {row.category!r}"
        )
        _require_care_function(row.care_function, care_functions, path, numbered.line)
    return {key: numbered.row.care_function for key, numbered in rows.items()}


def _require_care_function(
    code: str, care_functions: Mapping[str, CareFunction], path: Path, line: int
) -> None:
    _require(code in care_functions, path, line, f"unknown care function {code!r}")


def _postcode_ranges(
    path: Path, municipalities: Mapping[str, Municipality]
) -> tuple[PostcodeRange, ...]:
    rows = sorted(read_rows(path, PostcodeRangeRow), key=lambda numbered: numbered.row.pc4_from)
    ranges: list[PostcodeRange] = []
    for numbered in rows:
        row = numbered.row
        _require(row.pc4_from <= row.pc4_to, path, numbered.line, "pc4_from lies after pc4_to")
        _require(
            row.municipality_code in municipalities,
            path,
            numbered.line,
            f"municipality_code {row.municipality_code!r} is not a municipality",
        )
        _require(
            not ranges or ranges[-1][1] < row.pc4_from,
            path,
            numbered.line,
            "range overlaps the range before it",
        )
        ranges.append((row.pc4_from, row.pc4_to, row.municipality_code))
    return tuple(ranges)
