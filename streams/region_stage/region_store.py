"""Stage 2's held values: per trajectory-facts partition, a local RocksDB (rocksdict).

Keys are ``region|kind|subject``, values the latest whole value stage 1 sent. This is a
plain local store, not a faust table, on purpose: its log is the trajectory-facts topic
itself, which is kept forever and which the worker reads again from the start on every
start and rebalance (``streams.worker.app``). Replaying the topic into the store ends in its
latest values whatever the store held before, so a lost or stale local copy heals the
same way a changelog recovery would, and stage 2 writes no changelog: that was half of
what the worker sent to Kafka.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from rocksdict import Rdict

from streams.worker.rocksdb_limits import raw_options


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

    def get(self, partition: int, key: bytes) -> bytes | None:
        value: bytes | None = self._db(partition).get(key)
        return value

    def put(self, partition: int, key: bytes, value: bytes) -> None:
        self._db(partition)[key] = value

    def delete(self, partition: int, key: bytes) -> None:
        del self._db(partition)[key]

    def items(self, partitions: Iterable[int]) -> Iterator[tuple[bytes, bytes]]:
        for partition in sorted(partitions):
            yield from self._db(partition).items()

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
