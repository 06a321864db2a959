"""One edge with its own keys per test module: records must pass the real privacy edge."""

import pytest

from privacy.edge import Edge
from tests.factories import make_edge


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Edge:
    return make_edge(tmp_path_factory.mktemp("keys"))
