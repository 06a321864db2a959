"""The ids of events already on Kafka, so that a resubmission has no second effect.

Seeded at start from the ``event-id`` header of every message on the event topics (no
decoding needed), then kept up to date by the ingest pipeline. One index per process:
two gateways that receive the same resubmission at the same moment may both publish it,
which is why the stream processors deduplicate on ``event_id`` as well.
"""

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from connectors.publisher import EVENT_ID_HEADER
from schemas.topics import CAPACITY, CARE_EVENTS


class AcceptedIndex:
    def __init__(self, event_ids: set[str] | None = None) -> None:
        self._ids = event_ids or set()

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, event_id: str) -> None:
        self._ids.add(event_id)

    @classmethod
    async def from_topics(
        cls, bootstrap_servers: str, topics: tuple[str, ...] = (CARE_EVENTS, CAPACITY)
    ) -> "AcceptedIndex":
        partitions = await _partitions(bootstrap_servers, topics)
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
        await consumer.start()
        ids: set[str] = set()
        try:
            if not partitions:
                return cls(ids)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
                for batch in (await consumer.getmany(timeout_ms=1000)).values():
                    for message in batch:
                        ids.update(
                            value.decode()
                            for name, value in message.headers
                            if name == EVENT_ID_HEADER
                        )
        finally:
            await consumer.stop()
        return cls(ids)


async def _partitions(bootstrap_servers: str, topics: tuple[str, ...]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        described = await admin.describe_topics([t for t in topics if t in existing])
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]
