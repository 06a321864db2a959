"""Rotating the keys between two ingests keeps every trajectory whole (issue 11, item 2).

On a hub of its own: a simulated stream goes in, the keys are rotated, the rest of the
stream goes in under the new keys, ``keys migrate`` carries the first part over and
``keys retire`` destroys version 1. A real worker, running throughout and unchanged,
then publishes exactly the reference's figures of the whole stream as if every event
had been pseudonymised under the new keys from the start: no youth split in two, so no
orphans, no split stays, waiting entries closed across the boundary and retractions
across it applied.
"""

import asyncio
import base64
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from connectors.accepted import AcceptedIndex
from connectors.deadletters import DeadLetterSealer
from connectors.ingest import Ingestor
from connectors.publisher import EventPublisher
from connectors.runtime import ingest_stack
from connectors.simulate import drive
from connectors.simulator import SimulatedRecord, Simulation
from jeugdhub.cli.keys import KEY_MIGRATION
from jeugdhub.settings import Settings
from privacy.audit.trail import read_trail
from privacy.edge import Edge, VettedEvent
from privacy.keys import PSEUDONYM_DOMAINS, KeyStore, KeyStoreError
from privacy.pseudonym import Pseudonymiser
from schemas.codec import decode_record, encode
from schemas.deadletter import DeadLetter
from tests.commands import run_jeugdhub
from tests.reference_model import recompute
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess, input_events, wait_for_reference_figures

Events = list[tuple[str, dict[str, Any]]]


class _Collecting(EventPublisher):
    """Keeps what the ingest would publish, decoded as a reader of the topics sees it:
    the reference's input, computed apart from Kafka."""

    def __init__(self) -> None:
        super().__init__(lambda: pytest.fail("the reference's ingest sends nothing"))
        self.events: Events = []

    async def publish_all(  # type: ignore[override]
        self, vetted: Sequence[VettedEvent], dead_letters: Sequence[DeadLetter]
    ) -> list[object]:
        self.events += [decode_record(encode(item.event)) for item in vetted]
        return []


async def _ingest(settings: Settings, records: list[SimulatedRecord]) -> None:
    async with ingest_stack(settings) as stack:
        report = await drive(stack.ingestor, records)
    assert report.rejected == []


def _as_if_never_rotated(keys: KeyStore, records: list[SimulatedRecord]) -> Events:
    """The events of the whole stream under the keys that remain, in this process."""
    publisher = _Collecting()
    ingestor = Ingestor(
        Edge(Pseudonymiser(keys)), publisher, DeadLetterSealer(keys), AcceptedIndex()
    )
    report = asyncio.run(drive(ingestor, records))
    assert report.rejected == []
    return publisher.events


def _crossing(first: list[SimulatedRecord], second: list[SimulatedRecord]) -> tuple[int, int]:
    """How many youths have records on both sides of the rotation, and how many
    retractions after it retract a fact from before it (read from the raw records in
    this process only)."""
    bsns = [
        {r.record["youth"]["bsn"] for r in part if r.kind == "person"} for part in (first, second)
    ]
    before = {r.record["source_event_id"] for r in first}
    retractions = [
        r
        for r in second
        if r.record.get("event_type") == "EventRetracted"
        and r.record["retracts_source_event_id"] in before
    ]
    return len(bsns[0] & bsns[1]), len(retractions)


@pytest.mark.slow
def test_rotate_migrate_retire_keeps_the_figures_of_the_whole_stream(
    hub: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in hub.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    kek = base64.b64decode(hub["JEUGDHUB_KEY_ENCRYPTION_KEY"])
    admin = hub_admin(hub)
    records = list(Simulation(seed=31, start=date(2026, 1, 1), days=40, retractions=0.05).records())
    first, second = records[: len(records) // 2], records[len(records) // 2 :]
    shared_youths, retractions_across = _crossing(first, second)
    assert shared_youths > 0 and retractions_across > 0  # the boundary is really crossed

    worker = WorkerProcess(hub, tmp_path / "worker-state")
    try:
        asyncio.run(_ingest(settings, first))
        version_1 = KeyStore.open(settings.keystore_file, kek)
        retired_keys = [version_1.key(domain, 1) for domain in PSEUDONYM_DOMAINS]
        assert run_jeugdhub(hub, "keys", "rotate").returncode == 0
        asyncio.run(_ingest(settings, second))

        refused = run_jeugdhub(hub, "keys", "retire", "--domain", "youth", "--version", "1")
        assert refused.returncode == 1
        assert "not fully migrated" in refused.stderr and "keys migrate" in refused.stderr
        split = recompute(input_events(admin))

        migrated = run_jeugdhub(hub, "keys", "migrate")
        assert (migrated.returncode, migrated.stdout) == (0, ""), migrated.stderr[-2000:]
        after_migration = len(input_events(admin))
        assert run_jeugdhub(hub, "keys", "migrate").returncode == 0
        assert len(input_events(admin)) == after_migration  # a second run adds nothing
        retired = run_jeugdhub(hub, "keys", "retire", "--domain", "youth", "--version", "1")
        assert (retired.returncode, retired.stderr) == (0, "")

        remaining = KeyStore.open(settings.keystore_file, kek)
        expected = _as_if_never_rotated(remaining, records)
        # Without the migration the figures would differ: the test can fail.
        assert recompute(expected) != split
        problems = wait_for_reference_figures(admin, [worker], timeout_s=420, events=expected)
        assert problems == [], worker.log_tail()
    finally:
        worker.stop()

    _assert_gone_from_the_store(settings.keystore_file, kek, retired_keys)
    trail = asyncio.run(read_trail(admin, settings.audit_topic))
    audited = [(r.entry.action, r.entry.purpose, r.entry.outcome) for r in trail if r.entry]
    migrations = [entry for entry in audited if entry[0] == "keys.migrate"]
    assert migrations == [("keys.migrate", KEY_MIGRATION, "granted")] * 2
    retires = [entry[2] for entry in audited if entry[0] == "keys.retire"]
    assert retires == ["granted", "failed", "granted"]  # the refusal is on the trail too


def _assert_gone_from_the_store(path: Path, kek: bytes, retired_keys: list[bytes]) -> None:
    document = json.loads(path.read_text())
    for domain in PSEUDONYM_DOMAINS:
        assert [kept["version"] for kept in document["domains"][domain]] == [2]
        with pytest.raises(KeyStoreError, match="no version 1"):
            KeyStore.open(path, kek).key(domain, 1)
    raw = path.read_bytes()
    for key in retired_keys:
        assert key not in raw
        assert base64.b64encode(key) not in raw and key.hex().encode() not in raw
