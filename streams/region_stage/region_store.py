"""Stage 2's held values: per trajectory-facts partition, a local RocksDB (rocksdict).

Per (region, subject of a kind) the latest whole value stage 1 sent. This module is the
one owner of the key format, ``<region>|<kind>|<subject>``: callers speak in regions and
:class:`~streams.messages.RegionMessage` s. This is a plain local store, not a faust
table, on purpose: its log is the trajectory-facts topic itself, which is kept forever
and which the worker reads again from the start on every start and rebalance
(DEFINITIONS.md "Exactness"). Replaying the topic into the store ends in its latest
values whatever the store held before, so a lost or stale local copy heals the same way a
changelog recovery would, and stage 2 writes no changelog: that was half of what the
worker sent to Kafka.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from rocksdict import Rdict

from streams.messages import RegionMessage
from streams.worker.rocksdb_limits import raw_options

_SEPARATOR = "|"


def held_key(region: str, message: RegionMessage) -> bytes:
    """The store's key of what ``region`` holds for the message's subject."""
    return f"{region}{_SEPARATOR}{message.kind.decode()}{_SEPARATOR}{message.subject}".encode()


def held_message(key: bytes, value: bytes) -> tuple[str, RegionMessage]:
    """The region and the message a stored key and value stand for."""
    region, kind, subject = key.decode().split(_SEPARATOR, 2)
    return region, RegionMessage(kind.encode(), subject, value)


class RegionStore:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._dbs: dict[int, Rdict] = {}

    def _db(self, partition: int) -> Rdict:
        db = self._dbs.get(partition)
        if db is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = str(self._folder / f"partition-{partition}")
            db = self._dbs[partition] = Rdict(path, options=raw_options())
        return db

    def get(self, partition: int, region: str, message: RegionMessage) -> bytes | None:
        """What the region holds for the message's subject (None: nothing)."""
        value: bytes | None = self._db(partition).get(held_key(region, message))
        return value

    def put(self, partition: int, region: str, message: RegionMessage) -> None:
        """Hold the message's body for its subject (an empty body: hold nothing)."""
        key = held_key(region, message)
        if message.body:
            self._db(partition)[key] = message.body
        else:
            del self._db(partition)[key]

    def items(self, partitions: Iterable[int]) -> Iterator[tuple[str, RegionMessage]]:
        """Everything the partitions hold, as (region, message) with the held body."""
        for partition in sorted(partitions):
            for key, value in self._db(partition).items():
                assert isinstance(key, bytes) and isinstance(value, bytes)  # raw options
                yield held_message(key, value)

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
