"""Where and when a pass begins (streams.worker.replay): a topic with resume points is
read from them, the others from their first offsets; a pass whose offsets cannot be read
yet (a broker down) is begun once they can be, and the worker stops only when that takes
longer than the patience."""

import asyncio
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError
from faust.types import TP

from streams.worker import replay as replay_module
from streams.worker.replay import Replay, ResumeAt

EVENTS = "jeugdhub.care-events.v2"
FACTS = "jeugdhub.trajectory-facts.v4"


class Consumer:
    """faust's consumer as the replay uses it; its offsets fail ``failures`` times first."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sought: list[dict[TP, int]] = []

    def assignment(self) -> set[TP]:
        return {TP(EVENTS, 0), TP(EVENTS, 1), TP(FACTS, 0), TP(FACTS, 1)}

    async def earliest_offsets(self, *partitions: TP) -> dict[TP, int]:
        if self.failures:
            self.failures -= 1
            raise KafkaTimeoutError("Failed to get offsets by times in 90000 ms")
        return {tp: 0 for tp in partitions}

    async def highwaters(self, *partitions: TP) -> dict[TP, int]:
        return {tp: 10 + tp.partition for tp in partitions}

    async def seek_wait(self, positions: dict[TP, int]) -> None:
        self.sought.append(positions)


class App:
    def __init__(self, consumer: Consumer) -> None:
        self.consumer = consumer
        self.rebalancing = False
        self.crashed: BaseException | None = None
        self.futures: list[asyncio.Future[Any]] = []

    def add_future(self, coroutine: Any) -> None:
        self.futures.append(asyncio.ensure_future(coroutine))

    async def crash(self, exc: BaseException) -> None:
        self.crashed = exc


async def _assign(app: App, resume: dict[str, ResumeAt] | None = None) -> Replay:
    replay = Replay(app, [EVENTS, FACTS], resume=resume)  # type: ignore[arg-type]
    replay.assigning()
    await asyncio.gather(*app.futures)
    return replay


def test_a_topic_with_resume_points_is_read_from_them() -> None:
    asked: list[tuple[int, int, int]] = []

    def resume_at(partition: int, first: int, end: int) -> int:
        asked.append((partition, first, end))
        return 7 if partition == 0 else first

    app = App(Consumer(failures=0))
    replay = asyncio.run(_assign(app, {FACTS: resume_at}))
    assert sorted(asked) == [(0, 0, 10), (1, 0, 11)]
    assert app.consumer.sought == [
        {TP(EVENTS, 0): 0, TP(EVENTS, 1): 0, TP(FACTS, 0): 7, TP(FACTS, 1): 0}
    ]
    assert replay.tracked.expected((FACTS, 0)) == 7  # the pass checks reads from there
    assert replay.tracked.expected((EVENTS, 0)) == 0


def test_the_pass_begins_once_the_offsets_can_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay_module, "BEGIN_RETRY_S", 0.01)
    app = App(Consumer(failures=2))
    replay = asyncio.run(_assign(app))
    assert app.crashed is None
    assert app.consumer.sought == [
        {TP(EVENTS, 0): 0, TP(EVENTS, 1): 0, TP(FACTS, 0): 0, TP(FACTS, 1): 0}
    ]
    assert replay.tracked.expected((EVENTS, 1)) == 0  # the pass reads from the start


def test_the_worker_stops_when_the_pass_cannot_begin_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(replay_module, "BEGIN_RETRY_S", 0.01)
    monkeypatch.setattr(replay_module, "BEGIN_PATIENCE_S", 0.05)
    app = App(Consumer(failures=10_000))
    replay = asyncio.run(_assign(app))
    assert isinstance(app.crashed, KafkaTimeoutError)
    assert app.consumer.sought == []
    assert replay.tracked.expected((EVENTS, 0)) is None  # no pass under way


class _Message:
    def __init__(self, offset: int, topic: str = FACTS, partition: int = 0) -> None:
        self.topic, self.partition, self.offset = topic, partition, offset


def test_each_message_is_new_once_per_pass_and_only_in_order() -> None:
    """Stage 1 steps only what ``note`` calls new (streams.youth_stage.batches): a message
    stepped twice after its erasure would come back."""
    app = App(Consumer(failures=0))
    replay = asyncio.run(_assign(app, {FACTS: lambda partition, first, end: 7}))
    holes: set[tuple[str, int]] = set()

    def new(offsets: list[int]) -> list[bool]:
        return [replay.note(_Message(offset), holes) for offset in offsets]

    assert new([3, 4]) == [False, False]  # handed out before the pass began, below it
    assert new([7, 8, 9]) == [True, True, True]
    assert new([8, 9]) == [False, False]  # read again: stepped already
    assert new([12]) == [False] and holes == {(FACTS, 0)}  # beyond a hole
    assert new([10, 11, 12]) == [True, True, True]  # the partition read again from the hole
