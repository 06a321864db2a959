"""The hub's topics (``schemas.topics``) on the cluster: creating them, and reading them.

Only the admin principal creates topics (``jeugdhub kafka start`` or ``kafka setup``);
every other process checks that the topics it needs exist and stops with a remedy if not.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaConnectionError, NodeNotReadyError

from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import CORE_TOPICS, TopicSpec

RETENTION_MS = "retention.ms"
T = TypeVar("T")


class MissingTopicsError(JeugdhubError):
    exit_code = 2

    def __init__(self, missing: list[str], username: str | None) -> None:
        who = f" that Kafka user {username} may see" if username else ""
        super().__init__(
            f"The hub's topics {', '.join(missing)} do not exist{who}. Run "
            "`jeugdhub kafka start` (local broker) or `jeugdhub kafka setup` (external "
            "cluster, as its admin), which create the topics and the hub's principals."
        )


class KafkaUnreachableError(JeugdhubError):
    """No broker of the cluster answered: the command did nothing on Kafka."""

    def __init__(self, bootstrap_servers: str) -> None:
        super().__init__(
            f"No Kafka broker at {bootstrap_servers} answers, so nothing was read or sent. "
            "Check that the cluster is up (`jeugdhub kafka status` for the local broker) "
            "and run the command again."
        )


# aiokafka's admin client sends each request to a broker it picks from the metadata and
# gives up at once when it cannot connect to that one in time (NodeNotReadyError). On one
# broker that is the bootstrap broker; on a cluster under load it happens now and then,
# and another attempt (another pick) succeeds.
_ATTEMPTS = 5
_RETRY_AFTER_S = 1.0


async def _with_admin(
    access: KafkaAccess, action: Callable[[AIOKafkaAdminClient], Awaitable[T]]
) -> T:
    for attempt in range(1, _ATTEMPTS + 1):
        admin = AIOKafkaAdminClient(**access.aiokafka_options())
        try:
            await admin.start()
        except KafkaConnectionError:
            await admin.close()
            raise KafkaUnreachableError(access.bootstrap_servers) from None
        try:
            return await action(admin)
        except NodeNotReadyError:
            if attempt == _ATTEMPTS:
                raise
        finally:
            await admin.close()
        await asyncio.sleep(_RETRY_AFTER_S)
    raise AssertionError("unreachable")  # the last attempt returned or raised


async def _topics(access: KafkaAccess) -> set[str]:
    """The topics ``access`` may describe (the broker lists no others)."""

    async def listed(admin: AIOKafkaAdminClient) -> set[str]:
        return set(await admin.list_topics())

    return await _with_admin(access, listed)


async def ensure_topics(
    admin_access: KafkaAccess,
    specs: Iterable[TopicSpec] = CORE_TOPICS,
    replication_factor: int = 1,
) -> None:
    """Create whichever of the topics do not exist yet; of existing ones only the
    retention is set to what the spec says (an operator's change of it takes effect)."""
    wanted = list(specs)

    async def created(admin: AIOKafkaAdminClient) -> None:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(spec.name, spec.partitions, replication_factor, topic_configs=spec.config)
            for spec in wanted
            if spec.name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
        # The whole config of the spec: AlterConfigs replaces a topic's overrides as a set.
        retained = [
            ConfigResource(ConfigResourceType.TOPIC, spec.name, dict(spec.config))
            for spec in wanted
            if spec.name in existing and RETENTION_MS in spec.config
        ]
        if retained:
            await admin.alter_configs(retained)

    await _with_admin(admin_access, created)


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

    async def described(admin: AIOKafkaAdminClient) -> list[Any]:
        existing = set(await admin.list_topics())
        names = sorted(existing if topics is None else existing & set(topics))
        return list(await admin.describe_topics(names)) if names else []

    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in await _with_admin(access, described)
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
