"""A registry directory is checked row by row: a problem names the file, the line and the field."""

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from registry.importing import read_import
from registry.operations import DEMO_DIR
from registry.state import Entries
from schemas.reference import ReferenceDataError
from schemas.registry import RegistryContract, RegistryLocation, RegistryProvider

NOW = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO_DIR, tmp_path / "registry"))


def _registered(directory: Path = DEMO_DIR) -> Entries:
    return {entry.key: entry for entry in read_import(directory, {}, NOW).changes}


@dataclass(frozen=True)
class Damage:
    file: str
    old: str
    new: str
    line_text: str  # a text on the line the error must name
    reason: str  # what the error must say, the field first


DAMAGES = {
    "provider AGB code of seven digits": Damage(
        "providers.csv",
        "99000015,Youké,true",
        "9900015,Youké,true",
        "9900015",
        "agb_code '9900015'",
    ),
    "invented written otherwise than true or false": Damage(
        "providers.csv", "99000015,Youké,true", "99000015,Youké,ja", "99000015", "invented 'ja'"
    ),
    "provider twice": Damage(
        "providers.csv",
        "99000015,Youké,true",
        "99000015,Youké,true\n99000015,Youké again,true",
        "Youké again",
        "agb_code '99000015' occurs twice",
    ),
    "provider without a location": Damage(
        "providers.csv",
        "99000015,Youké,true",
        "99000015,Youké,true\n99000016,Nobody,true",
        "99000016",
        "agb_code '99000016': provider has no location in locations.csv",
    ),
    "location in an unknown municipality": Damage(
        "locations.csv",
        "Timon Dronten,0303,",
        "Timon Dronten,0300,",
        "Timon Dronten",
        "municipality_code '0300': unknown municipality code",
    ),
    "location with an unknown care function": Damage(
        "locations.csv",
        "Youké Lelystad,0995,closed",
        "Youké Lelystad,0995,closed|jeugdzorgplus",
        "Youké Lelystad",
        "care_functions 'jeugdzorgplus': unknown care function code",
    ),
    "location of a provider nobody registered": Damage(
        "locations.csv",
        "99000015,L02,Youké Lelystad",
        "99000099,L02,Youké Lelystad",
        "99000099",
        "agb_code '99000099': not a registered provider nor in providers.csv",
    ),
    "location with a field too many": Damage(
        "locations.csv",
        "Timon Dronten,0303,family-home",
        "Timon Dronten,0303,family-home,foster-care",
        "Timon Dronten",
        "expected 5 fields, found 6",
    ),
    "contract for an unknown region": Damage(
        "contracts.csv",
        "eemland,99000001,crisis,",
        "eemlant,99000001,crisis,",
        "eemlant",
        "region_code 'eemlant': unknown region code",
    ),
    "contract that ends before it starts": Damage(
        "contracts.csv",
        "lekstroom,99000010,ambulatory,2025-01-01,2026-03-31",
        "lekstroom,99000010,ambulatory,2025-01-01,2024-03-31",
        "lekstroom,99000010,ambulatory",
        "valid_to '2024-03-31': Value error, lies before valid_from",
    ),
    "contract date in Dutch notation": Damage(
        "contracts.csv",
        "lekstroom,99000010,ambulatory,2025-01-01,2026-03-31",
        "lekstroom,99000010,ambulatory,01-01-2025,2026-03-31",
        "lekstroom,99000010,ambulatory",
        "valid_from '01-01-2025'",
    ),
    "renamed column": Damage(
        "certified-institutions.csv", "code,name,invented", "gi,name,invented", "gi,name", "header"
    ),
}


def _damage(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(content.replace(old, new), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_broken_row_names_file_line_and_field(demo_copy: Path, damage: Damage) -> None:
    path = demo_copy / damage.file
    _damage(path, damage.old, damage.new)

    with pytest.raises(ReferenceDataError) as error:
        read_import(demo_copy, {}, NOW)

    assert (error.value.path, error.value.line) == (path, _line_of(path, damage.line_text))
    assert error.value.reason.startswith(damage.reason)
    assert str(error.value).startswith(f"reference data {path}, line {error.value.line}: ")


def test_missing_locations_file_names_the_file(demo_copy: Path) -> None:
    (demo_copy / "locations.csv").unlink()

    with pytest.raises(ReferenceDataError, match=r"locations\.csv: file is missing"):
        read_import(demo_copy, {}, NOW)


def test_optional_files_may_be_absent(demo_copy: Path) -> None:
    (demo_copy / "contracts.csv").unlink()
    (demo_copy / "certified-institutions.csv").unlink()

    changes = read_import(demo_copy, {}, NOW).changes

    assert {type(entry) for entry in changes} == {RegistryProvider, RegistryLocation}


def test_a_location_may_belong_to_a_provider_registered_before(tmp_path: Path) -> None:
    (tmp_path / "providers.csv").write_text("agb_code,name,invented\n")
    (tmp_path / "locations.csv").write_text(
        "agb_code,location_code,name,municipality_code,care_functions\n"
        "99000001,L09,Altrecht Amersfoort,0307,crisis\n"
    )

    (location,) = read_import(tmp_path, _registered(), NOW).changes

    assert isinstance(location, RegistryLocation)
    assert location.key == "location:99000001/L09"


def test_a_registered_location_cannot_move_to_another_municipality(tmp_path: Path) -> None:
    (tmp_path / "providers.csv").write_text("agb_code,name,invented\n")
    (tmp_path / "locations.csv").write_text(
        "agb_code,location_code,name,municipality_code,care_functions\n"
        "99000001,L01,Altrecht kliniek Utrecht,0307,crisis\n"
    )

    with pytest.raises(ReferenceDataError) as error:
        read_import(tmp_path, _registered(), NOW)

    assert error.value.line == 2
    assert error.value.reason.startswith("municipality_code '0307': the location is registered in")


def test_importing_the_registered_state_again_changes_nothing() -> None:
    again = read_import(DEMO_DIR, _registered(), NOW)

    assert again.changes == []
    assert again.unchanged == len(_registered())


def test_a_changed_contract_end_is_the_only_change(demo_copy: Path) -> None:
    _damage(
        demo_copy / "contracts.csv",
        "lekstroom,99000010,ambulatory,2025-01-01,2026-03-31",
        "lekstroom,99000010,ambulatory,2025-01-01,2026-06-30",
    )

    (change,) = read_import(demo_copy, _registered(), NOW).changes

    assert isinstance(change, RegistryContract)
    assert change.valid_to == date(2026, 6, 30)


def test_a_row_for_a_deactivated_provider_registers_it_again() -> None:
    registered = dict(_registered())
    key = "provider:99000015"
    registered[key] = registered[key].model_copy(update={"active": False})

    (change,) = read_import(DEMO_DIR, registered, NOW).changes

    assert isinstance(change, RegistryProvider)
    assert change.key == key and change.active
