"""Consumer lag: how many messages of a partition a process has not processed yet.

Measured by the consumers themselves (the end offset of the partition minus the next
offset they need): the stream worker commits no offsets on its inputs (it reads them from
the start after every assignment, see ``streams/worker/replay.py``) and the egress and the feed
API read without a consumer group, so the broker's committed offsets say nothing here.
"""

from prometheus_client import Gauge

CONSUMER_LAG = Gauge(
    "jeugdhub_consumer_lag",
    "Messages in a partition not yet processed by this consumer (end offset minus the "
    "next offset it needs), per consumer group, topic and partition",
    ["group", "topic", "partition"],
)


def record_lag(group: str, topic: str, partition: int, end: int, next_needed: int) -> None:
    CONSUMER_LAG.labels(group, topic, str(partition)).set(max(end - next_needed, 0))
