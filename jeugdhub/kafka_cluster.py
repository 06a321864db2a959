"""The hub's topics (``schemas.topics``) on the cluster: creating them, and reading them.

Only the admin principal creates topics (``jeugdhub kafka start`` or ``kafka setup``);
every other process checks that the topics it needs exist and stops with a remedy if not.
"""

from collections.abc import AsyncIterator, Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import CORE_TOPICS, TopicSpec

RETENTION_MS = "retention.ms"


class MissingTopicsError(JeugdhubError):
    exit_code = 2

    def __init__(self, missing: list[str], username: str | None) -> None:
        who = f" that Kafka user {username} may see" if username else ""
        super().__init__(
            f"The hub's topics {', '.join(missing)} do not exist{who}. Run "
            "`jeugdhub kafka start` (local broker) or `jeugdhub kafka setup` (external "
            "cluster, as its admin), which create the topics and the hub's principals."
        )


async def _topics(access: KafkaAccess) -> set[str]:
    """The topics ``access`` may describe (the broker lists no others)."""
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def ensure_topics(
    admin_access: KafkaAccess,
    specs: Iterable[TopicSpec] = CORE_TOPICS,
    replication_factor: int = 1,
) -> None:
    """Create whichever of the topics do not exist yet; of existing ones only the
    retention is set to what the spec says (an operator's change of it takes effect)."""
    admin = AIOKafkaAdminClient(**admin_access.aiokafka_options())
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
        # The whole config of the spec: AlterConfigs replaces a topic's overrides as a set.
        retained = [
            ConfigResource(ConfigResourceType.TOPIC, spec.name, dict(spec.config))
            for spec in specs
            if spec.name in existing and RETENTION_MS in spec.config
        ]
        if retained:
            await admin.alter_configs(retained)
    finally:
        await admin.close()


async def require_topics(access: KafkaAccess, names: Iterable[str]) -> None:
    """Stop with a remedy when a topic the process needs does not exist."""
    existing = await _topics(access)
    missing = sorted(set(names) - existing)
    if missing:
        raise MissingTopicsError(missing, access.username)


async def partitions_of(
    access: KafkaAccess, topics: Iterable[str] | None = None
) -> list[TopicPartition]:
    """Every partition of the topics that exist (default: of all topics ``access`` sees)."""
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
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
    access: KafkaAccess, topics: Iterable[str] | None = None
) -> AsyncIterator[ConsumerRecord[bytes, bytes]]:
    """Every record now in the topics, from the beginning to the end they have now.

    No consumer group and no commits: a reader for indexes, listings and checks, not
    for processing.
    """
    partitions = await partitions_of(access, topics)
    if not partitions:
        return
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
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
