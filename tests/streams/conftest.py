import pytest

from tests.factories import make_edge
from tests.streams.events import EventMaker


@pytest.fixture(scope="module")
def make(tmp_path_factory: pytest.TempPathFactory) -> EventMaker:
    """One edge (one key store) per module, so pseudonyms and case references agree."""
    return EventMaker(make_edge(tmp_path_factory.mktemp("edge")))
