"""A worker's local state of one input topic: per partition a RocksDB (rocksdict), each
value with its version, and a mark of how far the partition has been read.

Both stages keep their state this way: stage 1 its subjects' states per event partition
(``streams.youth_stage.batches``), stage 2 its held values per facts partition
(``streams.region_stage.region_store``). The store's log is its input topic: nothing of
it goes to Kafka, and a worker without it reads the partition from its first offset and
builds it again. Why resuming at the mark is exact and needs no fencing: DEFINITIONS.md
"Restarts".

The mark is the offset below which every message of the partition is in the values. It
is written after them, and RocksDB's log keeps a database's writes in order, so a mark
that survived a crash covers values that did too. It is kept with the time it was
written: on a compacted input an erased event's tombstone stays only for the topic's
``delete.retention.ms``, so a mark older than the store may trust (``trusted_for_s``) is
dropped with the store: a tombstone beyond it may be gone, and the erased event would
stay in the state.
"""

import logging
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rocksdict import Rdict

from streams.worker.rocksdb_limits import raw_options

logger = logging.getLogger(__name__)

_VERSION = struct.Struct(">Q")
_MARK = struct.Struct(">Qd")  # the offset read to, and when (Unix time)
# Not a value's key (the callers' keys never begin with a zero byte).
_READ_TO = b"\x00read-to"


@dataclass(frozen=True, slots=True)
class Stored:
    version: int  # the input offset of the latest message the value reflects
    body: bytes  # empty: a tombstone kept for its version (stage 2)


class PartitionStore:
    def __init__(
        self,
        folder: Path,
        topic: str,
        trusted_for_s: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.topic = topic
        self.drops = 0  # how many partitions were dropped (a view built on them is stale)
        self._folder = folder
        self._trusted_for_s = trusted_for_s
        self._clock = clock
        self._dbs: dict[int, Rdict] = {}

    def _db(self, partition: int) -> Rdict:
        db = self._dbs.get(partition)
        if db is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            db = self._dbs[partition] = Rdict(self._path(partition), options=raw_options())
        return db

    def _path(self, partition: int) -> str:
        return str(self._folder / f"partition-{partition}")

    def get(self, partition: int, key: bytes) -> Stored | None:
        value: bytes | None = self._db(partition).get(key)
        if value is None:
            return None
        (version,) = _VERSION.unpack_from(value)
        return Stored(version, value[_VERSION.size :])

    def put(self, partition: int, key: bytes, stored: Stored) -> None:
        self._db(partition)[key] = _VERSION.pack(stored.version) + stored.body

    def delete(self, partition: int, key: bytes) -> None:
        del self._db(partition)[key]

    def items(self, partition: int) -> Iterator[tuple[bytes, Stored]]:
        """The partition's keys and values, in key order (the mark left out)."""
        for key, value in self._db(partition).items():
            assert isinstance(key, bytes) and isinstance(value, bytes)  # raw options
            if key != _READ_TO:
                (version,) = _VERSION.unpack_from(value)
                yield key, Stored(version, value[_VERSION.size :])

    def read_to(self, partition: int) -> int:
        """The offset below which every message of the partition is in the values (0:
        none is known to be)."""
        return self._mark(partition)[0]

    def _mark(self, partition: int) -> tuple[int, float]:
        value: bytes | None = self._db(partition).get(_READ_TO)
        return (0, 0.0) if value is None else _MARK.unpack(value)

    def mark_read_to(self, partition: int, offset: int) -> None:
        """Every message of the partition below ``offset`` is in the values (call it
        only after they are put)."""
        self._db(partition)[_READ_TO] = _MARK.pack(offset, self._clock())

    def resume_at(self, partition: int, first: int, end: int) -> int:
        """Where a pass reads the partition from, given its first offset and its end:
        the mark, or ``first`` when the store holds nothing that may be trusted."""
        read_to, written_at = self._mark(partition)
        if read_to > end:
            self._drop(
                partition,
                f"it read the partition to offset {read_to}, beyond its "
                f"end ({end}), so it holds an earlier topic of that name",
            )
            read_to = 0
        elif read_to and self._trusted_for_s is not None:
            age_s = self._clock() - written_at
            if age_s > self._trusted_for_s:
                self._drop(
                    partition,
                    f"it was last written {age_s / 3600:.1f} h ago, and "
                    "erasures older than "
                    f"{self._trusted_for_s / 3600:.1f} h may have left the topic",
                )
                read_to = 0
        if read_to < first:
            # Only deleteRecords moves a partition's start (the hub refuses retention on
            # the topics it replays, and compaction leaves the start where it is).
            logger.warning(
                "%s partition %d begins at offset %d, beyond what this worker's store "
                "holds of it (up to %d): the messages in between were deleted before it "
                "read them, and its figures lack them. If that was retention and not a "
                "deliberate deletion, start the worker on a copy of the state folder of "
                "one that read them.",
                self.topic,
                partition,
                first,
                read_to,
            )
            return first
        if read_to > first:
            logger.info(
                "%s partition %d: read from offset %d, where this worker's store stopped "
                "reading it (it ends at %d)",
                self.topic,
                partition,
                read_to,
                end,
            )
        return read_to

    def _drop(self, partition: int, why: str) -> None:
        logger.warning(
            "%s partition %d: this worker's store of it is dropped and the partition read "
            "from its first offset: %s",
            self.topic,
            partition,
            why,
        )
        db = self._dbs.pop(partition, None)
        if db is not None:
            db.close()
        Rdict.destroy(self._path(partition), raw_options())
        self.drops += 1

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
