"""A worker that has input waiting and reads none of it stops (streams.worker.stall_watch)."""

import logging

import pytest

from streams.worker.stall_watch import StallWatch, WorkerStalled

EVENTS = ("jeugdhub.care-events.v2", 0)
CAPACITY = ("jeugdhub.capacity.v1", 1)


def test_no_progress_while_input_waits_warns_then_stops(caplog: pytest.LogCaptureFixture) -> None:
    watch = StallWatch(warn_after_s=30, stop_after_s=120)
    needed, lag = {EVENTS: 50, CAPACITY: 7}, {EVENTS: 900, CAPACITY: 0}
    with caplog.at_level(logging.WARNING, logger="streams.worker.stall_watch"):
        watch.observe(0.0, needed, lag)
        watch.observe(29.0, needed, lag)
        assert caplog.records == []
        watch.observe(31.0, needed, lag)
        assert "read no input for 31 s" in caplog.text
        assert "jeugdhub.care-events.v2 partition 0 (900)" in caplog.text
        watch.observe(100.0, needed, lag)
        assert len(caplog.records) == 1  # warned once
    with pytest.raises(WorkerStalled, match=r"no input for 120 s .* partition 0 \(900\)"):
        watch.observe(120.0, needed, lag)


def test_progress_on_any_partition_starts_the_wait_again() -> None:
    watch = StallWatch(warn_after_s=30, stop_after_s=120)
    lag = {EVENTS: 900, CAPACITY: 5}
    watch.observe(0.0, {EVENTS: 50, CAPACITY: 7}, lag)
    watch.observe(100.0, {EVENTS: 50, CAPACITY: 8}, lag)  # capacity moved
    watch.observe(200.0, {EVENTS: 50, CAPACITY: 8}, lag)
    with pytest.raises(WorkerStalled):
        watch.observe(220.0, {EVENTS: 50, CAPACITY: 8}, lag)


def test_a_worker_with_nothing_to_read_is_not_stalled() -> None:
    watch = StallWatch(warn_after_s=30, stop_after_s=120)
    for now in range(0, 1000, 5):
        watch.observe(float(now), {EVENTS: 950}, {EVENTS: 0})


def test_a_rest_for_moving_partitions_starts_the_wait_again() -> None:
    watch = StallWatch(warn_after_s=30, stop_after_s=120)
    needed, lag = {EVENTS: 50}, {EVENTS: 900}
    watch.observe(0.0, needed, lag)
    watch.observe(100.0, needed, lag)
    watch.rest()  # a rebalance, then table recovery
    watch.observe(150.0, needed, lag)
    watch.observe(260.0, needed, lag)
    with pytest.raises(WorkerStalled):
        watch.observe(270.0, needed, lag)
