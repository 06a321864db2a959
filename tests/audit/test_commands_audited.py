"""Every audited command, run as an operator runs it: its entries, with the right fields,
on the audit trail; and a command whose entry cannot be written does nothing (exit 1)."""

import asyncio
import base64
import csv
import getpass
import io
import json
import os
import socket
from pathlib import Path

import pytest

from connectors.deadletters import DeadLetterSealer
from connectors.gateway.tokens import TokenStore
from connectors.publisher import EventPublisher, durable_producer
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.broker import free_port
from privacy.audit.trail import read_trail
from privacy.keys import KeyStore
from schemas.audit import AuditEntry
from schemas.records import Source
from schemas.vocabulary import OrganisationType
from tests.audit.conftest import AuditPlace
from tests.commands import run_jeugdhub
from tests.factories import person_records


@pytest.fixture
def operator(audit_place: AuditPlace) -> dict[str, str]:
    """An operator's shell: the broker, a state folder, a key-encryption key."""
    return {
        **audit_place.env(),
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


def run(operator: dict[str, str], *args: str) -> str:
    result = run_jeugdhub(operator, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def trail(place: AuditPlace) -> list[AuditEntry]:
    records = asyncio.run(read_trail(place.broker.admin, place.topic))
    return [record.entry for record in records if record.entry is not None]


def as_operator(entry: AuditEntry) -> tuple[str, str, str, str, str]:
    return (entry.user, entry.role, entry.organisation, entry.channel, entry.host)


OPERATOR = (f"operator:{getpass.getuser()}", "operator", "jeugdhub", "cli", socket.gethostname())


def test_key_management_is_audited(operator: dict[str, str], audit_place: AuditPlace) -> None:
    run(operator, "keys", "init")
    run(operator, "keys", "rotate", "--domain", "youth")
    run(operator, "keys", "status")

    entries = trail(audit_place)
    assert [(e.action, e.target, e.outcome) for e in entries] == [
        ("keys.init", "key store: all domains", "granted"),
        ("keys.rotate", "key store: youth", "granted"),
        ("keys.status", "key store: all domains", "granted"),
    ]
    assert {as_operator(e) for e in entries} == {OPERATOR}
    assert {e.purpose for e in entries} == {"managing the pseudonymisation keys"}
    # Each command is a process of its own: a chain of its own.
    assert len({e.chain for e in entries}) == 3


def test_without_the_audit_trail_a_command_does_nothing(
    operator: dict[str, str], audit_place: AuditPlace
) -> None:
    run(operator, "keys", "init")
    store = Path(operator["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json"
    before = store.read_bytes()
    # A trail that does not exist, and a broker that does not answer.
    down = {**operator, "JEUGDHUB_AUDIT_TOPIC": "jeugdhub.audit.nowhere"}
    down["JEUGDHUB_AUDIT_WRITE_TIMEOUT_S"] = "2"

    no_broker = {**down, "JEUGDHUB_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}

    rotated = run_jeugdhub(down, "keys", "rotate")
    issued = run_jeugdhub(down, "tokens", "issue", "--type", "PROVIDER", "--code", "99000001")
    rotated_without_broker = run_jeugdhub(no_broker, "keys", "rotate")

    assert rotated.returncode == 1 and "audit trail" in rotated.stderr
    assert rotated_without_broker.returncode == 1
    assert "audit trail" in rotated_without_broker.stderr
    assert issued.returncode == 1 and issued.stdout == ""
    assert store.read_bytes() == before
    tokens = Path(operator["JEUGDHUB_STATE_DIR"]) / "gateway" / "tokens.json"
    assert not tokens.exists() or TokenStore(tokens).entries() == []


def test_tokens_and_subscribers_are_audited(
    operator: dict[str, str], audit_place: AuditPlace
) -> None:
    run(operator, "tokens", "issue", "--type", "PROVIDER", "--code", "99000001")
    store = TokenStore(Path(operator["JEUGDHUB_STATE_DIR"]) / "gateway" / "tokens.json")
    (token,) = store.entries()
    run(operator, "tokens", "revoke", token.token_id)
    name = f"audit-{os.urandom(3).hex()}"
    run(operator, "subscribers", "add", name, "--regime", "region", "--scope", "eemland")
    run(operator, "subscribers", "remove", name)

    entries = trail(audit_place)
    assert [(e.action, e.target, e.detail) for e in entries] == [
        ("token.issue", "token for PROVIDER 99000001", None),
        ("token.revoke", f"token:{token.token_id}", None),
        ("subscriber.add", name, "regime region, scope eemland"),
        ("subscriber.remove", name, None),
    ]
    assert {as_operator(e) for e in entries} == {OPERATOR}
    assert {e.outcome for e in entries} == {"granted"}


async def _publish_letter(access: KafkaAccess, keystore: Path, kek: bytes) -> str:
    sealer = DeadLetterSealer(KeyStore.create(keystore, kek))
    record = person_records(prefix=f"audit-{os.urandom(3).hex()}")[0]
    letter = sealer.seal(
        payload=json.dumps(record).encode(),
        submitted_by=Source(organisation_type=OrganisationType.PROVIDER, code="99000001"),
        channel="json",
        locator="records[0]",
        problems=[],
    )
    publisher = EventPublisher(lambda: durable_producer(access))
    await publisher.start()
    try:
        await publisher.publish_all([], [letter])
    finally:
        await publisher.stop()
    return letter.dead_letter_id


def test_listing_and_replaying_dead_letters_is_audited(
    operator: dict[str, str], audit_place: AuditPlace
) -> None:
    keystore = Path(operator["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json"
    kek = base64.b64decode(operator["JEUGDHUB_KEY_ENCRYPTION_KEY"])
    letter_id = asyncio.run(_publish_letter(audit_place.broker.admin, keystore, kek))

    run(operator, "deadletter", "list")
    without = run_jeugdhub(operator, "deadletter", "replay", letter_id)
    run(operator, "deadletter", "replay", letter_id, "--purpose", "ticket 4711")

    assert without.returncode == 2 and "--purpose" in without.stderr
    entries = trail(audit_place)
    assert [(e.action, e.target, e.purpose, e.detail) for e in entries] == [
        ("deadletter.list", "jeugdhub.deadletter.v1", "handling rejected records", None),
        ("deadletter.replay", "jeugdhub.deadletter.v1", "ticket 4711", letter_id),
        ("deadletter.replay", letter_id, "ticket 4711", "decrypted"),
        ("deadletter.replay", letter_id, "ticket 4711", "1 accepted, 0 still rejected"),
    ]
    assert {as_operator(e) for e in entries} == {OPERATOR}


def test_query_and_export_select_and_are_audited_themselves(
    operator: dict[str, str], audit_place: AuditPlace
) -> None:
    run(operator, "keys", "init")
    run(operator, "keys", "status")
    since = trail(audit_place)[-1].at_utc

    rotations = run(operator, "audit", "query", "--action", "keys.init")
    later = run(operator, "audit", "query", "--since", since)
    exported = run(
        operator, "audit", "export", "--format", "csv", "--purpose", "DPA inquiry 2026-12"
    )
    lines = run(operator, "audit", "export", "--format", "jsonl", "--purpose", "accountant")
    refused = run_jeugdhub(operator, "audit", "export", "--format", "csv")

    assert [json.loads(line)["action"] for line in rotations.splitlines()] == ["keys.init"]
    # Each query is on the trail before it reads it: the first, and this one.
    assert [json.loads(line)["action"] for line in later.splitlines()] == [
        "keys.status",
        "audit.query",
        "audit.query",
    ]
    rows = list(csv.DictReader(io.StringIO(exported)))
    # Each export's own entry is written before it reads the trail, so it is in it.
    assert [row["action"] for row in rows] == [
        "keys.init",
        "keys.status",
        "audit.query",
        "audit.query",
        "audit.export",
    ]
    assert rows[-1]["purpose"] == "DPA inquiry 2026-12" and rows[-1]["detail"].startswith("csv")
    assert [int(row["offset"]) for row in rows] == list(range(5))
    assert json.loads(lines.splitlines()[-1])["purpose"] == "accountant"
    assert refused.returncode == 2 and "--purpose" in refused.stderr
    assert run_jeugdhub(operator, "audit", "verify").returncode == 0
