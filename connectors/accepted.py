"""The ids of events already on Kafka, so that a resubmission has no second effect.

Seeded at start from the ``event-id`` header of every message on the event topics (no
decoding needed), then kept up to date by the ingest pipeline. The ids on the justice
topic are also kept apart: a retraction goes to the topic of the event it retracts.
One index per process:
two gateways that receive the same resubmission at the same moment may both publish it,
which is why the stream processors deduplicate on ``event_id`` as well.
"""

from connectors.publisher import EVENT_ID_HEADER
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import read_to_end
from schemas.topics import EVENT_TOPICS, JUSTICE_EVENTS


class AcceptedIndex:
    def __init__(
        self, event_ids: set[str] | None = None, justice_ids: set[str] | None = None
    ) -> None:
        self._ids = event_ids or set()
        self.justice_ids = justice_ids or set()  # the subset on the justice topic

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, event_id: str, *, justice: bool = False) -> None:
        self._ids.add(event_id)
        if justice:
            self.justice_ids.add(event_id)

    @classmethod
    async def from_topics(
        cls, access: KafkaAccess, topics: tuple[str, ...] = EVENT_TOPICS
    ) -> "AcceptedIndex":
        index = cls()
        async for message in read_to_end(access, topics):
            for name, value in message.headers:
                if name == EVENT_ID_HEADER:
                    index.add(value.decode(), justice=message.topic == JUSTICE_EVENTS)
        return index
