"""Where a feed topic is read once per process and handed to every snapshot and stream.

One consumer per feed topic, started on first use. It has no consumer group: it assigns
the topic's one partition itself and reads it from the beginning, so it needs no group
rights and leaves nothing on the broker. It keeps the latest release per key (the
snapshot) and puts each new release on the bounded queue of every open stream. A queue
that is full belongs to a client that does not keep up: that client is dropped (it
resumes with Last-Event-ID); the consumer never waits for anyone.
"""

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from feeds.api.metrics import DROPPED
from feeds.api.stored import StoredRelease, stored_release
from jeugdhub.errors import JeugdhubError

log = logging.getLogger(__name__)

FETCH_TIMEOUT_MS = 500


class FeedUnavailableError(JeugdhubError):
    """The feed topic cannot be read now (not created yet, or Kafka unreachable)."""


class Listener:
    """One open stream's queue. ``None`` from :meth:`next` means: the stream ends."""

    def __init__(self, capacity: int) -> None:
        self._queue: asyncio.Queue[StoredRelease | None] = asyncio.Queue(capacity)
        self.dropped = False

    def offer(self, item: StoredRelease) -> bool:
        """Queue the release; False (and dropped) when the client is too far behind."""
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self.end()
            return False
        return True

    def end(self) -> None:
        self.dropped = True
        # Wakes a waiting reader; a full queue has no waiting reader, which sees the flag.
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def next(self) -> StoredRelease | None:
        if self.dropped:
            return None
        return await self._queue.get()


class FeedFollower:
    """The in-memory state of one feed topic, kept up to date by its one consumer."""

    def __init__(self, topic: str, kafka_options: dict[str, Any], queue_capacity: int) -> None:
        self.topic = topic
        self._partition = TopicPartition(topic, 0)
        self.kafka_options = kafka_options
        self._queue_capacity = queue_capacity
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self._latest: dict[str, StoredRelease] = {}
        self._listeners: set[Listener] = set()
        self._read = asyncio.Condition()
        # Every offset below this has been read, kept and handed to the listeners.
        self.position = 0
        self.failed = False

    async def start(self, timeout_s: float) -> None:
        """Assign the topic and read it to its present end (in the background from then on)."""
        consumer = AIOKafkaConsumer(
            **self.kafka_options, enable_auto_commit=False, auto_offset_reset="earliest"
        )
        try:
            await consumer.start()
            if self.topic not in await consumer.topics():
                raise FeedUnavailableError(
                    f"feed topic {self.topic} does not exist yet; it is created when the "
                    "subscriber is added (`jeugdhub subscribers add`)"
                )
            consumer.assign([self._partition])
            # Reading the end offset also brings the topic's metadata into the client.
            end = (await consumer.end_offsets([self._partition]))[self._partition]
            partitions = consumer.partitions_for_topic(self.topic) or set()
            if partitions != {0}:
                # Offsets are the stream's event ids, and releases must stay in order.
                raise FeedUnavailableError(
                    f"feed topic {self.topic} has {len(partitions)} partitions; a feed topic "
                    "has exactly one"
                )
            await consumer.seek_to_beginning(self._partition)
        except (KafkaError, FeedUnavailableError, TimeoutError) as error:
            await consumer.stop()
            if isinstance(error, FeedUnavailableError):
                raise
            raise FeedUnavailableError(
                f"cannot read feed topic {self.topic} ({type(error).__name__})"
            ) from None
        self._consumer = consumer
        self._task = asyncio.create_task(self._follow(consumer), name=f"follow {self.topic}")
        try:
            await self._until_read(end, timeout_s)
        except (TimeoutError, FeedUnavailableError):
            await self.stop()
            raise FeedUnavailableError(
                f"feed topic {self.topic} could not be read to its end in {timeout_s:g} s"
            ) from None

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for listener in list(self._listeners):
            listener.end()
        self._listeners.clear()
        if self._consumer is not None:
            await self._consumer.stop()

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        try:
            while True:
                batches = await consumer.getmany(self._partition, timeout_ms=FETCH_TIMEOUT_MS)
                for record in batches.get(self._partition, []):
                    stored = stored_release(record)
                    if stored is not None:
                        self._keep(stored)
                    self.position = record.offset + 1
                # Past transaction markers and compacted gaps too, so waiting ends.
                self.position = max(self.position, await consumer.position(self._partition))
                async with self._read:
                    self._read.notify_all()
        except Exception as error:
            # Whatever stops the consumer ends its streams and fails its snapshots, so no
            # reader waits for releases that will not come; the next request starts afresh.
            log.error("stopped reading %s: %s", self.topic, type(error).__name__)
            self.failed = True
            for listener in list(self._listeners):
                listener.end()
            self._listeners.clear()
            async with self._read:
                self._read.notify_all()

    def _keep(self, stored: StoredRelease) -> None:
        self._latest[stored.key] = stored
        for listener in list(self._listeners):
            if not listener.offer(stored):
                self._listeners.discard(listener)
                DROPPED.inc()

    async def _until_read(self, offset: int, timeout_s: float | None = None) -> None:
        async with self._read:
            await asyncio.wait_for(
                self._read.wait_for(lambda: self.position >= offset or self.failed), timeout_s
            )
        if self.failed:
            raise FeedUnavailableError(f"lost the connection to feed topic {self.topic}")

    async def snapshot(self, timeout_s: float) -> list[StoredRelease]:
        """The latest release per key, once everything now on the topic has been read."""
        assert self._consumer is not None
        try:
            ends = await asyncio.wait_for(self._consumer.end_offsets([self._partition]), timeout_s)
            await self._until_read(ends[self._partition], timeout_s)
        except (KafkaError, TimeoutError):
            raise FeedUnavailableError(
                f"feed topic {self.topic} could not be read to its end in {timeout_s:g} s"
            ) from None
        return [self._latest[key] for key in sorted(self._latest)]

    def listen(self) -> tuple[Listener, int]:
        """A new stream's queue, and the first offset it will receive on it.

        Nothing awaits between reading the position and registering, and the consumer
        hands a record to the listeners in the same step that moves the position past it:
        every offset from the one returned on arrives in the queue, none before it.
        """
        listener = Listener(self._queue_capacity)
        if self.failed:
            listener.end()
        else:
            self._listeners.add(listener)
        return listener, self.position

    def forget(self, listener: Listener) -> None:
        self._listeners.discard(listener)


class FeedFollowers:
    """The followers of this process, one per feed topic, each started on first use."""

    def __init__(
        self, kafka_options: dict[str, Any], queue_capacity: int, catch_up_timeout_s: float
    ) -> None:
        self.kafka_options = kafka_options
        self._queue_capacity = queue_capacity
        self._catch_up_timeout_s = catch_up_timeout_s
        self._followers: dict[str, FeedFollower] = {}
        self._starting: dict[str, asyncio.Lock] = {}

    async def follower(self, topic: str) -> FeedFollower:
        lock = self._starting.setdefault(topic, asyncio.Lock())
        async with lock:
            follower = self._followers.get(topic)
            if follower is not None and follower.failed:
                # Started afresh: its consumer stopped on an error it could not recover from.
                del self._followers[topic]
                await follower.stop()
                follower = None
            if follower is None:
                follower = FeedFollower(topic, self.kafka_options, self._queue_capacity)
                await follower.start(self._catch_up_timeout_s)
                self._followers[topic] = follower
            return follower

    async def stop(self) -> None:
        for follower in self._followers.values():
            await follower.stop()
        self._followers.clear()
