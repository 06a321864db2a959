"""Which Kafka cluster to use, and creating the hub's topics (``schemas.topics``) on it."""

from collections.abc import AsyncIterator, Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from jeugdhub.errors import JeugdhubError
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from schemas.topics import CORE_TOPICS, TopicSpec


class NoKafkaError(JeugdhubError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "No Kafka to connect to: start the local broker with `jeugdhub kafka start`, "
            "or set JEUGDHUB_BOOTSTRAP_SERVERS to a cluster."
        )


def bootstrap_servers(settings: Settings) -> str:
    """The configured cluster, else the running local broker."""
    if settings.bootstrap_servers:
        return settings.bootstrap_servers
    status = LocalBroker(settings).status()
    if not status.running or status.bootstrap_servers is None:
        raise NoKafkaError
    return status.bootstrap_servers


async def ensure_topics(
    bootstrap: str, specs: Iterable[TopicSpec] = CORE_TOPICS, replication_factor: int = 1
) -> None:
    """Create whichever of the topics do not exist yet; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(spec.name, spec.partitions, replication_factor, topic_configs=spec.config)
            for spec in specs
            if spec.name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
    finally:
        await admin.close()


async def partitions_of(
    bootstrap: str, topics: Iterable[str] | None = None
) -> list[TopicPartition]:
    """Every partition of the topics that exist (default: of all topics)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        names = sorted(existing if topics is None else existing & set(topics))
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]


async def read_to_end(
    bootstrap: str, topics: Iterable[str] | None = None
) -> AsyncIterator[ConsumerRecord[bytes, bytes]]:
    """Every record now in the topics, from the beginning to the end they have now.

    No consumer group and no commits: a reader for indexes, listings and checks, not
    for processing.
    """
    partitions = await partitions_of(bootstrap, topics)
    if not partitions:
        return
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                for record in batch:
                    yield record
    finally:
        await consumer.stop()
