"""A real `jeugdhub worker` process on the real broker publishes exactly the figures that
the independent reference model computes from the same events, and its Prometheus
metrics count the anomalies the reference counts. Restarted on its own state after a
SIGKILL, it reads each input partition (events and facts) from where its stores stopped
reading it, not from the start, and its figures are exact again
(streams.worker.partition_store; DEFINITIONS.md "Restarts")."""

import asyncio
import base64
import os
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from jeugdhub.kafka_access import KafkaAccess
from privacy.keys import KeyStore
from schemas.topics import CAPACITY, CARE_EVENTS, JUSTICE_EVENTS, TRAJECTORY_FACTS
from tests.commands import run_jeugdhub
from tests.kafka_reading import read_to_end
from tests.worker.running import (
    WorkerProcess,
    expected_figures,
    scrape,
    wait_for_reference_figures,
)


@pytest.fixture
def operator(kafka_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    return {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        **kafka_env,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        # Under the prefix the test broker's worker principal may use (jeugdhub.acls).
        "JEUGDHUB_WORKER_APP_ID": f"jeugdhub-streams-test-{uuid.uuid4().hex[:8]}",
        "JEUGDHUB_FIGURES_INTERVAL_S": "1",
    }


@pytest.mark.slow
def test_worker_publishes_the_reference_figures(
    operator: dict[str, str], kafka_admin: KafkaAccess, tmp_path: Path
) -> None:
    simulated = run_jeugdhub(operator, "simulate", "--seed", "21", "--days", "60")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    worker = WorkerProcess(operator, tmp_path / "worker-state")
    try:
        problems = wait_for_reference_figures(kafka_admin, [worker], timeout_s=240)
        assert problems == [], worker.log_tail()
        metrics = scrape(worker.metrics_port)
    finally:
        worker.stop()

    expected = expected_figures(kafka_admin)
    anomalies = {
        (labels["region"], labels["kind"]): value
        for labels, value in metrics["jeugdhub_region_anomalies"]
    }
    assert anomalies == {
        (region, kind): count
        for region, figures in expected.items()
        for kind, count in figures["anomalies"].items()
    }
    taken = {labels["stage"]: value for labels, value in metrics["jeugdhub_worker_messages_total"]}
    events = len(asyncio.run(read_to_end(kafka_admin, [CARE_EVENTS])))
    assert taken["trajectories"] >= events > 0  # every event at least once
    published = metrics["jeugdhub_region_figures_published_total"]
    assert {labels["region"] for labels, _ in published} == set(expected)


def _simulate(operator: dict[str, str], seed: int, days: int) -> None:
    simulated = run_jeugdhub(operator, "simulate", "--seed", str(seed), "--days", str(days))
    assert simulated.returncode == 0, simulated.stderr[-2000:]


INPUTS = (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, TRAJECTORY_FACTS)


@pytest.mark.slow
def test_a_restarted_worker_reads_its_inputs_from_where_its_stores_stopped(
    operator: dict[str, str],
    kafka_admin: KafkaAccess,
    tmp_path: Path,
) -> None:
    state = tmp_path / "worker-state"
    _simulate(operator, seed=24, days=60)
    worker = WorkerProcess(operator, state)
    try:
        assert wait_for_reference_figures(kafka_admin, [worker], 240) == [], worker.log_tail()
        worker.kill()  # no shutdown: the store is as the kill left it
        ends = _ends(asyncio.run(read_to_end(kafka_admin, [*INPUTS])))
        _simulate(operator, seed=25, days=10)  # news while it is down

        worker = WorkerProcess(operator, state)
        assert wait_for_reference_figures(kafka_admin, [worker], 240) == [], worker.log_tail()
    finally:
        worker.stop()

    # Each input partition was read from where it ended at the kill (the stores had read
    # it all), not from its first offset; the news and the figures came all the same.
    resumed = re.findall(
        r"(\S+) partition (\d+): read from offset (\d+), where this worker's store",
        worker.log_path.read_text(),
    )
    assert {topic for topic, _ in ends} == set(INPUTS)
    assert {(topic, int(partition)): int(offset) for topic, partition, offset in resumed} == ends


def _ends(records: list[Any]) -> dict[tuple[str, int], int]:
    """Per topic partition with messages, the offset after its last one."""
    ends: dict[tuple[str, int], int] = {}
    where: tuple[str, int]
    for record in records:
        where = (record.topic, record.partition)
        ends[where] = max(ends.get(where, 0), record.offset + 1)
    return ends
