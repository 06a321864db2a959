"""The shipped policy files load, and a broken one stops the start naming file and field."""

import shutil
from pathlib import Path

import pytest

from jeugdhub.settings import get_settings
from privacy.regimes import load_regimes, regime
from privacy.regimes.errors import RegimeFileError, UnknownRegimeError

SHIPPED = get_settings().regimes_dir
RECIPIENT_TYPES = {
    "municipality",
    "region",
    "supra-regional",
    "provider",
    "certified-institution",
    "public",
}


def test_every_shipped_regime_loads_with_its_own_name() -> None:
    regimes = load_regimes()
    assert set(regimes) == RECIPIENT_TYPES
    for name, loaded in regimes.items():
        assert loaded.name == name
        assert loaded.recipient_type == name
        assert loaded.legal_basis and loaded.purpose.strip() and loaded.summary.strip()


def test_only_the_certified_institution_may_hold_justice_data() -> None:
    holders = {name for name, loaded in load_regimes().items() if loaded.justice_data}
    assert holders == {"certified-institution"}


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "regimes"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = folder / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture edit {old!r} does not match {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "field"),
    [
        ("region", 'cadence = "daily"', 'cadence = "daily"\ncolour = "red"', "colour"),
        ("municipality", "k = 10", "k = 1", "protection.k"),
        ("region", '"refusals",', '"refusal",', "figures.8"),
        ("provider", "legal_basis = [", "legal_basis_x = [", "legal_basis"),
        ("public", 'cadence = "monthly"', 'cadence = "hourly"', "cadence"),
        ("region", "justice_data = false", "justice_data = true", "justice_data"),
        ("region", "js = 1", "js = 3", "protection.js"),
        (
            "public",
            "releases_per_year = 12",
            "releases_per_year = 4",
            "protection.releases_per_year",
        ),
        ("public", "waiting = 2\n", "", "protection.contributions"),
        ("municipality", 'name = "municipality"', 'name = "gemeente"', "name"),
    ],
)
def test_a_broken_policy_file_fails_naming_file_and_field(
    tmp_path: Path, name: str, old: str, new: str, field: str
) -> None:
    folder = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(RegimeFileError) as failure:
        load_regimes(folder)
    assert failure.value.path == folder / f"{name}.toml"
    assert any(field in where for where, _ in failure.value.problems), failure.value.problems
    assert str(folder / f"{name}.toml") in str(failure.value)


def test_an_empty_legal_basis_fails(tmp_path: Path) -> None:
    path = SHIPPED / "region.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("legal_basis = [")
    end = text.index("]\n", start) + 2
    folder = _broken_copy(tmp_path, "region", text[start:end], "legal_basis = []\n")
    with pytest.raises(RegimeFileError) as failure:
        load_regimes(folder)
    assert [where for where, _ in failure.value.problems] == ["legal_basis"]


def test_invalid_toml_fails_naming_the_file(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "provider", 'cadence = "weekly"', "cadence = weekly")
    with pytest.raises(RegimeFileError, match=r"provider\.toml.*not valid TOML"):
        load_regimes(folder)


def test_an_unknown_regime_name_fails_listing_the_known_ones() -> None:
    with pytest.raises(UnknownRegimeError, match=r"'insurer'.*municipality"):
        regime("insurer")
    assert regime("public").protection.method == "differential-privacy"
