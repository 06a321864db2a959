"""A really running gateway (``jeugdhub gateway`` in its own process) on the test broker."""

import base64
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from connectors.gateway.tokens import TokenStore
from jeugdhub.localkafka.broker import free_port
from privacy.keys import KeyStore
from schemas.records import Source
from schemas.vocabulary import OrganisationType
from tests.commands import start_serving
from tests.factories import Identity, person_records


@dataclass(frozen=True)
class RunningGateway:
    url: str
    tokens: dict[str, str]  # name -> bearer token
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    def keystore(self) -> KeyStore:
        kek = base64.b64decode(self.env["JEUGDHUB_KEY_ENCRYPTION_KEY"])
        return KeyStore.open(Path(self.env["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json", kek)

    def headers(
        self, who: str = "provider", content_type: str = "application/json"
    ) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", "Content-Type": content_type}


def events_batch(prefix: str, who: Identity | None = None) -> dict[str, Any]:
    """A body for ``POST /v1/events``: every person event type a provider reports."""
    records = person_records(who or Identity(), prefix=prefix)
    for record in records:
        del record["source"]  # the gateway takes it from the token
    return {"records": [r for r in records if r["event_type"] != "AssignmentDecided"]}


def start_gateway(state: Path, kafka_env: dict[str, str], **settings: str) -> RunningGateway:
    kek = os.urandom(32)
    env = {
        **os.environ,
        "JEUGDHUB_STATE_DIR": str(state),
        **kafka_env,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        **{f"JEUGDHUB_{name.upper()}": value for name, value in settings.items()},
    }
    KeyStore.create(state / "keys" / "keystore.json", kek)
    store = TokenStore(state / "gateway" / "tokens.json")
    tokens = {}
    for name, kind, code in (
        ("provider", OrganisationType.PROVIDER, "99000001"),
        ("other_provider", OrganisationType.PROVIDER, "99000002"),
        ("municipality", OrganisationType.MUNICIPALITY, "0307"),
        ("revoked", OrganisationType.PROVIDER, "99000003"),
    ):
        entry, tokens[name] = store.issue(Source(organisation_type=kind, code=code))
        if name == "revoked":
            store.revoke(entry.token_id)
    port = free_port()
    log = state / "gateway.log"
    process = start_serving(env, log, port, "/ready", "gateway")
    return RunningGateway(f"http://127.0.0.1:{port}", tokens, env, process, log)


def stop_gateway(gateway: RunningGateway) -> None:
    gateway.process.terminate()
    try:
        gateway.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        gateway.process.kill()
        gateway.process.wait()


@pytest.fixture(scope="module")
def gateway(
    kafka_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningGateway]:
    running = start_gateway(
        tmp_path_factory.mktemp("gateway"),
        kafka_env,
        gateway_rate_per_second="1000",
        gateway_rate_burst="1000",
        gateway_max_body_bytes="200000",
        gateway_max_batch_records="600",
    )
    yield running
    stop_gateway(running)
