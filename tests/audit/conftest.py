"""Audit trails of their own on the suite's broker: every test gets a fresh audit topic
(``jeugdhub.audit.test-...``, which the hub principals may write like the real one), a
state folder with its own signing key, and the settings and environment that point there."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from connectors.publisher import durable_producer
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics, read_to_end
from jeugdhub.settings import Settings
from schemas.topics import TopicSpec, kept
from tests.conftest import HubBroker


@dataclass(frozen=True)
class AuditPlace:
    topic: str
    state: Path
    broker: HubBroker

    def settings(self, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "state_dir": self.state,
            "bootstrap_servers": self.broker.admin.bootstrap_servers,
            "kafka_credentials_dir": self.broker.credentials_dir,
            "audit_topic": self.topic,
            **overrides,
        }
        return Settings(**values)  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        return {
            **self.broker.env(),
            "JEUGDHUB_STATE_DIR": str(self.state),
            "JEUGDHUB_AUDIT_TOPIC": self.topic,
        }


async def new_audit_topic(admin: KafkaAccess, stem: str = "test") -> str:
    name = f"jeugdhub.audit.{stem}-{uuid.uuid4().hex[:10]}"
    await ensure_topics(admin, [TopicSpec(name, 1, kept(None))])
    return name


@pytest.fixture
async def audit_place(kafka_broker: HubBroker, tmp_path: Path) -> AuditPlace:
    return AuditPlace(await new_audit_topic(kafka_broker.admin), tmp_path, kafka_broker)


async def raw_records(admin: KafkaAccess, topic: str) -> list[bytes]:
    return [record.value or b"" async for record in read_to_end(admin, [topic])]


async def write_raw(admin: KafkaAccess, topic: str, values: Sequence[bytes]) -> None:
    """Put bytes on a topic as any producer with write rights could (here: the admin)."""
    producer = durable_producer(admin)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value)
    finally:
        await producer.stop()


async def copy_of(admin: KafkaAccess, values: Sequence[bytes]) -> str:
    """A new audit topic holding ``values``: the trail as someone rewrote it."""
    topic = await new_audit_topic(admin, "copy")
    await write_raw(admin, topic, values)
    return topic


AUDITING_PRINCIPAL = HubPrincipal.FEEDAPI
