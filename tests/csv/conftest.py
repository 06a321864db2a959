import pytest

from privacy.edge import Edge
from tests.factories import make_edge


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Edge:
    """The real privacy edge, with a key store of its own."""
    return make_edge(tmp_path_factory.mktemp("keys"))
