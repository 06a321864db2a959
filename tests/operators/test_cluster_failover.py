"""A three-broker KRaft cluster (``jeugdhub kafka start --brokers 3``) loses a broker to
SIGKILL while events are ingested and processed: no accepted event is lost, the figures
equal the reference model's, and the restarted broker catches up."""

import asyncio
import base64
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from connectors.simulator import Simulation
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from privacy.keys import KeyStore
from schemas.topics import CORE_TOPICS, EVENT_TOPICS
from tests.commands import run_jeugdhub
from tests.conftest import start_hub_broker
from tests.kafka_reading import event_id_counts
from tests.worker.running import REPO, WorkerProcess, wait_for_reference_figures

SEED, DAYS, RECORDS = 14, 120, 8000
# About 27 s at 300 records a second: the broker is killed and restarted in the middle.
SIMULATE = ["--seed", str(SEED), "--days", str(DAYS), "--records", str(RECORDS), "--rate", "300"]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[LocalBroker, KafkaAccess, dict[str, str]]]:
    app_id = f"failover-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        state_dir=tmp_path / "cluster", worker_app_id=app_id, topic_replication_factor=3
    )
    broker, running = start_hub_broker(settings, brokers=3)
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    env = {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        **running.env(),
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        "JEUGDHUB_WORKER_APP_ID": app_id,
        "JEUGDHUB_TOPIC_REPLICATION_FACTOR": "3",
        "JEUGDHUB_FIGURES_INTERVAL_S": "2",
    }
    try:
        yield broker, running.admin, env
    finally:
        broker.stop()


def _simulated_event_keys() -> set[tuple[str, str, str]]:
    """What the simulation below sends: one event per (source, its event id)."""
    records = Simulation(seed=SEED, start=date(2026, 1, 1), days=DAYS, scale=1.0).records()
    return {
        (r.source["organisation_type"], r.source["code"], r.record["source_event_id"])
        for r in islice(records, RECORDS)
    }


async def _in_sync_replicas(admin: KafkaAccess) -> dict[tuple[str, int], int]:
    client = AIOKafkaAdminClient(**admin.aiokafka_options())
    await client.start()
    try:
        described = await client.describe_topics([spec.name for spec in CORE_TOPICS])
    finally:
        await client.close()
    return {
        (topic["topic"], partition["partition"]): len(partition["isr"])
        for topic in described
        for partition in topic["partitions"]
    }


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_broker_killed_during_ingest_loses_nothing_and_catches_up(
    cluster: tuple[LocalBroker, KafkaAccess, dict[str, str]], tmp_path: Path
) -> None:
    broker, admin, env = cluster
    assert len(broker.status().pids) == 3
    assert set(asyncio.run(_in_sync_replicas(admin)).values()) == {3}  # replication factor 3
    worker = WorkerProcess(env, tmp_path / "worker")
    simulation = subprocess.Popen(
        [sys.executable, "-m", "jeugdhub", "simulate", *SIMULATE],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(8)  # ingest and processing under way
        assert simulation.poll() is None, "the simulation ended before the broker was killed"
        victim = broker.nodes[0]
        killed = victim.running_pid()
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        time.sleep(10)  # the cluster goes on with two: leaders move, min.insync.replicas 2
        assert len(broker.status().pids) == 2
        # As an operator would: `kafka start` again starts the node that is missing (with
        # the same app id, so the worker's ACLs stay what they are).
        operator = {
            "JEUGDHUB_STATE_DIR": str(tmp_path / "cluster"),
            "JEUGDHUB_WORKER_APP_ID": env["JEUGDHUB_WORKER_APP_ID"],
            "JEUGDHUB_TOPIC_REPLICATION_FACTOR": "3",
        }
        restarted = run_jeugdhub(operator, "kafka", "start", timeout=300)
        assert restarted.returncode == 0, restarted.stderr
        assert victim.running_pid() not in (None, killed)

        _, errors = simulation.communicate(timeout=600)
        if simulation.returncode != 0:
            # A partition's leader moved while a batch was in flight and the producer gave
            # up on it: the command says so and refuses the batch. The operator does what
            # it says, retry; event ids make the rerun send only what Kafka lacks.
            assert "retry it later" in errors, errors[-2000:]
            rerun = run_jeugdhub(env, "simulate", *SIMULATE, timeout=600)
            assert rerun.returncode == 0, rerun.stderr[-2000:]
        counts = asyncio.run(event_id_counts(admin, list(EVENT_TOPICS)))
        assert len(counts) == len(_simulated_event_keys())  # every accepted event is there

        problems = wait_for_reference_figures(admin, [worker], 600)
        assert problems == [], problems
    finally:
        worker.stop()
        simulation.kill()

    # The restarted broker caught up: every partition has its three replicas in sync.
    deadline = time.monotonic() + 120
    behind = ["not checked"]
    while behind and time.monotonic() < deadline:
        isr = asyncio.run(_in_sync_replicas(admin))
        behind = [f"{topic}/{partition}" for (topic, partition), n in isr.items() if n != 3]
        time.sleep(0 if not behind else 2)
    assert behind == []
