"""Read topics of the test broker from the beginning to their current end."""

from aiokafka import ConsumerRecord

from jeugdhub import kafka_cluster


async def read_to_end(
    bootstrap: str, topics: list[str] | None = None
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record now in ``topics`` (default: all topics), in partition order."""
    return [record async for record in kafka_cluster.read_to_end(bootstrap, topics)]
