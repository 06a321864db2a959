"""The worker's consumer lag per input partition, from its own reading.

The worker commits no offsets on its inputs (``streams/worker/replay.py``), so the lag is the
partition's end offset minus the next offset the current pass needs from it: after a
restart it starts at what came since the store's mark (the whole partition for a worker
without its store) and falls to 0 as the pass reads it.
"""

import time

import faust
from aiokafka.errors import KafkaError

from jeugdhub.observability.lag import record_lag
from streams.worker.input_passes import Partition
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay
from streams.worker.stall_watch import StallWatch


async def measure_lag(
    app: faust.App, replay: Replay, inputs: frozenset[str], stalls: StallWatch, fence: PauseFence
) -> None:
    """Record the lag of every assigned input partition, and let ``stalls`` see whether
    the pass still moves (it raises when the worker stalled)."""
    # A process that stood still read nothing meanwhile: that is the fence's to report.
    fence.check("it measures its lag")
    if app.rebalancing or app.in_recovery:
        stalls.rest()
        return  # partitions are moving: the next measurement sees where they went
    assigned = [tp for tp in app.consumer.assignment() if tp.topic in inputs]
    if not assigned:
        return
    try:
        ends = await app.consumer.highwaters(*assigned)
    except KafkaError:
        return  # a broker does not answer: not measured this time (nor a stall)
    needed: dict[Partition, int] = {}
    lag: dict[Partition, int] = {}
    for tp, end in ends.items():
        where = (tp.topic, tp.partition)
        next_offset = replay.tracked.expected(where)
        if next_offset is not None:
            record_lag(app.conf.id, tp.topic, tp.partition, end, next_offset)
        # A pass that has not begun (no offset needed yet) still has the whole
        # partition to read: a pass that never begins is a stall too.
        needed[where] = -1 if next_offset is None else next_offset
        lag[where] = max(0, end - max(0, needed[where]))
    stalls.observe(time.monotonic(), needed, lag)
