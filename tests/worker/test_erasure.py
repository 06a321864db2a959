"""`jeugdhub subject erase` on the real broker, mid-stream: the worker running, the
simulator sending. Afterwards no topic or state store yields the erased events, the
figures equal the reference model without them (after a restart on the worker's own
stores, and on none, too), and the youth's events sent after the erasure count anew."""

import asyncio
import base64
import collections
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from rocksdict import AccessType, Rdict

from connectors.simulator import Simulation
from jeugdhub.kafka_access import KafkaAccess
from privacy.audit.trail import read_trail
from privacy.keys import KeyStore
from privacy.subjects import current_pseudonym, held_events, subject_pseudonyms
from schemas.codec import decode_record
from schemas.person_events import event_id_of, subject_of
from schemas.topics import AUDIT, CORE_TOPICS, ERASABLE_TOPICS
from streams.worker.rocksdb_limits import raw_options
from tests.commands import run_jeugdhub
from tests.demo_registry import install_demo_registry
from tests.kafka_reading import read_to_end
from tests.worker.conftest import hub_admin
from tests.worker.running import (
    REFERENCE_OF,
    REPO,
    WorkerProcess,
    input_events,
    wait_for_reference_figures,
)

SEED, DAYS = 23, 45
# The log cleaner at work within seconds instead of a day: roll segments each second,
# clean as soon as anything is dirty.
QUICK_COMPACTION = {
    "segment.ms": "1000",
    "min.cleanable.dirty.ratio": "0.01",
    "max.compaction.lag.ms": "1000",
}
PURPOSE = "verzoek tot verwijdering 2026-31"


def _youth_still_sending() -> str:
    """The BSN of a youth with general events in the first third of the stream and more
    in its last third: erased after the first, it is still sending."""
    install_demo_registry()
    records = list(Simulation(seed=SEED, start=date(2026, 1, 1), days=DAYS).records())
    third = len(records) // 3

    def youths(part: list[Any]) -> collections.Counter[str]:
        return collections.Counter(
            r.record["youth"]["bsn"]
            for r in part
            if r.kind == "person" and "legal_framework" not in (r.record.get("care") or {})
        )

    early, late = youths(records[:third]), youths(records[-third:])
    return max((bsn for bsn in early if late[bsn]), key=lambda bsn: early[bsn])


async def _compact_quickly(access: KafkaAccess) -> None:
    specs = {spec.name: spec.config for spec in CORE_TOPICS}
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        # AlterConfigs replaces a topic's overrides as a set: the spec's, plus the quick ones.
        await admin.alter_configs(
            [
                ConfigResource(
                    ConfigResourceType.TOPIC, topic, {**specs[topic], **QUICK_COMPACTION}
                )
                for topic in ERASABLE_TOPICS
            ]
        )
    finally:
        await admin.close()


def _on_topics(access: KafkaAccess, erased_keys: set[bytes]) -> list[str]:
    """Where an erased event is still readable on the event topics."""
    return [
        f"{record.topic} {record.partition}@{record.offset}"
        for record in asyncio.run(read_to_end(access, list(ERASABLE_TOPICS)))
        if record.value is not None and record.key in erased_keys
    ]


def _holds_an_erased_event(value: bytes, erased: set[str]) -> bool:
    """A youth state holds an event as a row that starts with its id
    (streams.youth_stage.trajectory);
    elsewhere an erased id may only be named (a later retraction of it)."""
    return any(b'["' + event_id.encode() + b'"' in value for event_id in erased)


def _wait_until_unreadable(access: KafkaAccess, erased_keys: set[bytes]) -> None:
    deadline = time.monotonic() + 240
    left = ["not checked"]
    while left and time.monotonic() < deadline:
        time.sleep(3)
        left = _on_topics(access, erased_keys)
    assert left == [], f"erased events still readable at {left[:5]}"


def _in_state_stores(state: Path, erased: set[str]) -> list[str]:
    """Keys of the worker's local RocksDB stores (stage 1's states, stage 2's held values)
    whose value holds an erased event."""
    found = []
    for current in state.rglob("CURRENT"):
        db = Rdict(str(current.parent), options=raw_options(), access_type=AccessType.read_only())
        try:
            found += [
                f"{current.parent.name}: {bytes(key)!r}"
                for key, value in db.items()
                if _holds_an_erased_event(bytes(value), erased)
            ]
        finally:
            db.close()
    return found


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_erasing_a_youth_mid_stream_removes_its_events_everywhere(
    hub: dict[str, str], tmp_path: Path
) -> None:
    access = hub_admin(hub)
    bsn = _youth_still_sending()
    keys = KeyStore.open(Path(hub["JEUGDHUB_STATE_DIR"]) / "keys" / "keystore.json", _kek(hub))
    pseudonyms = subject_pseudonyms(keys, bsn)

    worker = WorkerProcess(hub, tmp_path / "worker")
    simulate = ["simulate", "--seed", str(SEED), "--days", str(DAYS), "--rate", "60"]
    simulator_log = tmp_path / "simulator.log"
    with simulator_log.open("w") as log:
        simulator = subprocess.Popen(
            [sys.executable, "-m", "jeugdhub", *simulate],
            cwd=REPO,
            env={**os.environ, **hub},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        # Mid-stream: once some of the youth's events are on Kafka.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            held = asyncio.run(held_events(access, pseudonyms))
            if len(held) >= 2:
                break
            time.sleep(1)
        assert len(held) >= 2, "the youth's early events did not arrive"
        seen = _records_of(access, pseudonyms)
        asyncio.run(_compact_quickly(access))
        assert simulator.poll() is None, "the simulator finished before the erasure"

        erased_run = run_jeugdhub(hub, "subject", "erase", "--purpose", PURPOSE, stdin=bsn + "\n")

        assert erased_run.returncode == 0, erased_run.stderr[-2000:]
        assert erased_run.stdout == "" and bsn not in erased_run.stderr
        assert simulator.poll() is None, "the erasure was not made mid-stream"
        assert simulator.wait(timeout=600) == 0, simulator_log.read_text()[-2000:]

        tombstones = [
            record
            for record in asyncio.run(read_to_end(access, list(ERASABLE_TOPICS)))
            if record.value is None and record.key and subject_of(record.key).decode() in pseudonyms
        ]
        erased = {event_id_of(record.key) or "" for record in tombstones}
        assert {h.key.split("/")[1] for h in held} <= erased  # what the test saw is erased

        # The log cleaner removes the events from the topics.
        _wait_until_unreadable(access, {record.key for record in tombstones})
        later = asyncio.run(held_events(access, pseudonyms))
        assert later, "the youth's events sent after the erasure are held (they count anew)"
        assert not {h.event["envelope"]["event_id"] for h in later} & erased

        # The figures: the reference model over the events held, i.e. without the erased.
        problems = wait_for_reference_figures(access, [worker], timeout_s=600)
        assert problems == [], (problems, worker.log_tail())
        # The check can fail: with the erased events, the reference differs.
        with_erased = input_events(access) + seen
        assert any(
            reference(with_erased) != reference(input_events(access))
            for reference in REFERENCE_OF.values()
        )
    finally:
        if simulator.poll() is None:
            simulator.kill()
        worker.stop()
    assert _in_state_stores(worker.state, erased) == []

    # Neither does a restart on the worker's own stores, which reads on from their marks.
    again = WorkerProcess(hub, worker.state)
    try:
        problems = wait_for_reference_figures(access, [again], timeout_s=600)
        assert problems == [], (problems, again.log_tail())
    finally:
        again.stop()
    assert "where this worker's store stopped reading it" in again.log_path.read_text()
    assert _in_state_stores(again.state, erased) == []

    # Nor a full replay after a restart with the local state lost.
    restarted = WorkerProcess(hub, tmp_path / "restarted")
    try:
        problems = wait_for_reference_figures(access, [restarted], timeout_s=600)
        assert problems == [], (problems, restarted.log_tail())
    finally:
        restarted.stop()
    assert _in_state_stores(restarted.state, erased) == []

    # Audited with its purpose, the youth named by its pseudonym, never the BSN.
    subject = current_pseudonym(keys, bsn)
    entries = [r.entry for r in asyncio.run(read_trail(access, AUDIT)) if r.entry]
    (entry,) = [e for e in entries if e.action == "subject.erase" and e.data_subject == subject]
    assert (entry.purpose, entry.outcome) == (PURPOSE, "granted")
    assert bsn not in repr(entries)


def _records_of(access: KafkaAccess, pseudonyms: frozenset[str]) -> list[tuple[str, Any]]:
    """The youth's events on the erasable topics, decoded as the reference model reads them."""
    return [
        decode_record(record.value)
        for record in asyncio.run(read_to_end(access, list(ERASABLE_TOPICS)))
        if record.value is not None
        and record.key is not None
        and subject_of(record.key).decode() in pseudonyms
    ]


def _kek(hub: dict[str, str]) -> bytes:
    return base64.b64decode(hub["JEUGDHUB_KEY_ENCRYPTION_KEY"])
