"""A real faust worker process against the real broker, observed only from outside."""

import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from jeugdhub.kafka_access import KafkaAccess
from tests.conftest import TopicFactory

REPO = Path(__file__).resolve().parent.parent


async def _latest_table_values(access: KafkaAccess, changelog: str, keys: int) -> dict[str, int]:
    """Last value per key in the table's changelog topic (JSON-encoded by faust)."""
    consumer = AIOKafkaConsumer(
        changelog, **access.aiokafka_options(), auto_offset_reset="earliest"
    )
    await consumer.start()
    latest: dict[str, int] = {}
    try:
        for _ in range(60):
            batches = await consumer.getmany(timeout_ms=500)
            for messages in batches.values():
                for message in messages:
                    assert message.key is not None and message.value is not None
                    latest[json.loads(message.key)] = json.loads(message.value)
            if len(latest) >= keys and not batches:
                break
    finally:
        await consumer.stop()
    return latest


async def test_worker_counts_messages_into_its_table(
    kafka_admin: KafkaAccess, new_topic: TopicFactory, tmp_path: Path
) -> None:
    source = await new_topic("source", partitions=2)
    app_id = f"counting-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "COUNTING_APP_ID": app_id,
        "COUNTING_BOOTSTRAP": kafka_admin.bootstrap_servers,
        "COUNTING_USERNAME": kafka_admin.username or "",
        "COUNTING_PASSWORD": kafka_admin.password or "",
        "COUNTING_SOURCE": source,
        "COUNTING_DATADIR": str(tmp_path / "worker"),
    }
    sent = Counter(f"youth-{i % 7}" for i in range(200))
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "faust", "-A", "tests.faustapps.counting", "worker", "-l", "info"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        producer = AIOKafkaProducer(**kafka_admin.aiokafka_options(), acks="all")
        await producer.start()
        try:
            for i in range(200):
                await producer.send(source, b"x", key=f"youth-{i % 7}".encode())
        finally:
            await producer.stop()

        counts: dict[str, int] = {}
        for _ in range(6):  # the worker may still be joining its group
            counts = await _latest_table_values(
                kafka_admin, f"{app_id}-counts-changelog", len(sent)
            )
            if counts == dict(sent):
                break
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()

    assert counts == dict(sent), (tmp_path / "worker.log").read_text()[-3000:]
