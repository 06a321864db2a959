"""A running gateway follows the key store (``connectors.keyring``): after `keys rotate`
its next batch is pseudonymised under the new version, after `keys migrate` and `keys
retire` it goes on under the remaining one, never under a retired version, all without
a restart; a store it cannot open any more (rewrapped under a KEK it lacks) makes it
refuse every batch (503) instead of going on with the keys it held."""

import asyncio
import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.keyring import FollowedKeyStore, KeysUnavailableError
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from privacy.keys import KeyDomain, KeyStore
from privacy.pseudonym import Pseudonymiser
from schemas.codec import decode_record
from schemas.topics import CARE_EVENTS, DEADLETTER
from tests.commands import run_jeugdhub
from tests.conftest import HubBroker, start_hub_broker
from tests.factories import Identity
from tests.gateway.conftest import RunningGateway, events_batch, start_gateway, stop_gateway
from tests.kafka_reading import read_to_end


def test_the_followed_store_reopens_on_a_change_and_fails_closed(tmp_path: Path) -> None:
    path, kek = tmp_path / "keystore.json", [os.urandom(32)]
    KeyStore.create(path, kek[0])
    followed = FollowedKeyStore(path, lambda: kek[0])
    assert followed.changed() is None  # nothing changed: no reopening

    KeyStore.open(path, kek[0]).rotate()  # as `keys rotate` does, in another process
    rotated = followed.changed()
    assert rotated is not None and rotated.current(KeyDomain.YOUTH)[0] == 2
    assert followed.changed() is None

    new_kek = os.urandom(32)
    KeyStore.open(path, kek[0]).rewrap(new_kek)
    with pytest.raises(KeysUnavailableError, match="rewrapped") as refused:
        followed.changed()
    assert base64.b64encode(new_kek).decode() not in str(refused.value)
    with pytest.raises(KeysUnavailableError):
        followed.changed()  # every batch is refused until the store opens again
    kek[0] = new_kek  # the KEK file now holds the new key
    assert followed.changed() is not None


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[HubBroker]:
    """A broker of its own: `keys migrate` re-keys every event on the topics it finds."""
    broker, running = start_hub_broker(Settings(state_dir=tmp_path / "broker"))
    try:
        yield running
    finally:
        broker.stop()


def _post(gateway: RunningGateway, prefix: str) -> httpx.Response:
    return httpx.post(
        f"{gateway.url}/v1/events",
        content=json.dumps(events_batch(prefix)).encode(),
        headers=gateway.headers(),
        timeout=60,
    )


def _published(access: KafkaAccess, response: httpx.Response) -> list[dict[str, Any]]:
    """The events a 200 answer accepted, as the care-events topic holds them."""
    assert response.status_code == 200, response.text
    ids = {result["event_id"] for result in response.json()["results"]}
    found = [
        decode_record(record.value)[1]
        for record in asyncio.run(read_to_end(access, [CARE_EVENTS]))
        if record.value is not None and dict(record.headers).get("event-id", b"").decode() in ids
    ]
    assert len(found) == len(ids) > 0
    return found


def _keys(gateway: RunningGateway, *command: str, stdin: str | None = None) -> None:
    done = run_jeugdhub(gateway.env, "keys", *command, stdin=stdin)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_running_gateway_follows_rotation_and_retirement(
    own_broker: HubBroker, tmp_path: Path
) -> None:
    gateway = start_gateway(tmp_path / "gateway", own_broker.env())
    admin, bsn = own_broker.admin, Identity().bsn
    try:
        before = _published(admin, _post(gateway, "before"))
        assert {e["youth"]["pseudonym_key_version"] for e in before} == {1}

        _keys(gateway, "rotate")
        after = _published(admin, _post(gateway, "after-rotate"))
        # Under the new version, the youth's pseudonym exactly what version 2 makes.
        store = gateway.keystore()
        version_2 = Pseudonymiser(store).pseudonymise_with(KeyDomain.YOUTH, bsn, 2).value
        assert {(e["youth"]["pseudonym_key_version"], e["youth"]["pseudonym"]) for e in after} == {
            (2, version_2)
        }

        _keys(gateway, "migrate")
        _keys(gateway, "retire", "--domain", "youth", "--version", "1")
        retired = _published(admin, _post(gateway, "after-retire"))
        assert {e["youth"]["pseudonym"] for e in retired} == {version_2}
        assert {e["youth"]["pseudonym_key_version"] for e in retired} == {2}
        assert gateway.process.poll() is None  # the same process throughout: no restart

        # Rewrapped under a KEK the gateway lacks: it refuses, and holds on to nothing.
        offsets = len(asyncio.run(read_to_end(admin, [CARE_EVENTS, DEADLETTER])))
        _keys(gateway, "rewrap", stdin=base64.b64encode(os.urandom(32)).decode() + "\n")
        refused = _post(gateway, "after-rewrap")
        assert refused.status_code == 503 and refused.headers["Retry-After"], refused.text
        assert "keystore" not in refused.text and bsn not in refused.text
        assert len(asyncio.run(read_to_end(admin, [CARE_EVENTS, DEADLETTER]))) == offsets
        assert "rewrapped" in gateway.log.read_text()  # the operator is told what to fix
    finally:
        stop_gateway(gateway)
