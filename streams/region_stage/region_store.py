"""Stage 2's held values: per trajectory-facts partition, a local RocksDB (rocksdict).

Per (region, subject of a kind) the whole value of the highest version stage 1 sent, and
that version (``streams.messages``); a tombstone is kept as its version alone, so that an
older value landing after it is known to be older. This module is the one owner of the
key and value formats, ``<region>|<kind>|<subject>`` and ``<version><body>``: callers
speak in regions and :class:`~streams.messages.RegionMessage` s. This is a plain local
store, not a faust table, on purpose: its log is the trajectory-facts topic itself, which
is kept forever. Reading the topic into the store ends in its newest values whatever the
store held before (the highest version wins, in any order), so a lost or stale local copy
heals the same way a changelog recovery would, and stage 2 writes no changelog: that was
half of what the worker sent to Kafka.

Each partition's database also keeps how far it has read its facts partition without a
gap (:meth:`RegionStore.read_to`), written after the values it covers: RocksDB's log keeps
writes in order, so a mark that survived a crash covers values that did too. A worker
that starts on its own store reads each facts partition from there instead of from its
first offset (DEFINITIONS.md "Exactness", 4); a lost store reads everything.
"""

import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rocksdict import Rdict

from streams.messages import RegionMessage
from streams.worker.rocksdb_limits import raw_options

_SEPARATOR = "|"
_VERSION = struct.Struct(">Q")
# Not a held key (those begin with a region): the offset up to which the partition is read.
_READ_TO = b"\x00read-to"


@dataclass(frozen=True, slots=True)
class Held:
    version: int
    body: bytes  # empty: a tombstone (the region holds nothing of the subject)


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
            db = self._dbs[partition] = Rdict(self._path(partition), options=raw_options())
        return db

    def _path(self, partition: int) -> str:
        return str(self._folder / f"partition-{partition}")

    def read_to(self, partition: int) -> int:
        """The offset below which every message of the facts partition is held (0: none
        is known to be)."""
        value: bytes | None = self._db(partition).get(_READ_TO)
        return 0 if value is None else int(_VERSION.unpack(value)[0])

    def mark_read_to(self, partition: int, offset: int) -> None:
        """Every message of the facts partition below ``offset`` is held (call it only
        after their values are put)."""
        self._db(partition)[_READ_TO] = _VERSION.pack(offset)

    def forget(self, partition: int) -> None:
        """Drop everything the partition holds (its store belongs to another topic)."""
        db = self._dbs.pop(partition, None)
        if db is not None:
            db.close()
        Rdict.destroy(self._path(partition), raw_options())

    def get(self, partition: int, region: str, message: RegionMessage) -> Held | None:
        """What the region holds for the message's subject, and its version (None: no
        message of the subject arrived yet)."""
        value: bytes | None = self._db(partition).get(held_key(region, message))
        if value is None:
            return None
        (version,) = _VERSION.unpack_from(value)
        return Held(version, value[_VERSION.size :])

    def put(self, partition: int, region: str, version: int, message: RegionMessage) -> None:
        """Hold the message's body (an empty one: nothing) for its subject, at ``version``."""
        self._db(partition)[held_key(region, message)] = _VERSION.pack(version) + message.body

    def items(self, partitions: Iterable[int]) -> Iterator[tuple[str, RegionMessage]]:
        """Everything the partitions hold, as (region, message) with the held body;
        tombstones left out."""
        for partition in sorted(partitions):
            for key, value in self._db(partition).items():
                assert isinstance(key, bytes) and isinstance(value, bytes)  # raw options
                if key != _READ_TO and len(value) > _VERSION.size:
                    yield held_message(key, value[_VERSION.size :])

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
