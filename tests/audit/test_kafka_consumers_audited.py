"""A subscriber reading its feed topic with its own Kafka client, and a Kafka client
refused by the broker, are on the audit trail: ``jeugdhub audit watch-broker`` reads the
broker's authorizer log (the mechanism: the broker's own decisions, so a client without a
consumer group is seen too, and every ACL denial)."""

import asyncio
import contextlib
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from jeugdhub.kafka_access import KafkaAccess
from privacy.audit.trail import read_trail
from privacy.regimes import regime
from schemas.audit import AuditEntry
from schemas.topics import CARE_EVENTS
from tests.audit.conftest import AuditPlace
from tests.commands import JeugdhubProcess, run_jeugdhub

WAIT_S = 60


def _credentials(place: AuditPlace, name: str) -> KafkaAccess:
    added = run_jeugdhub(
        place.env(), "subscribers", "add", name, "--regime", "region", "--scope", "eemland"
    )
    assert added.returncode == 0, added.stderr
    printed = dict(line.split(":", 1) for line in added.stdout.splitlines())
    password = printed["kafka password"].strip()
    return KafkaAccess(place.broker.admin.bootstrap_servers, f"feed-{name}", password)


async def _read_as_subscriber(access: KafkaAccess, topic: str, seconds: float) -> None:
    """Fetch the topic for a while, without a consumer group, as kcat -C would."""
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await consumer.getmany(timeout_ms=500)
    finally:
        await consumer.stop()


async def _try_to_read(access: KafkaAccess, topic: str) -> None:
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        for _ in range(6):
            # Refused: the client may or may not say so; the broker's log is what counts.
            with contextlib.suppress(KafkaError):
                await consumer.getmany(timeout_ms=500)
    finally:
        await consumer.stop()


def _entries(place: AuditPlace, user: str) -> list[AuditEntry]:
    records = asyncio.run(read_trail(place.broker.admin, place.topic))
    return [r.entry for r in records if r.entry is not None and r.entry.user == user]


def test_a_subscribers_own_kafka_client_and_its_refusal_are_audited(
    audit_place: AuditPlace, broker_state_dir: Path, tmp_path: Path
) -> None:
    name = f"kcat-{int(time.time() * 1000) % 10**8}"
    access = _credentials(audit_place, name)
    log = broker_state_dir / "kafka" / "authorizer.log"
    watcher = JeugdhubProcess(
        audit_place.env(),
        tmp_path / "watch.log",
        "audit",
        "watch-broker",
        "--log",
        str(log),
        "--idle",
        "3",
    )
    try:
        asyncio.run(_read_as_subscriber(access, f"jeugdhub.feed.{name}.v1", 3))
        asyncio.run(_try_to_read(access, CARE_EVENTS))
        user = f"kafka:feed-{name}"
        deadline = time.monotonic() + WAIT_S
        while len(entries := _entries(audit_place, user)) < 3 and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        watcher.stop()

    reading = [e for e in entries if e.action == "feed.kafka-consumer"]
    refused = [e for e in entries if e.action == "kafka.refused"]
    assert [e.detail.split(" ")[0] for e in reading if e.detail] == ["started", "stopped"]
    start = reading[0]
    assert start.target == f"jeugdhub.feed.{name}.v1"
    assert (start.channel, start.host, start.outcome) == ("kafka", "127.0.0.1", "granted")
    assert (start.organisation, start.on_behalf_of) == ("eemland", name)
    assert start.role == "subscriber (region)" and start.purpose == regime("region").purpose
    assert [(e.target, e.outcome) for e in refused][:1] == [(CARE_EVENTS, "refused")]
    assert refused[0].detail is not None and refused[0].detail.endswith("denied")
