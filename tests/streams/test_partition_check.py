"""faust's changelog partition check waits for the changelog's metadata instead of
stopping the worker (``streams.worker.partition_check``); a real mismatch still stops it."""

from types import SimpleNamespace

import pytest
from faust.exceptions import PartitionsMismatch
from faust.tables.base import Collection

from streams.worker.partition_check import check_partitions_once_known


class _Table:
    """What faust's check reads of a table: its name, changelog topic and the consumer's
    partition counts (a pure stand-in: the check itself is faust's own code)."""

    def __init__(self, partitions: dict[str, int]) -> None:
        self.name = "youths"
        self.changelog_topic_name = "app-youths-changelog"
        self.app = SimpleNamespace(consumer=SimpleNamespace(topic_partitions=partitions.get))
        self._verified_source_topics_for_partitions: set[str] = set()


@pytest.fixture(autouse=True)
def patched() -> None:
    check_partitions_once_known()


def _check(table: _Table, source: str) -> None:
    Collection._verify_source_topic_partitions(table, source)  # type: ignore[arg-type]


def test_a_changelog_not_known_yet_is_checked_again_later() -> None:
    table = _Table({"care-events": 6, "app-youths-changelog": 0})

    _check(table, "care-events")  # faust alone raises PartitionsMismatch here

    assert table._verified_source_topics_for_partitions == set()  # not taken as checked
    table.app.consumer.topic_partitions = {"care-events": 6, "app-youths-changelog": 6}.get
    _check(table, "care-events")
    assert table._verified_source_topics_for_partitions == {"care-events"}


def test_a_real_mismatch_still_stops_the_worker() -> None:
    table = _Table({"care-events": 6, "app-youths-changelog": 3})

    with pytest.raises(PartitionsMismatch, match="3"):
        _check(table, "care-events")
