"""Where a stage-1 batch is, seen from outside: between its facts and its states.

A stage-1 batch (``streams.youth_stage.batches.run_stage_one``) sends its facts, waits for
Kafka to acknowledge them, then writes the states that imply them, each with its version,
to its local store. So a SIGKILL right after the facts topic grew may land before the
states are written. After the kill that is checked on what the killed worker left: a
fact it sent carries a version that the store's state of the same subject does not have
yet (or the subject has no state at all).
"""

import asyncio
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of
from schemas.topics import TRAJECTORY_FACTS
from streams.messages import unbundle
from streams.worker.app import STAGE_ONE
from streams.worker.partition_store import PartitionStore
from tests.kafka_reading import read_to_end


class StageOneWrites:
    def __init__(self, access: KafkaAccess) -> None:
        self._access = access

    def wait_for_facts(self, timeout_s: float) -> bool:
        """Return as soon as the facts topic grew (True), or after ``timeout_s`` (False)."""
        return asyncio.run(self._watch(timeout_s))

    def facts_outran_states(self, worker_state: Path, since_s: float) -> bool:
        """Whether a fact on Kafka written at ``since_s`` (Unix time) or later is newer than
        the state of its subject in the stores of the (killed) worker at ``worker_state``."""
        sent: dict[str, tuple[int, bool]] = {}  # per subject: its newest version, a value?
        for record in asyncio.run(read_to_end(self._access, [TRAJECTORY_FACTS])):
            if record.timestamp < since_s * 1000:
                continue
            for version, message in unbundle(record.value):
                if version > sent.get(message.subject, (-1, False))[0]:
                    sent[message.subject] = (version, bool(message.body))
        states = _state_versions(worker_state)
        return any(
            states[subject] < version if subject in states else has_value
            for subject, (version, has_value) in sent.items()
        )

    async def _watch(self, timeout_s: float) -> bool:
        consumer = AIOKafkaConsumer(**self._access.aiokafka_options(), enable_auto_commit=False)
        await consumer.start()
        try:
            facts = await partitions_of(self._access, [TRAJECTORY_FACTS])
            before = sum((await consumer.end_offsets(facts)).values())
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                if sum((await consumer.end_offsets(facts)).values()) > before:
                    return True
            return False
        finally:
            await consumer.stop()


def _state_versions(worker_state: Path) -> dict[str, int]:
    """Per subject, the version of its state in the worker's stage-1 stores."""
    versions: dict[str, int] = {}
    for topic, (_, folder) in STAGE_ONE.items():
        store = PartitionStore(worker_state / "worker" / folder, topic)
        try:
            for path in (worker_state / "worker" / folder).glob("partition-*"):
                for key, stored in store.items(int(path.name.removeprefix("partition-"))):
                    versions[key.decode()] = stored.version
        finally:
            store.close()
    return versions
