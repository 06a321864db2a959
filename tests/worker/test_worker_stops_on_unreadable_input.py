"""A message the worker cannot read stops it, named by offset, instead of being dropped.

faust would restart the failed agent and go on after the batch it dropped; the figures
would then lack those events until some later restart, and nobody would know.
"""

import asyncio
import subprocess
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import CARE_EVENTS
from tests.commands import run_jeugdhub
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess

pytestmark = pytest.mark.slow


async def _send_unreadable(access: KafkaAccess) -> tuple[int, int]:
    producer = AIOKafkaProducer(**access.aiokafka_options())
    await producer.start()
    try:
        sent = await producer.send_and_wait(
            CARE_EVENTS, key=b"youth-from-a-foreign-writer", value=b"plain text, not Avro"
        )
    finally:
        await producer.stop()
    return sent.partition, sent.offset


def test_an_unreadable_event_stops_the_worker_with_its_offset(
    hub: dict[str, str], tmp_path: Path
) -> None:
    simulated = run_jeugdhub(hub, "simulate", "--seed", "41", "--days", "20")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    partition, offset = asyncio.run(_send_unreadable(hub_admin(hub)))
    worker = WorkerProcess(hub, tmp_path / "worker-a")
    try:
        exit_code = worker.process.wait(timeout=180)
    except subprocess.TimeoutExpired:
        pytest.fail("the worker kept running past an event it could not read")
    finally:
        worker.stop()

    log = worker.log_path.read_text(errors="replace")
    assert exit_code != 0
    assert (
        f"stage trajectories could not process {CARE_EVENTS} partition {partition} "
        f"offset {offset}: MalformedMessageError: not an Avro single-object message"
    ) in log
