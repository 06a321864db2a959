"""`jeugdhub subject export` on the real broker: every event of one youth, general and
justice, under every kept key version, and nobody else's; the BSN only on stdin."""

import asyncio
import base64
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from connectors.ingest import Submission
from connectors.runtime import ingest_stack
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from privacy.audit.trail import read_trail
from privacy.keys import KeyStore
from privacy.subjects import current_pseudonym
from schemas.records import Source
from tests.commands import run_jeugdhub
from tests.factories import CARE, PROVIDER, Identity, person_records

ASKED = Identity(bsn="111222333", name="Fenna Gevraagd")
OTHER = Identity(bsn="123456782", name="Ander Kind")


def _submissions(records: list[dict[str, Any]]) -> list[Submission]:
    return [
        Submission("json", f"records[{n}]", json.dumps(r).encode(), "person", r)
        for n, r in enumerate(records)
    ]


def _ingest(env: dict[str, str], records: list[dict[str, Any]]) -> None:
    async def run() -> None:
        async with ingest_stack(Settings(**_settings_of(env))) as stack:
            outcomes = await stack.ingestor.ingest(
                Source.model_validate(PROVIDER), _submissions(records)
            )
            assert {outcome.status for outcome in outcomes} == {"accepted"}, outcomes

    asyncio.run(run())


def _settings_of(env: dict[str, str]) -> dict[str, Any]:
    names = {
        "JEUGDHUB_STATE_DIR": "state_dir",
        "JEUGDHUB_BOOTSTRAP_SERVERS": "bootstrap_servers",
        "JEUGDHUB_KAFKA_CREDENTIALS_DIR": "kafka_credentials_dir",
        "JEUGDHUB_KEY_ENCRYPTION_KEY": "key_encryption_key",
    }
    return {field: env[name] for name, field in names.items() if name in env}


def test_export_lists_every_event_of_the_youth_across_rotation_and_justice(
    operator: dict[str, str], kafka_admin: KafkaAccess
) -> None:
    run = uuid.uuid4().hex[:8]  # the session broker holds other tests' events too
    general = person_records(ASKED, prefix=f"{run}-a")
    justice = {
        **person_records(ASKED, prefix=f"{run}-j")[4],
        "care": {**CARE, "legal_framework": "CHILD_PROTECTION_MEASURE"},
    }
    _ingest(operator, [*general, justice, *person_records(OTHER, prefix=f"{run}-o")])
    assert run_jeugdhub(operator, "keys", "rotate", "--domain", "youth").returncode == 0
    after_rotation = person_records(ASKED, prefix=f"{run}-b")[:2]
    _ingest(operator, after_rotation)

    exported = _export(operator, ASKED.bsn)

    held = [json.loads(line) for line in exported.stdout.splitlines()]
    assert exported.returncode == 0, exported.stderr
    topics = sorted(h["topic"] for h in held)
    assert topics.count("jeugdhub.justice-events.v2") == 1
    assert topics.count("jeugdhub.care-events.v2") == len(general) + len(after_rotation)
    versions = {h["event"]["youth"]["pseudonym_key_version"] for h in held}
    assert versions == {1, 2}
    for text in (exported.stdout, exported.stderr):
        assert ASKED.bsn not in text and ASKED.name not in text
    # On the audit trail: who, why, and the youth by its pseudonym, never by the BSN.
    keys = KeyStore.open(
        Path(operator["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json", _kek(operator)
    )
    subject = current_pseudonym(keys, ASKED.bsn)
    records = asyncio.run(read_trail(kafka_admin, "jeugdhub.audit.v1"))
    (entry,) = [
        r.entry
        for r in records
        if r.entry and r.entry.action == "subject.export" and r.entry.data_subject == subject
    ]
    assert (entry.purpose, entry.outcome, entry.channel) == ("inzage 2026-17", "granted", "cli")
    assert ASKED.bsn not in repr(entry)


def _kek(env: dict[str, str]) -> bytes:
    return base64.b64decode(env["JEUGDHUB_KEY_ENCRYPTION_KEY"])


def _export(
    env: dict[str, str], bsn: str, action: str = "export"
) -> subprocess.CompletedProcess[str]:
    """The BSN on standard input, as the command wants it (never on the command line)."""
    return subprocess.run(
        [sys.executable, "-m", "jeugdhub", "subject", action, "--purpose", "inzage 2026-17"],
        env={**os.environ, **env},
        input=bsn + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("action", ["export", "erase"])
def test_a_request_refuses_an_invalid_bsn_without_repeating_it(
    operator: dict[str, str], action: str
) -> None:
    result = _export(operator, "123456789", action)

    assert result.returncode == 1
    assert "the BSN on standard input" in result.stderr and "11-proef" in result.stderr
    assert "123456789" not in result.stderr + result.stdout
