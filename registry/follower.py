"""How a process knows the registry: it reads the topic, then follows it.

:func:`read_registry` reads the topic once to its end (commands that run and exit).
:class:`RegistryFollower` does the same at start and then keeps reading in a thread of its
own, whatever the process runs on (the gateway's event loop, faust's, a plain command):
after every change it installs the new organisations (``schemas.reference.organisations``),
so a provider registered now can submit within a poll interval, without a restart.

Only committed records are read (an import is one transaction). A reader that meets an
event naming an organisation it does not know yet asks the follower to catch up
(:meth:`RegistryFollower.catch_up`): the entry was written before the event, so once the
follower has read to the topic's current end it is known.
"""

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of, require_topics
from registry.state import organisations_of
from schemas.codec import decode_any
from schemas.reference import organisations
from schemas.registry import RegistryEntry
from schemas.topics import REGISTRY

POLL_MS = 200
START_TIMEOUT_S = 60.0
CATCH_UP_TIMEOUT_S = 10.0
logger = logging.getLogger("jeugdhub.registry")


class RegistryUnavailableError(JeugdhubError):
    """The registry topic could not be read: the process cannot tell who may submit."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"The organisation registry ({REGISTRY}) could not be read: {why}. Check that "
            "Kafka runs and that `jeugdhub kafka start` or `kafka setup` created the topic."
        )


class _Entries:
    """The latest entry of every key, as read so far."""

    def __init__(self) -> None:
        self.by_key: dict[str, RegistryEntry] = {}

    def apply(self, records: Iterable[ConsumerRecord[bytes, bytes]]) -> None:
        for record in records:
            key = (record.key or b"").decode()
            if record.value is None:  # a tombstone: the registry never writes one itself
                self.by_key.pop(key, None)
                continue
            entry = decode_any(record.value)
            if not isinstance(entry, RegistryEntry):
                raise RegistryUnavailableError(f"a {entry.avro_name} is not a registry entry")
            self.by_key[key] = entry

    def install(self) -> None:
        organisations.install(organisations_of(self.by_key.values()))


def _consumer(access: KafkaAccess) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        **access.aiokafka_options(), enable_auto_commit=False, isolation_level="read_committed"
    )


async def read_registry(access: KafkaAccess) -> dict[str, RegistryEntry]:
    """Read the whole registry now, install it in this process, and return its entries."""
    await require_topics(access, (REGISTRY,))
    entries = _Entries()
    partitions = await partitions_of(access, (REGISTRY,))
    consumer = _consumer(access)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        await _read_to(consumer, entries, await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()
    entries.install()
    return entries.by_key


async def _read_to(
    consumer: AIOKafkaConsumer, entries: _Entries, ends: dict[TopicPartition, int]
) -> None:
    # Under read_committed the ends are the last stable offsets; the position passes a
    # transaction's commit marker once the fetch after it returns.
    while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
        for records in (await consumer.getmany(timeout_ms=POLL_MS)).values():
            entries.apply(records)


class RegistryFollower:
    """Follows the registry topic in a thread; :meth:`start` returns once it is read."""

    def __init__(self, access: KafkaAccess) -> None:
        self._access = access
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="registry-follower", daemon=True)
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._entries = _Entries()
        self._progress = asyncio.Condition()

    def start(self, timeout_s: float = START_TIMEOUT_S) -> None:
        self._thread.start()
        if not self._started.wait(timeout_s):
            raise RegistryUnavailableError(f"not read within {timeout_s:.0f} s")
        if self._failure is not None:
            raise RegistryUnavailableError(str(self._failure))
        organisations.follow_with(self.catch_up)

    def catch_up(self, timeout_s: float = CATCH_UP_TIMEOUT_S) -> None:
        """Return once everything written to the registry before this call is installed."""
        future = asyncio.run_coroutine_threadsafe(self._caught_up(), self._loop)
        try:
            future.result(timeout_s)
        except TimeoutError:
            future.cancel()
            raise RegistryUnavailableError(f"no catching up within {timeout_s:.0f} s") from None

    def stop(self) -> None:
        organisations.follow_with(None)
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        task = self._loop.create_task(self._follow())
        try:
            self._loop.run_forever()
        finally:
            task.cancel()
            self._loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
            self._loop.close()

    async def _follow(self) -> None:
        try:
            await require_topics(self._access, (REGISTRY,))
            partitions = await partitions_of(self._access, (REGISTRY,))
            consumer = self._consumer = _consumer(self._access)
            await consumer.start()
        except (KafkaError, JeugdhubError, OSError) as error:
            self._failure = error
            self._started.set()
            return
        try:
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            await _read_to(consumer, self._entries, await consumer.end_offsets(partitions))
            self._entries.install()
            self._started.set()
            await self._keep_following(consumer)
        except (KafkaError, JeugdhubError) as error:
            # The process keeps the registry it has; what it refuses it refuses by that.
            logger.error("stopped following the organisation registry: %s", error)
            self._failure = error
            self._started.set()
        finally:
            await consumer.stop()

    async def _keep_following(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=POLL_MS)
            for records in batches.values():
                self._entries.apply(records)
            if batches:
                self._entries.install()
            async with self._progress:
                self._progress.notify_all()

    async def _caught_up(self) -> None:
        consumer = self._consumer
        assert consumer is not None  # start() returned
        ends = await consumer.end_offsets(list(consumer.assignment()))
        async with self._progress:
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                await self._progress.wait()


@asynccontextmanager
async def following_async(access: KafkaAccess) -> AsyncIterator[RegistryFollower]:
    """The registry read, and followed until the block ends; the start does not block the
    caller's event loop."""
    follower = RegistryFollower(access)
    await asyncio.to_thread(follower.start)
    try:
        yield follower
    finally:
        await asyncio.to_thread(follower.stop)
