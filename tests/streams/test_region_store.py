"""Stage 2's store keeps how far it read each facts partition, across a restart, apart
from the held values; a store that read beyond a partition's end is dropped
(streams.region_stage.region_store, streams.region_stage.hold)."""

from pathlib import Path

from streams.messages import YOUTH, RegionMessage
from streams.region_stage.hold import Hold
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView

HELD = RegionMessage(YOUTH, "youth-1", b'{"held":1}')


def _store_that_read_to(folder: Path, offset: int) -> None:
    store = RegionStore(folder)
    store.put(3, "eemland", 5, HELD)
    store.mark_read_to(3, offset)
    store.close()


def test_how_far_a_partition_was_read_survives_a_restart(tmp_path: Path) -> None:
    _store_that_read_to(tmp_path, 42)
    store = RegionStore(tmp_path)
    try:
        assert store.read_to(3) == 42
        assert store.read_to(4) == 0  # never read
        assert list(store.items([3])) == [("eemland", HELD)]  # the mark is no held value
    finally:
        store.close()


def test_a_pass_resumes_where_the_store_stopped_reading(tmp_path: Path) -> None:
    _store_that_read_to(tmp_path, 42)
    hold = Hold(RegionStore(tmp_path), RegionView())
    try:
        assert hold.resume_at(3, first=0, end=50) == 42
        assert hold.resume_at(3, first=45, end=50) == 45  # the topic begins later now
        assert hold.resume_at(4, first=0, end=50) == 0
        assert list(hold.store.items([3])) == [("eemland", HELD)]
    finally:
        hold.store.close()


def test_a_store_that_read_beyond_the_end_is_of_another_topic_and_dropped(
    tmp_path: Path,
) -> None:
    _store_that_read_to(tmp_path, 42)
    hold = Hold(RegionStore(tmp_path), RegionView())
    try:
        assert hold.resume_at(3, first=0, end=10) == 0
        assert list(hold.store.items([3])) == []
        assert hold.store.read_to(3) == 0
    finally:
        hold.store.close()
