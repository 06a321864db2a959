"""``jeugdhub egress``: the only process that writes the feed topics.

It reads the internal figures (general and justice per region, general per municipality
of residence and per provider's part of a region), keeps them per event day
(``FiguresHistory``), and once a second asks the planner what each active subscriber is
due. Releases are sent with acks=all and the idempotent producer, and a release counts as
made only once Kafka has it. At start it reads every subscriber's feed topic back, so
that after a restart a period is not released twice (a second draw of noise or a second
suppression pattern for the same period would let a recipient compare them).
"""

import asyncio
import logging
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition

from connectors.publisher import durable_producer
from feeds.egress.history import FiguresHistory
from feeds.egress.metrics import count_released
from feeds.egress.protection import protect_release
from feeds.egress.release import ReleasePlanner
from feeds.subscribers import Subscriber, SubscriberStore
from jeugdhub.acls import EGRESS_GROUP
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of, read_to_end
from jeugdhub.observability.lag import record_lag
from privacy.regimes import load_regimes
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, encode
from schemas.feeds import FeedRelease
from schemas.topics import (
    JUSTICE_REGION_FIGURES,
    MUNICIPALITY_FIGURES,
    PROVIDER_FIGURES,
    REGION_FIGURES,
)

log = logging.getLogger("jeugdhub.egress")

TICK_S = 1.0


class Egress:
    def __init__(self, access: KafkaAccess, subscribers: SubscriberStore) -> None:
        self._access = access
        self._subscribers = subscribers
        self._histories = {
            REGION_FIGURES: FiguresHistory(),
            JUSTICE_REGION_FIGURES: FiguresHistory(),
            MUNICIPALITY_FIGURES: FiguresHistory(),
            PROVIDER_FIGURES: FiguresHistory(),
        }
        self._planner = ReleasePlanner(
            load_regimes(),
            protect_release,
            general=self._histories[REGION_FIGURES],
            justice=self._histories[JUSTICE_REGION_FIGURES],
            residents=self._histories[MUNICIPALITY_FIGURES],
            providers=self._histories[PROVIDER_FIGURES],
        )
        self._known: set[str] = set()

    async def run(self, stop: asyncio.Event) -> None:
        consumer = AIOKafkaConsumer(enable_auto_commit=False, **self._access.aiokafka_options())
        producer = durable_producer(self._access)
        await consumer.start()
        await producer.start()
        try:
            inputs = await partitions_of(self._access, list(self._histories))
            consumer.assign(inputs)
            await consumer.seek_to_beginning(*inputs)
            while not stop.is_set():
                batches = await consumer.getmany(timeout_ms=int(TICK_S * 1000))
                for partition, messages in batches.items():
                    self._take(partition, (m.value for m in messages if m.value))
                await _measure_lag(consumer, inputs)
                due = await self._due()
                sent = [
                    await producer.send(topic, encode(release), key=key)
                    for topic, key, release in due
                ]
                # A release counts as made once Kafka has it; a failed send stops the
                # process, and the restart learns from the feeds what did arrive.
                await asyncio.gather(*sent)
                count_released([release for _, _, release in due])
        finally:
            await producer.stop()
            await consumer.stop()

    def _take(self, partition: TopicPartition, values: Iterable[bytes]) -> None:
        history = self._histories[partition.topic]
        for value in values:
            figures = decode_any(value)
            assert isinstance(figures, RegionFiguresPublished)
            history.add(figures)

    async def _due(self) -> list[tuple[str, bytes, FeedRelease]]:
        """(topic, key, release) of every release now due to an active subscriber."""
        messages = []
        for subscriber in self._subscribers.active():
            if subscriber.name not in self._known:
                await self._learn(subscriber)
            for key, release in self._planner.due(subscriber):
                messages.append((subscriber.feed_topic, key.encode(), release))
        return messages

    async def _learn(self, subscriber: Subscriber) -> None:
        """What this subscriber was already sent, from its own feed topic."""
        state = self._planner.state(subscriber)
        async for message in read_to_end(self._access, [subscriber.feed_topic]):
            if message.key and message.value:
                release = decode_any(message.value)
                assert isinstance(release, FeedRelease)
                state.learn(message.key.decode(), release, self._planner.regimes[subscriber.regime])
        self._known.add(subscriber.name)


async def _measure_lag(consumer: AIOKafkaConsumer, inputs: list[TopicPartition]) -> None:
    """The end offsets the last fetches saw, against where the egress is."""
    for partition in inputs:
        end = consumer.highwater(partition)
        if end is not None:
            position = await consumer.position(partition)
            record_lag(EGRESS_GROUP, partition.topic, partition.partition, end, position)
