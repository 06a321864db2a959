"""The reference data as the hub loads it, and a writable copy of its files."""

import shutil
from pathlib import Path

import pytest

from schemas.reference import ReferenceData, reference_data
from schemas.reference.lookup import DATA_DIR


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return reference_data()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data files that a test may break."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
