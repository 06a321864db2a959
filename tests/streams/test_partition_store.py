"""A stage's local store keeps how far it read each input partition, across a restart,
apart from its values; a store that read beyond a partition's end, or that is older than
the erasures its topic keeps, is dropped (streams.worker.partition_store); stage 2's view
is rebuilt without a dropped partition (streams.region_stage.hold)."""

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from streams.messages import YOUTH, RegionMessage
from streams.region_stage.hold import Hold
from streams.region_stage.region_store import RegionStore
from streams.worker.partition_store import PartitionStore, Stored

HELD = RegionMessage(YOUTH, "youth-1", b'{"held":1}')
STATE = Stored(41, b"state of youth-1")
HOUR_S = 3600.0


class _Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _store_that_read_to(folder: Path, offset: int, clock: _Clock | None = None) -> None:
    store = PartitionStore(folder, "care-events", clock=clock or _Clock())
    store.put(3, b"youth-1", STATE)
    store.mark_read_to(3, offset)
    store.close()


@pytest.fixture
def reopened(tmp_path: Path) -> Iterator[PartitionStore]:
    """A store that read partition 3 to offset 42, opened again (as after a restart)."""
    _store_that_read_to(tmp_path, 42)
    store = PartitionStore(tmp_path, "care-events")
    yield store
    store.close()


def test_how_far_a_partition_was_read_survives_a_restart(reopened: PartitionStore) -> None:
    assert reopened.read_to(3) == 42
    assert reopened.read_to(4) == 0  # never read
    assert list(reopened.items(3)) == [(b"youth-1", STATE)]  # the mark is no value
    assert reopened.get(3, b"youth-1") == STATE


def test_a_pass_resumes_where_the_store_stopped_reading(
    reopened: PartitionStore, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        assert reopened.resume_at(3, first=0, end=50) == 42
    assert "care-events partition 3: read from offset 42" in caplog.text
    assert reopened.resume_at(4, first=0, end=50) == 0
    assert list(reopened.items(3)) == [(b"youth-1", STATE)]


def test_a_partition_whose_head_was_deleted_past_the_mark_is_read_from_its_start(
    reopened: PartitionStore, caplog: pytest.LogCaptureFixture
) -> None:
    assert reopened.resume_at(3, first=45, end=50) == 45
    assert "the messages in between were deleted before it read them" in caplog.text
    assert list(reopened.items(3)) == [(b"youth-1", STATE)]  # what it held, it keeps


def test_a_store_that_read_beyond_the_end_is_of_another_topic_and_dropped(
    reopened: PartitionStore,
) -> None:
    assert reopened.resume_at(3, first=0, end=10) == 0
    assert list(reopened.items(3)) == []
    assert reopened.read_to(3) == 0
    assert reopened.drops == 1


def test_a_store_older_than_the_erasures_its_topic_keeps_is_dropped(tmp_path: Path) -> None:
    clock = _Clock()
    _store_that_read_to(tmp_path, 42, clock)
    store = PartitionStore(tmp_path, "care-events", trusted_for_s=12 * HOUR_S, clock=clock)
    try:
        clock.now += 11 * HOUR_S
        assert store.resume_at(3, first=0, end=50) == 42  # young enough
        clock.now += 2 * HOUR_S  # 13 h after the mark was written
        assert store.resume_at(3, first=0, end=50) == 0
        assert list(store.items(3)) == []
    finally:
        store.close()


class _RecordingView:
    """What Hold.follow asks of its view: the items of each rebuild."""

    def __init__(self) -> None:
        self.rebuilt: list[list[tuple[str, RegionMessage]]] = []
        self.dirty: set[tuple[bytes, str]] = set()

    def rebuild(self, items: Iterable[tuple[str, RegionMessage]]) -> None:
        self.rebuilt.append(list(items))

    def figures_held(self) -> set[tuple[bytes, str]]:
        return set()


def test_stage_two_rebuilds_its_view_without_a_dropped_partition(tmp_path: Path) -> None:
    regions = RegionStore(tmp_path)
    regions.put(3, "eemland", 5, HELD)
    regions.put(3, "eemland", 6, RegionMessage(YOUTH, "youth-2", b""))  # a tombstone
    regions.partitions.mark_read_to(3, 42)
    view = _RecordingView()
    hold = Hold(regions, view)  # type: ignore[arg-type]
    try:
        hold.follow(frozenset({3}))
        hold.follow(frozenset({3}))  # nothing changed: no rebuild
        assert view.rebuilt == [[("eemland", HELD)]]  # tombstones left out
        assert hold.resume_at(3, first=0, end=10) == 0  # beyond the end: dropped
        hold.follow(frozenset({3}))  # the same partitions, but one was dropped
        assert view.rebuilt[1:] == [[]]
    finally:
        regions.close()
