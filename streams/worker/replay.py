"""The worker's replay of its inputs, on faust's consumer (``streams.worker.input_passes``
says why).

After each assignment, once faust has finished it (``app.rebalancing`` false: faust
clears its stream queues as the last step, so a seek made earlier could be undone), the
inputs are sought back to where the pass must begin and a new pass begins: their first
offsets, or for a topic with resume points (the facts topic, whose reader keeps in its
own store how far it read: ``streams.region_stage.hold``) the point it gives. When a stage finds
a hole in the pass, it seeks that partition back to the hole.

faust remembers per partition the last offset it handed out and, after a seek back,
drops every message below it. Under load its fetcher is always part-way through a fetch
when a seek comes; what it hands out of that fetch afterwards raises the mark again, and
the messages read after the seek are dropped: every seek back would fall short. The
worker has no use for the mark (a message handed out twice changes no state), so it
gives faust a mark that is always empty.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

import faust
from aiokafka.errors import IllegalStateError, KafkaError
from faust.types import TP

from streams.worker.faust_internals import replace_read_mark
from streams.worker.input_passes import InputPasses, Partition
from streams.worker.metrics import REWINDS
from streams.worker.stage_failure import stop_worker_on_failure

logger = logging.getLogger(__name__)

_REBALANCE_POLL_S = 0.05
# When the inputs' offsets cannot be read (a broker down), ask again this often, and stop
# the worker when a pass could not begin for this long.
BEGIN_RETRY_S = 5.0
BEGIN_PATIENCE_S = 600.0

# Where a pass reads a partition from: given the partition, its first offset and its end.
ResumeAt = Callable[[int, int, int], int]


class _NoReadMark(dict[TP, int | None]):
    """faust's ``Consumer._read_offset``, read back as "nothing handed out yet" for the
    input topics (faust's own topics keep its handling)."""

    def __init__(self, inputs: Collection[str]) -> None:
        super().__init__()
        self._inputs = frozenset(inputs)

    def __getitem__(self, tp: TP) -> int | None:
        return None if tp.topic in self._inputs else self.get(tp)


class Replay:
    def __init__(
        self,
        app: faust.App,
        inputs: Collection[str],
        compacted: Collection[str] = (),
        resume: Mapping[str, ResumeAt] | None = None,
    ) -> None:
        self.tracked = InputPasses(compacted)
        self._app = app
        self._inputs = set(inputs)
        self._resume = dict(resume or {})  # per topic; the others from their first offsets
        # faust reads the mark through a method it binds once, when its fetcher
        # starts: the replacement must be in place before the app runs.
        replace_read_mark(app.consumer, _NoReadMark(inputs))

    def assigning(self) -> None:
        """Partitions are moving: begin a new pass once faust is done with them."""
        generation = self.tracked.assigning()
        # A pass that never begins would hold back the figures for good: if it cannot
        # begin within BEGIN_PATIENCE_S, the worker stops, to be restarted.
        self._app.add_future(stop_worker_on_failure(self._app, self._begin_pass(generation)))

    async def _begin_pass(self, generation: int) -> None:
        app = self._app
        gave_up_at = time.monotonic() + BEGIN_PATIENCE_S
        while True:
            while app.rebalancing:
                await asyncio.sleep(_REBALANCE_POLL_S)
            assigned = [tp for tp in app.consumer.assignment() if tp.topic in self._inputs]
            if not assigned:
                self.tracked.begin(generation, {}, {})
                return
            try:
                starts = await app.consumer.earliest_offsets(*assigned)
                ends = await app.consumer.highwaters(*assigned)
                break
            except KafkaError as exc:
                # A broker that just died still leads partitions in the client's
                # metadata for a while (aiokafka asks the dead node until its request
                # times out): ask again once the leadership has moved.
                if not self.tracked.is_current(generation):
                    return  # another assignment began: it has a pass of its own
                if time.monotonic() >= gave_up_at:
                    raise
                logger.warning(
                    "the inputs' first and last offsets could not be read (%s: %s); "
                    "asking again in %.0f s before the pass over the inputs begins",
                    type(exc).__name__,
                    exc,
                    BEGIN_RETRY_S,
                )
                await asyncio.sleep(BEGIN_RETRY_S)
        begins = {tp: self._begin_at(tp, first, ends[tp]) for tp, first in starts.items()}
        if self.tracked.begin(generation, _by_partition(begins), _by_partition(ends)):
            await self.rewind(_by_partition(begins))

    def _begin_at(self, tp: TP, first: int, end: int) -> int:
        resume = self._resume.get(tp.topic)
        return first if resume is None else resume(tp.partition, first, end)

    def note(self, message: Any, holes: set[Partition]) -> bool:
        """Note a message a stage took; its partition goes in ``holes`` when the pass
        lacks messages before it. True when the message is the next of its partition's
        pass: read for the first time in this pass, every offset before it read."""
        where = (message.topic, message.partition)
        needed = self.tracked.expected(where)
        hole = self.tracked.read(where, message.offset)
        if hole is not None and where not in holes:
            holes.add(where)
            REWINDS.labels(message.topic).inc()
            logger.info(
                "%s partition %d: offsets %d-%d were not handed out; reading them again",
                message.topic,
                message.partition,
                hole,
                message.offset - 1,
            )
        return (
            needed is not None
            and message.offset >= needed
            and self.tracked.expected(where) == message.offset + 1
        )

    async def rewind_to_holes(self, holes: set[Partition]) -> None:
        """Seek partitions with a hole back to the offset the pass needs next (which
        the rest of the stage's batch may have moved past the hole)."""
        targets = {where: self.tracked.expected(where) for where in holes}
        await self.rewind(
            {where: offset for where, offset in targets.items() if offset is not None}
        )

    async def rewind(self, offsets: Mapping[Partition, int]) -> None:
        """Seek input partitions back, in the consumer's own thread."""
        if not offsets:
            return
        positions = {TP(topic, partition): offset for (topic, partition), offset in offsets.items()}
        # IllegalStateError: no longer assigned; the next assignment begins its own pass.
        with contextlib.suppress(IllegalStateError):
            await self._app.consumer.seek_wait(positions)


def _by_partition(offsets: Mapping[TP, int]) -> dict[Partition, int]:
    return {(tp.topic, tp.partition): offset for tp, offset in offsets.items()}
