"""Where vetted events enter Kafka: the only producer of person and capacity events.

It accepts nothing but a :class:`privacy.edge.VettedEvent`, so an event that did not pass
the privacy edge has no way onto a topic. A send counts as done only when every in-sync
replica has it (acks=all) and the idempotent producer makes retries harmless.
"""

from aiokafka import AIOKafkaProducer
from aiokafka.structs import RecordMetadata

from privacy.edge import VettedEvent
from schemas.catalog import topic_for
from schemas.codec import encode


def durable_producer(bootstrap_servers: str, **options: object) -> AIOKafkaProducer:
    """A producer whose acknowledgement means the event is durable."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, acks="all", enable_idempotence=True, **options
    )


class EventPublisher:
    def __init__(self, producer: AIOKafkaProducer) -> None:
        self._producer = producer

    async def publish(self, vetted: VettedEvent) -> RecordMetadata:
        if not isinstance(vetted, VettedEvent):
            raise TypeError("only events that passed privacy.edge can be published")
        event = vetted.event
        metadata: RecordMetadata = await self._producer.send_and_wait(
            topic_for(event), encode(event), key=event.key.encode()
        )
        return metadata
