"""A writable copy of the reference data files (``reference`` is in tests/conftest.py)."""

import shutil
from pathlib import Path

import pytest

from schemas.reference.lookup import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data files that a test may break."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
