"""The reference data with the demo registry installed (tests/conftest.py installs it)."""

import pytest

from schemas.reference import ReferenceData, reference_data


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return reference_data()
