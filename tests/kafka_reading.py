"""Read topics of the test broker from the beginning to their current end."""

from collections import Counter

from aiokafka import ConsumerRecord

from jeugdhub import kafka_cluster
from jeugdhub.kafka_access import KafkaAccess


async def read_to_end(
    access: KafkaAccess, topics: list[str] | None = None
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record now in ``topics`` (default: all topics), in partition order."""
    return [record async for record in kafka_cluster.read_to_end(access, topics)]


async def event_id_counts(access: KafkaAccess, topics: list[str]) -> Counter[str]:
    """How often each event id (from the ``event-id`` header) is on the topics."""
    return Counter(
        value.decode()
        for record in await read_to_end(access, topics)
        for name, value in record.headers
        if name == "event-id"
    )
