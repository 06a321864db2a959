"""Retention per topic: defaults with their reasons, an operator's override, applied to
topics that exist already; never on a topic the worker replays in full."""

import asyncio
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from pydantic import ValidationError

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.settings import Settings
from schemas.topics import CARE_EVENTS, DAY_MS, DEADLETTER, TopicSpec, core_topics


def _retention_ms(specs: tuple[TopicSpec, ...], topic: str) -> str:
    (spec,) = [spec for spec in specs if spec.name == topic]
    return spec.config["retention.ms"]


def test_dead_letters_are_kept_90_days_unless_the_operator_says_otherwise() -> None:
    settings = Settings(retention_days={DEADLETTER: 30})

    assert _retention_ms(core_topics(), DEADLETTER) == str(90 * DAY_MS)
    assert _retention_ms(core_topics(settings.retention_days), DEADLETTER) == str(30 * DAY_MS)
    assert _retention_ms(core_topics(settings.retention_days), CARE_EVENTS) == "-1"


@pytest.mark.parametrize(
    ("retention", "reason"),
    [
        ({CARE_EVENTS: 365}, "reads it again from the start"),
        ({"jeugdhub.other.v1": 30}, "is not a topic with a retention"),
        ({DEADLETTER: 0}, "at least 1 day"),
    ],
)
def test_a_retention_that_would_break_the_figures_or_names_no_topic_is_refused(
    retention: dict[str, int], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(retention_days=retention)


async def _retention_on_broker(admin_access: KafkaAccess, topic: str) -> str:
    admin = AIOKafkaAdminClient(**admin_access.aiokafka_options())
    await admin.start()
    try:
        (response,) = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic)]
        )
    finally:
        await admin.close()
    (resource,) = response.resources
    configs = {entry[0]: entry[1] for entry in resource[4]}
    return str(configs["retention.ms"])


def test_a_changed_retention_reaches_an_existing_topic(kafka_admin: KafkaAccess) -> None:
    topic = f"jeugdhub.retention-test-{uuid.uuid4().hex[:8]}"
    created = TopicSpec(topic, 1, {"cleanup.policy": "delete", "retention.ms": str(DAY_MS)})
    changed = TopicSpec(topic, 1, {"cleanup.policy": "delete", "retention.ms": str(7 * DAY_MS)})

    asyncio.run(ensure_topics(kafka_admin, [created]))
    before = asyncio.run(_retention_on_broker(kafka_admin, topic))
    asyncio.run(ensure_topics(kafka_admin, [changed]))
    after = asyncio.run(_retention_on_broker(kafka_admin, topic))

    assert (before, after) == (str(DAY_MS), str(7 * DAY_MS))
