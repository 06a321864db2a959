"""Stage 2's held values: a local store per trajectory-facts partition
(``streams.worker.partition_store``, which keeps how far each partition is read).

Per (region, subject of a kind) the whole value of the highest version stage 1 sent, and
that version (``streams.messages``); a tombstone is kept as its version alone, so that an
older value landing after it is known to be older. This module is the one owner of the
key format, ``<region>|<kind>|<subject>``: callers speak in regions and
:class:`~streams.messages.RegionMessage` s. This is a plain local store, not a faust
table, on purpose: its log is the trajectory-facts topic itself, which is kept forever.
Reading the topic into the store ends in its newest values whatever the store held before
(the highest version wins, in any order), so a lost or stale local copy heals the same
way a changelog recovery would, and stage 2 writes no changelog.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from schemas.topics import TRAJECTORY_FACTS
from streams.messages import RegionMessage
from streams.worker.partition_store import PartitionStore, Stored

_SEPARATOR = "|"


def held_key(region: str, message: RegionMessage) -> bytes:
    """The store's key of what ``region`` holds for the message's subject."""
    return f"{region}{_SEPARATOR}{message.kind.decode()}{_SEPARATOR}{message.subject}".encode()


def held_message(key: bytes, body: bytes) -> tuple[str, RegionMessage]:
    """The region and the message a stored key and body stand for."""
    region, kind, subject = key.decode().split(_SEPARATOR, 2)
    return region, RegionMessage(kind.encode(), subject, body)


class RegionStore:
    def __init__(self, folder: Path) -> None:
        # The facts topic is kept whole, tombstones too: a mark of any age may be trusted.
        self.partitions = PartitionStore(folder, TRAJECTORY_FACTS)

    def get(self, partition: int, region: str, message: RegionMessage) -> Stored | None:
        """What the region holds for the message's subject, and its version (None: no
        message of the subject arrived yet)."""
        return self.partitions.get(partition, held_key(region, message))

    def put(self, partition: int, region: str, version: int, message: RegionMessage) -> None:
        """Hold the message's body (an empty one: nothing) for its subject, at ``version``."""
        self.partitions.put(partition, held_key(region, message), Stored(version, message.body))

    def items(self, partitions: Iterable[int]) -> Iterator[tuple[str, RegionMessage]]:
        """Everything the partitions hold, as (region, message) with the held body;
        tombstones left out."""
        for partition in sorted(partitions):
            for key, stored in self.partitions.items(partition):
                if stored.body:
                    yield held_message(key, stored.body)

    def close(self) -> None:
        self.partitions.close()
