"""What the worker does when a stage cannot process what it took: it stops.

faust's default is to restart the failed agent, which then goes on after the messages
it dropped; with no offsets committed (``streams.worker.app``) those messages would stay
missing until the next restart, and the figures would be wrong without anyone knowing.
A stopped worker is visible, and once restarted (by its service manager or by hand) it
reads its inputs again from before anything it had not finished (each partition from its
store's mark), so nothing is lost. A message that fails every
time is named, so that it can be found and removed: like Kafka Streams' default for a
record it cannot deserialise, the worker does not skip it.
"""

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

import faust

from jeugdhub.errors import JeugdhubError

logger = logging.getLogger(__name__)


class StageFailed(JeugdhubError):
    """A stage could not process messages it took; names the messages, never their content."""

    def __init__(self, stage: str, messages: Sequence[Any], cause: BaseException) -> None:
        self.stage = stage
        where = _offsets(messages)
        super().__init__(
            f"stage {stage} could not process {where}: {type(cause).__name__}: {cause}. "
            "The worker stops; restarted, it reads its inputs again from before these "
            "messages. If it stops at the same messages again, one of them cannot be read: "
            "look at them by topic, partition and offset with a Kafka consumer."
        )


async def stop_worker_on_failure(app: faust.App, stage: Awaitable[None]) -> None:
    """Run a stage's loop (or the start of a replay pass); if it raises, stop the worker."""
    try:
        await stage
    except Exception as exc:
        logger.critical("%s", exc)
        await app.crash(exc)


def _offsets(messages: Sequence[Any]) -> str:
    """``topic partition p offsets a-b`` per topic-partition of faust or aiokafka messages."""
    by_partition: dict[tuple[str, int], list[int]] = {}
    for message in messages:
        by_partition.setdefault((message.topic, message.partition), []).append(message.offset)
    return "; ".join(
        f"{topic} partition {partition} offset{_range(offsets)}"
        for (topic, partition), offsets in sorted(by_partition.items())
    )


def _range(offsets: list[int]) -> str:
    low, high = min(offsets), max(offsets)
    return f" {low}" if low == high else f"s {low}-{high}"
