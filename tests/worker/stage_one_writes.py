"""Where a stage-1 batch is, seen from Kafka: between its facts and its states.

A stage-1 batch (``streams.youth_stage.batches.run_stage_one``) sends its facts, waits for Kafka to
acknowledge them, then writes the states that imply them to its table, whose changelog
topic is where those states become durable. So while the facts topic has grown and no
stage-1 changelog has yet, a batch is between the two: a SIGKILL then leaves facts in
Kafka whose states are not. After the kill, that is checked on what Kafka kept: the
newest fact is newer than the newest state of every stage-1 table.
"""

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of
from schemas.topics import TRAJECTORY_FACTS

# The stage-1 tables of streams.worker.app; faust names a table's changelog <app
# id>-<table>-changelog.
STAGE_ONE_TABLES = ("youths-v3", "justice-youths-v1", "locations")


class StageOneWrites:
    def __init__(self, access: KafkaAccess, app_id: str) -> None:
        self._access = access
        self._states = [f"{app_id}-{table}-changelog" for table in STAGE_ONE_TABLES]

    def wait_between_facts_and_states(self, timeout_s: float) -> bool:
        """Return as soon as the facts grew while no state did (True), or after
        ``timeout_s`` (False)."""
        return asyncio.run(self._watch(timeout_s))

    def facts_outran_states(self, since_s: float) -> bool:
        """Whether the newest fact on Kafka, written at ``since_s`` (Unix time) or later,
        is newer than the newest stage-1 state."""
        return asyncio.run(self._facts_newer(int(since_s * 1000)))

    async def _watch(self, timeout_s: float) -> bool:
        consumer = AIOKafkaConsumer(**self._access.aiokafka_options(), enable_auto_commit=False)
        await consumer.start()
        try:
            facts = await partitions_of(self._access, [TRAJECTORY_FACTS])
            states = await partitions_of(self._access, self._states)
            before = await _sizes(consumer, facts, states)
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                now = await _sizes(consumer, facts, states)
                if now[0] > before[0] and now[1] == before[1]:
                    return True
                before = now
            return False
        finally:
            await consumer.stop()

    async def _facts_newer(self, since_ms: int) -> bool:
        consumer = AIOKafkaConsumer(**self._access.aiokafka_options(), enable_auto_commit=False)
        await consumer.start()
        try:
            facts_partitions = await partitions_of(self._access, [TRAJECTORY_FACTS])
            facts = await _newest_timestamp(consumer, facts_partitions)
            states = await _newest_timestamp(
                consumer, await partitions_of(self._access, self._states)
            )
            return facts >= since_ms and facts > states
        finally:
            await consumer.stop()


async def _sizes(
    consumer: AIOKafkaConsumer, facts: list[TopicPartition], states: list[TopicPartition]
) -> tuple[int, int]:
    """The summed end offsets of the facts topic and of the stage-1 changelogs."""
    ends = await consumer.end_offsets([*facts, *states])
    return sum(ends[tp] for tp in facts), sum(ends[tp] for tp in states)


async def _newest_timestamp(consumer: AIOKafkaConsumer, partitions: list[TopicPartition]) -> int:
    """The largest timestamp (ms) of the last record of each partition; -1 if all are empty."""
    ends = await consumer.end_offsets(partitions)
    newest = -1
    for tp, end in ends.items():
        if end == 0:
            continue
        consumer.assign([tp])
        consumer.seek(tp, end - 1)
        batches = await consumer.getmany(tp, timeout_ms=5000, max_records=1)
        newest = max([newest, *(r.timestamp for batch in batches.values() for r in batch)])
    return newest
