"""Where records enter Kafka: the only producer of events and dead letters.

It accepts events only as a :class:`privacy.edge.VettedEvent`, so an event that did not
pass the privacy edge has no way onto a topic. A send counts as done only when every
in-sync replica has it (acks=all); the idempotent producer makes retries harmless. Each
message carries its event id in a header, so a reader can deduplicate without decoding.
Besides events it writes the hub's own restriction markers and tombstones
(``privacy.subjects``).
"""

import asyncio
import contextlib
from collections.abc import Callable, Collection, Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.partitioner import murmur2
from aiokafka.structs import RecordMetadata

from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from privacy.edge import VettedEvent
from schemas.catalog import Event, topic_for
from schemas.codec import encode
from schemas.deadletter import DeadLetter
from schemas.person_events import PersonEvent
from schemas.restriction import ProcessingRestricted
from schemas.topics import DEADLETTER

EVENT_ID_HEADER = "event-id"
# How long a send may wait for the broker before the caller is told Kafka is unavailable.
SEND_TIMEOUT_MS = 10_000
DISCARD_TIMEOUT_S = 5.0


class KafkaUnavailableError(JeugdhubError):
    """Kafka did not acknowledge; nothing unacknowledged may be reported as accepted."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            f"Kafka did not acknowledge the records ({type(cause).__name__}); "
            "nothing of this submission counts as accepted: retry it later"
        )


# For modules that hold a durable producer: they take it from here, never make their own.
DurableProducer = AIOKafkaProducer


def durable_producer(access: KafkaAccess, **options: object) -> AIOKafkaProducer:
    """A producer whose acknowledgement means the record is durable."""
    settings: dict[str, object] = {
        "acks": "all",
        "enable_idempotence": True,
        "request_timeout_ms": SEND_TIMEOUT_MS,
        "linger_ms": 5,
        **options,
    }
    return AIOKafkaProducer(**access.aiokafka_options(), **settings)


class EventPublisher:
    """Publishes through a producer it makes itself, and replaces after a failure.

    An idempotent producer that lost its broker keeps numbering its batches; once the
    broker is back it refuses the gap (OutOfOrderSequence) for good. So after any failed
    publish the producer is dropped, and the next publish starts a fresh one (a new
    producer id). Nothing is lost by this: the failed publish was answered as unavailable.
    """

    def __init__(self, make_producer: Callable[[], AIOKafkaProducer]) -> None:
        self._make_producer = make_producer
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        await self._ready()

    async def stop(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()

    async def _ready(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._make_producer()
            try:
                await producer.start()
            except (KafkaError, TimeoutError) as error:
                await producer.stop()
                raise KafkaUnavailableError(error) from None
            self._producer = producer
        return self._producer

    async def _discard(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), DISCARD_TIMEOUT_S)

    async def publish(self, vetted: VettedEvent) -> RecordMetadata:
        (metadata,) = await self.publish_all([vetted], [])
        return metadata

    async def publish_all(
        self, vetted: Sequence[VettedEvent], dead_letters: Sequence[DeadLetter]
    ) -> list[RecordMetadata]:
        """Send everything, then wait for every acknowledgement (batched, in order)."""
        for item in vetted:
            if not isinstance(item, VettedEvent):
                raise TypeError("only events that passed privacy.edge can be published")
        producer = await self._ready()
        try:
            pending = [await self._send_event(producer, item) for item in vetted]
            pending += [
                await producer.send(DEADLETTER, encode(letter), key=letter.key.encode())
                for letter in dead_letters
            ]
            return list(await asyncio.gather(*pending))
        except (KafkaError, TimeoutError) as error:
            await self._discard()
            raise KafkaUnavailableError(error) from None

    async def restrict(self, markers: Sequence[tuple[str, ProcessingRestricted]]) -> None:
        """Each (topic, marker) in its youth's partition: the restriction of processing of
        a youth (``privacy.subjects``). Made by the hub, not by a source: no edge to pass."""
        producer = await self._ready()
        try:
            pending = [
                await producer.send(
                    topic,
                    encode(marker),
                    key=marker.message_key.encode(),
                    partition=subject_partition(marker.key, await producer.partitions_for(topic)),
                    headers=[(EVENT_ID_HEADER, marker.envelope.event_id.encode())],
                )
                for topic, marker in markers
            ]
            await asyncio.gather(*pending)
        except (KafkaError, TimeoutError) as error:
            await self._discard()
            raise KafkaUnavailableError(error) from None

    async def erase(self, held: Sequence[tuple[str, int, bytes]]) -> None:
        """A tombstone for each (topic, partition, message key) of an event, in the
        event's partition: the erasure of a youth (``privacy.subjects``)."""
        producer = await self._ready()
        try:
            pending = [
                await producer.send(topic, None, key=key, partition=partition)
                for topic, partition, key in held
            ]
            await asyncio.gather(*pending)
        except (KafkaError, TimeoutError) as error:
            await self._discard()
            raise KafkaUnavailableError(error) from None

    @staticmethod
    async def _send_event(
        producer: AIOKafkaProducer, vetted: VettedEvent
    ) -> "asyncio.Future[RecordMetadata]":
        event = vetted.event
        topic = topic_for(event, justice=vetted.justice)
        partition = None  # capacity: Kafka's choice by the location key
        if isinstance(event, PersonEvent):
            partition = subject_partition(event.key, await producer.partitions_for(topic))
        future: asyncio.Future[RecordMetadata] = await producer.send(
            topic,
            encode(event),
            key=message_key(event),
            partition=partition,
            headers=[(EVENT_ID_HEADER, event.envelope.event_id.encode())],
        )
        return future


def message_key(event: Event) -> bytes:
    """A person event's key names the youth and the event (``PersonEvent.message_key``),
    a capacity event's its location."""
    return (event.message_key if isinstance(event, PersonEvent) else event.key).encode()


def subject_partition(subject: str, partitions: Collection[int]) -> int:
    """The partition of all of a youth's events: Kafka's own choice for the pseudonym as
    key (murmur2), so a person event's key can name the event and still land beside the
    youth's others (and beside the events written when the key was the pseudonym)."""
    ordered = sorted(partitions)
    hashed: int = murmur2(subject.encode())
    return ordered[(hashed & 0x7FFFFFFF) % len(ordered)]
