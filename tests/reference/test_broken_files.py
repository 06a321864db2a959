"""A broken reference file must stop the hub at load, naming the file, line and reason."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from jeugdhub.errors import JeugdhubError
from schemas.reference import ReferenceData, ReferenceDataError


@dataclass(frozen=True)
class Damage:
    file: str
    old: str
    new: str
    # where the error must point: the file, and a text on the line (None: no line)
    error_file: str
    error_line_text: str | None
    reason: str


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _damage(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(content.replace(old, new), encoding="utf-8")


DAMAGES = {
    "municipality code without leading zero": Damage(
        "municipalities-2025.csv",
        "0307,Amersfoort,",
        "307,Amersfoort,",
        "municipalities-2025.csv",
        "307,Amersfoort,",
        "cbs_code '307'",
    ),
    "municipality code twice": Damage(
        "municipalities-2025.csv",
        "0307,Amersfoort,",
        "0034,Amersfoort,",
        "municipalities-2025.csv",
        "0034,Amersfoort,",
        "cbs_code '0034' occurs twice",
    ),
    "region missing from the regions file": Damage(
        "regions-2025.csv",
        "eemland,Eemland,utrecht-flevoland\n",
        "",
        "municipalities-2025.csv",
        "0307,Amersfoort,",
        "youth_care_region 'Eemland' is not a region in regions-2025.csv",
    ),
    "region without municipalities": Damage(
        "regions-2025.csv",
        "zuid-oost-utrecht,Zuid-Oost Utrecht,utrecht-flevoland\n",
        "zuid-oost-utrecht,Zuid-Oost Utrecht,utrecht-flevoland\natlantis,Atlantis,\n",
        "regions-2025.csv",
        "atlantis",
        "region has no municipality in municipalities-2025.csv",
    ),
    "region code that is not a slug": Damage(
        "regions-2025.csv",
        "utrecht-stad,",
        "Utrecht stad,",
        "regions-2025.csv",
        "Utrecht stad,Utrecht stad",
        "region_code 'Utrecht stad'",
    ),
    "boolean written otherwise than true or false": Damage(
        "care-functions.csv",
        "foster-care,Pleegzorg,Foster care,true,",
        "foster-care,Pleegzorg,Foster care,yes,",
        "care-functions.csv",
        "foster-care",
        "placement 'yes': Value error, must be 'true' or 'false'",
    ),
    "category default that is no care function": Damage(
        "ijw-product-categories.csv",
        "37,(2015) Met verblijf: gesloten plaatsing,closed,",
        "37,(2015) Met verblijf: gesloten plaatsing,jeugdzorgplus,",
        "ijw-product-categories.csv",
        "37,",
        "unknown care function 'jeugdzorgplus'",
    ),
    "product code for an unknown region": Damage(
        "ijw-product-codes.csv",
        "lekstroom,43,JZP01,",
        "lekstrom,43,JZP01,",
        "ijw-product-codes.csv",
        "lekstrom,43,JZP01,",
        "unknown region_code 'lekstrom'",
    ),
    "renamed column": Damage(
        "care-functions.csv",
        "code,name_nl,",
        "kode,name_nl,",
        "care-functions.csv",
        "kode,name_nl,",
        "expected 'code,name_nl,",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_broken_file_fails_to_load_naming_file_and_line(data_copy: Path, damage: Damage) -> None:
    _damage(data_copy / damage.file, damage.old, damage.new)
    with pytest.raises(ReferenceDataError) as error:
        ReferenceData.load(data_copy)
    path = data_copy / damage.error_file
    line = _line_of(path, damage.error_line_text) if damage.error_line_text else None
    assert (error.value.path, error.value.line) == (path, line)
    assert damage.reason in error.value.reason
    assert str(error.value).startswith(f"reference data {path}, line {line}: ")
    assert isinstance(error.value, JeugdhubError)


def test_missing_file_fails_to_load_naming_the_file(data_copy: Path) -> None:
    (data_copy / "care-functions.csv").unlink()
    with pytest.raises(ReferenceDataError) as error:
        ReferenceData.load(data_copy)
    assert error.value.path == data_copy / "care-functions.csv"
    assert "missing" in str(error.value)


def test_year_without_its_municipality_files_fails_to_load(data_copy: Path) -> None:
    with pytest.raises(ReferenceDataError, match=r"regions-2031\.csv: file is missing"):
        ReferenceData.load(data_copy, year=2031)


def test_file_that_is_not_utf8_fails_to_load(data_copy: Path) -> None:
    path = data_copy / "municipalities-2025.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(ReferenceDataError, match="not UTF-8"):
        ReferenceData.load(data_copy)


def test_intact_copy_loads(data_copy: Path) -> None:
    assert len(ReferenceData.load(data_copy).regions()) == 42
