"""Create the hub's topics (``schemas.topics``) on a Kafka cluster, once."""

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from schemas.topics import CORE_TOPICS, TopicSpec


async def ensure_topics(bootstrap_servers: str, specs: Iterable[TopicSpec] = CORE_TOPICS) -> None:
    """Create whichever of the topics do not exist yet; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(spec.name, spec.partitions, 1, topic_configs=spec.config)
            for spec in specs
            if spec.name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
    finally:
        await admin.close()
