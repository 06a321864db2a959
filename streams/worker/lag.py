"""The worker's consumer lag per input partition, from its own reading.

The worker commits no offsets on its inputs (``streams/worker/replay.py``), so the lag is the
partition's end offset minus the next offset the current pass needs from it: after a
restart it starts at the whole history and falls to 0 as the pass reads it again.
"""

import faust

from jeugdhub.observability.lag import record_lag
from streams.worker.replay import Replay


async def measure_lag(app: faust.App, replay: Replay, inputs: frozenset[str]) -> None:
    if app.rebalancing:
        return  # partitions are moving: the next measurement sees where they went
    assigned = [tp for tp in app.consumer.assignment() if tp.topic in inputs]
    if not assigned:
        return
    ends = await app.consumer.highwaters(*assigned)
    for tp, end in ends.items():
        needed = replay.tracked.expected((tp.topic, tp.partition))
        if needed is not None:
            record_lag(app.conf.id, tp.topic, tp.partition, end, needed)
