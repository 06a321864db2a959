"""Exact figures after crashes, rebalances and lost local state, on a broker of its own.

Each test streams simulated events (resubmissions included) into the hub while workers
are killed, added or wiped, and ends when the figures the workers publish equal the
independent reference model's recomputation from every event on the topics.
"""

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from confluent_kafka import ConsumerGroupState, KafkaException
from confluent_kafka.admin import AdminClient

from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import EVENT_TOPICS
from tests.commands import run_jeugdhub
from tests.kafka_reading import event_id_counts
from tests.worker.conftest import hub_admin
from tests.worker.publications import regressions
from tests.worker.running import (
    REPO,
    WorkerProcess,
    latest_published,
    wait_for_reference_figures,
)
from tests.worker.stage_one_writes import StageOneWrites

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


# The storm goes on until it has had this many kills, one of them (at least) between a
# batch's facts and its states, or until MAX_KILLS.
KILLS = 5
MAX_KILLS = 12
# How long a worker's life watches for a batch's facts to land (the kill follows at once).
WATCH_S = 20.0


@pytest.mark.timeout(1500)  # above the waits inside, so a failure shows what differs
def test_figures_are_exact_after_sigkills_that_land_mid_processing(
    hub: dict[str, str], tmp_path: Path
) -> None:
    """Every kill lands while the worker takes messages (its progress counter moved just
    before), at least one between a batch's facts and its states (checked afterwards on
    the facts Kafka kept and the killed worker's stores), and no publication after a
    restart goes back on one before it."""
    simulation = _simulate_in_background(hub, seed=31, scale=7)
    access = hub_admin(hub)
    writes = StageOneWrites(access)
    worker_state = tmp_path / "worker-a"
    worker, started = WorkerProcess(hub, worker_state), time.time()
    kills = between = 0
    try:
        while kills < MAX_KILLS and (kills < KILLS or between == 0):
            worker.wait_for_progress()
            if not writes.wait_for_facts(WATCH_S):
                worker.wait_for_progress()  # no batch caught: a kill mid-processing still
            worker.kill()
            kills += 1
            between += writes.facts_outran_states(worker_state, since_s=started)
            worker, started = WorkerProcess(hub, worker_state), time.time()
        _finish(simulation)
        assert _events_on_kafka(hub) >= 100_000
        problems = wait_for_reference_figures(access, [worker], 900)
    finally:
        worker.stop()
        simulation.kill()

    assert between > 0, f"none of {kills} kills landed between a batch's facts and its states"
    assert problems == [], worker.log_tail()
    assert regressions(access) == []


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
        first.kill()  # rebalance again: the second takes over, from the first offsets
        _finish(simulation)
        assert _events_on_kafka(hub) >= 100_000
        problems = wait_for_reference_figures(hub_admin(hub), [second], 900)
    finally:
        first.stop()
        if second is not None:
            second.stop()
        simulation.kill()

    assert problems == [], second.log_tail() if second else ""
    assert regressions(hub_admin(hub)) == []


# Longer than the session timeout (settings.worker_session_timeout_s, 15 s), so the group
# gives the paused worker's partitions to the other.
PAUSE_AT_LEAST_S = 25.0


@pytest.mark.timeout(1500)
def test_a_paused_worker_resumed_after_another_took_over_regresses_nothing(
    hub: dict[str, str], tmp_path: Path
) -> None:
    """The zombie: a worker stopped (SIGSTOP) mid-processing, its partitions given to a
    second one, then resumed with its stale state and view. It must see that it stood
    still and stop before it writes (streams.worker.pause_fence): nothing it wrote late takes a
    published figure back, and once its supervisor has started it again the figures end
    exact. (Before the fence, a resumed zombie left 32 cells differing from the
    reference on one run.)"""
    simulation = _simulate_in_background(hub, seed=35, scale=7)
    access = hub_admin(hub)
    group = hub["JEUGDHUB_WORKER_APP_ID"]
    zombie = WorkerProcess(hub, tmp_path / "worker-a")
    other: WorkerProcess | None = None
    try:
        # Paused while it publishes live figures, so its view holds news it may publish
        # late (during its first pass it publishes nothing).
        _wait_for_publications(access, zombie)
        zombie.wait_for_progress()
        zombie.pause()
        paused = time.monotonic()
        other = WorkerProcess(hub, tmp_path / "worker-b")
        assert _wait_for_members(access, group, {"worker-b"}, 180), other.log_tail()
        other.wait_for_progress()
        time.sleep(max(0.0, PAUSE_AT_LEAST_S - (time.monotonic() - paused)))
        zombie.resume()
        try:
            stopped_with = zombie.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the resumed zombie went on:\n{zombie.log_tail()}")
        assert stopped_with != 0
        assert "the worker's process stood still for" in zombie.log_path.read_text(), (
            zombie.log_tail()
        )
        zombie = WorkerProcess(hub, tmp_path / "worker-a")  # as its supervisor would
        assert _wait_for_members(access, group, {"worker-a", "worker-b"}, 180), zombie.log_tail()
        _finish(simulation)
        problems = wait_for_reference_figures(access, [zombie, other], 900)
    finally:
        zombie.stop()
        if other is not None:
            other.stop()
        simulation.kill()

    assert problems == [], zombie.log_tail()
    assert regressions(access) == []


def _wait_for_publications(access: KafkaAccess, worker: WorkerProcess) -> None:
    deadline = time.monotonic() + 300
    while not latest_published(access):
        assert time.monotonic() < deadline, worker.log_tail()
        assert worker.process.poll() is None, worker.log_tail()
        time.sleep(2)


def _wait_for_members(access: KafkaAccess, group: str, members: set[str], timeout_s: float) -> bool:
    """Whether the group becomes stable with exactly these static members in time."""
    config: dict[str, str | int | float | bool] = {**access.librdkafka_config()}
    client = AdminClient(config)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        (future,) = client.describe_consumer_groups([group]).values()
        try:
            group_now = future.result(timeout=30)
        except KafkaException:
            group_now = None  # no coordinator yet
        if (
            group_now is not None
            and group_now.state == ConsumerGroupState.STABLE
            and {member.group_instance_id for member in group_now.members} == members
        ):
            return True
        time.sleep(0.5)
    return False


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
    assert regressions(access) == []
