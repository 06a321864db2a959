"""A hub of its own for tests that crash, wipe or poison what a worker reads."""

import asyncio
import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from privacy.keys import KeyStore


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A broker, a key store and a worker app id for this test alone."""
    broker = LocalBroker(Settings(state_dir=tmp_path / "broker"))
    address, _ = broker.start()
    asyncio.run(ensure_topics(address))
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    yield {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        "JEUGDHUB_BOOTSTRAP_SERVERS": address,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        "JEUGDHUB_WORKER_APP_ID": f"exact-{uuid.uuid4().hex[:8]}",
        "JEUGDHUB_FIGURES_INTERVAL_S": "2",
    }
    broker.stop()
