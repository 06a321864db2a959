"""A hub of its own for tests that crash, wipe or poison what a worker reads."""

import asyncio
import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import Settings
from privacy.keys import KeyStore
from tests.conftest import planted_on, start_hub_broker


def hub_admin(hub: dict[str, str]) -> KafkaAccess:
    """The admin of the hub's broker, for the test's own reading and writing."""
    credentials = PrincipalFiles(Path(hub["JEUGDHUB_KAFKA_CREDENTIALS_DIR"]))
    return credentials.access(hub["JEUGDHUB_BOOTSTRAP_SERVERS"], HubPrincipal.ADMIN)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A broker (set up for this test's worker app id), a key store, the environment."""
    app_id = f"exact-{uuid.uuid4().hex[:8]}"
    broker, running = start_hub_broker(
        Settings(state_dir=tmp_path / "broker", worker_app_id=app_id)
    )
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    yield {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        **running.env(),
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        "JEUGDHUB_WORKER_APP_ID": app_id,
        "JEUGDHUB_FIGURES_INTERVAL_S": "2",
    }
    try:
        # The scan of the shared broker (tests.conftest), on this hub's own broker.
        assert asyncio.run(planted_on(running.admin)) == []
    finally:
        broker.stop()
