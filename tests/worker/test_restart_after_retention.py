"""A worker restarted on its own stores after the heads of its inputs were deleted (as
retention or deleteRecords would) reads on from its marks: its figures are those of every
event it had read before, plus the news (streams.worker.partition_store, DEFINITIONS.md
"Restarts"). A worker without stores is told, in its log, what it lacks."""

import asyncio
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from aiokafka.structs import TopicPartition

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of
from schemas.topics import CAPACITY, CARE_EVENTS, JUSTICE_EVENTS, TRAJECTORY_FACTS
from tests.commands import run_jeugdhub
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess, input_events, wait_for_reference_figures

INPUTS = (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, TRAJECTORY_FACTS)


async def _delete_everything_read(access: KafkaAccess) -> dict[TopicPartition, int]:
    """Cut every input partition at its end; the new first offsets."""
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await consumer.start()
    await admin.start()
    try:
        ends = await consumer.end_offsets(await partitions_of(access, list(INPUTS)))
        await admin.delete_records(
            {tp: RecordsToDelete(before_offset=end) for tp, end in ends.items() if end}
        )
        return await consumer.beginning_offsets(list(ends))
    finally:
        await admin.close()
        await consumer.stop()


def _simulate(hub: dict[str, str], seed: int, days: int) -> None:
    simulated = run_jeugdhub(hub, "simulate", "--seed", str(seed), "--days", str(days))
    assert simulated.returncode == 0, simulated.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_worker_on_its_stores_keeps_what_retention_deleted(
    hub: dict[str, str], tmp_path: Path
) -> None:
    access = hub_admin(hub)
    _simulate(hub, seed=26, days=45)
    state = tmp_path / "worker-a"
    worker = WorkerProcess(hub, state)
    try:
        assert wait_for_reference_figures(access, [worker], 300) == [], worker.log_tail()
        worker.kill()
        before = input_events(access)
        starts = asyncio.run(_delete_everything_read(access))
        assert input_events(access) == [] and len(before) > 1000
        assert {tp.topic for tp, first in starts.items() if first} == set(INPUTS)
        _simulate(hub, seed=27, days=10)  # news while it is down

        worker = WorkerProcess(hub, state)
        news = input_events(access)
        problems = wait_for_reference_figures(access, [worker], 300, events=before + news)
        assert problems == [], (problems, worker.log_tail())
        # The check can fail: the news alone give other figures.
        assert wait_for_reference_figures(access, [worker], 3, events=news) != []
    finally:
        worker.stop()

    # A worker that lost its stores cannot have what was deleted, and says so.
    fresh = WorkerProcess(hub, tmp_path / "worker-b")
    try:
        deadline = time.monotonic() + 120
        while "were deleted before it read them" not in fresh.log_path.read_text():
            assert time.monotonic() < deadline, fresh.log_tail()
            assert fresh.process.poll() is None, fresh.log_tail()
            time.sleep(1)
    finally:
        fresh.stop()
