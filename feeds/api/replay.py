"""Where a resumed stream gets what it missed: the releases between its Last-Event-ID and
the offset from which its live queue holds them, read back from the feed topic itself.

The topic is the history, so the API keeps no history in memory; a client that was away
for a week costs one short-lived consumer, not memory in every process.
"""

from collections.abc import AsyncIterator
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from feeds.api.follower import FETCH_TIMEOUT_MS, FeedUnavailableError
from feeds.api.stored import StoredRelease, stored_release


async def releases_between(
    kafka_options: dict[str, Any], topic: str, first: int, end: int
) -> AsyncIterator[StoredRelease]:
    """Every release at offsets ``first`` to ``end - 1``, in order.

    Offsets before the start of the log (expired) are skipped: the replay begins at the
    oldest release still kept.
    """
    if first >= end:
        return
    partition = TopicPartition(topic, 0)
    consumer = AIOKafkaConsumer(
        **kafka_options, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    try:
        await consumer.start()
        consumer.assign([partition])
        consumer.seek(partition, first)
        while await consumer.position(partition) < end:
            batches = await consumer.getmany(partition, timeout_ms=FETCH_TIMEOUT_MS)
            for record in batches.get(partition, []):
                if record.offset >= end:
                    return
                stored = stored_release(record)
                if stored is not None:
                    yield stored
    except KafkaError as error:
        raise FeedUnavailableError(
            f"cannot read back feed topic {topic} ({type(error).__name__})"
        ) from None
    finally:
        await consumer.stop()
