"""Exact figures after crashes, rebalances and lost local state, on a broker of its own.

Each test streams simulated events (resubmissions included) into the hub while workers
are killed, added or wiped, and ends when the figures the workers publish equal the
independent reference model's recomputation from every event on the topics.
"""

import asyncio
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemas.topics import EVENT_TOPICS
from tests.commands import run_jeugdhub
from tests.kafka_reading import event_id_counts
from tests.worker.conftest import hub_admin
from tests.worker.running import REPO, WorkerProcess, wait_for_reference_figures

pytestmark = pytest.mark.slow


def _simulate_in_background(hub: dict[str, str], seed: int, scale: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jeugdhub",
            "simulate",
            "--seed",
            str(seed),
            "--days",
            "365",
            "--scale",
            str(scale),
            "--duplicates",
            "0.01",
        ],
        cwd=REPO,
        env={**os.environ, **hub},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(simulation: subprocess.Popen[str]) -> None:
    _, errors = simulation.communicate(timeout=600)
    assert simulation.returncode == 0, errors[-2000:]


def _events_on_kafka(hub: dict[str, str]) -> int:
    counts = asyncio.run(event_id_counts(hub_admin(hub), list(EVENT_TOPICS)))
    return sum(counts.values())


@pytest.mark.timeout(1500)  # above the waits inside, so a failure shows what differs
def test_figures_are_exact_after_five_sigkills_during_100k_events(
    hub: dict[str, str], tmp_path: Path
) -> None:
    simulation = _simulate_in_background(hub, seed=31, scale=7)
    worker_state = tmp_path / "worker-a"
    worker = WorkerProcess(hub, worker_state)
    rng = random.Random(31)
    try:
        for _ in range(5):
            time.sleep(rng.uniform(3, 9))
            worker.kill()
            worker = WorkerProcess(hub, worker_state)
        _finish(simulation)
        assert _events_on_kafka(hub) >= 100_000
        problems = wait_for_reference_figures(hub_admin(hub), [worker], 900)
    finally:
        worker.stop()
        simulation.kill()

    assert problems == [], worker.log_tail()


@pytest.mark.timeout(1500)
def test_figures_are_exact_with_two_workers_and_a_rebalance_in_the_middle(
    hub: dict[str, str], tmp_path: Path
) -> None:
    simulation = _simulate_in_background(hub, seed=32, scale=7)
    first = WorkerProcess(hub, tmp_path / "worker-a")
    second: WorkerProcess | None = None
    try:
        time.sleep(6)
        second = WorkerProcess(hub, tmp_path / "worker-b")  # rebalance: partitions split
        time.sleep(12)
        first.kill()  # rebalance again: the second takes over, from the changelogs
        _finish(simulation)
        assert _events_on_kafka(hub) >= 100_000
        problems = wait_for_reference_figures(hub_admin(hub), [second], 900)
    finally:
        first.stop()
        if second is not None:
            second.stop()
        simulation.kill()

    assert problems == [], second.log_tail() if second else ""


@pytest.mark.timeout(900)
def test_figures_are_exact_after_a_worker_lost_its_local_state(
    hub: dict[str, str], tmp_path: Path
) -> None:
    access = hub_admin(hub)
    first_part = run_jeugdhub(hub, "simulate", "--seed", "33", "--days", "120", "--scale", "3")
    assert first_part.returncode == 0, first_part.stderr[-2000:]
    worker_state = tmp_path / "worker-a"
    worker = WorkerProcess(hub, worker_state)
    try:
        assert wait_for_reference_figures(access, [worker], 300) == [], worker.log_tail()
        worker.stop()
        shutil.rmtree(worker_state / "worker")  # the RocksDB stores are gone
        worker = WorkerProcess(hub, worker_state)
        more = run_jeugdhub(hub, "simulate", "--seed", "34", "--days", "60", "--scale", "3")
        assert more.returncode == 0, more.stderr[-2000:]
        problems = wait_for_reference_figures(access, [worker], 300)
    finally:
        worker.stop()

    assert problems == [], worker.log_tail()
