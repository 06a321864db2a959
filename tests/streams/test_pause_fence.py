"""The pause fence: a gap in its notes longer than it allows stops every later write."""

import time

import pytest

from streams.worker.pause_fence import PauseFence, WorkerWasFrozen
from tests.streams.clock import ManualClock


def test_regular_notes_let_every_write_through() -> None:
    clock = ManualClock()
    fence = PauseFence(frozen_s=7.5, clock=clock)
    for _ in range(100):
        clock.now += 7.0  # a busy host: long, but below what the fence allows
        fence.note()
        fence.check("it writes")


def test_a_wake_up_stops_the_first_write_even_before_the_thread_notes_the_time() -> None:
    clock = ManualClock()
    fence = PauseFence(frozen_s=7.5, clock=clock)
    fence.note()
    clock.now += 30.0  # SIGSTOP for 30 s; the check runs first on waking
    with pytest.raises(WorkerWasFrozen, match=r"stood still for 30\.0 s .* before it writes"):
        fence.check("it writes")


def test_once_seen_a_freeze_stops_every_later_write() -> None:
    clock = ManualClock()
    fence = PauseFence(frozen_s=7.5, clock=clock)
    clock.now += 20.0
    fence.note()  # the fence's own thread saw the gap
    for _ in range(3):
        clock.now += 0.5
        fence.note()
        with pytest.raises(WorkerWasFrozen, match=r"stood still for 20\.0 s"):
            fence.check("it publishes figures")


def test_between_checks_the_fence_thread_keeps_noting_the_time() -> None:
    """An idle worker checks seldom: without the thread, the gap between two checks
    would be taken for a freeze."""
    fence = PauseFence(frozen_s=0.3, tick_s=0.02)
    fence.start()
    time.sleep(1.0)  # no check in between
    fence.check("it writes")
