"""When stage 2 may publish: once it has read its partitions of the facts topic up to
where they ended when they were assigned.

Every start and rebalance replays the facts from the beginning (``streams.app``). While
that runs, held values go back to older ones and forward again, and figures computed
halfway would mix the past with the present. So nothing is published until each
assigned partition has been read up to its end offset as of the assignment.
"""

from collections.abc import Mapping


class CatchUp:
    def __init__(self) -> None:
        self._ends: dict[int, int] | None = None  # None: an assignment is under way
        self._read_to: dict[int, int] = {}

    def assigning(self) -> None:
        """Partitions are moving: hold publication until :meth:`assigned`."""
        self._ends = None

    def assigned(self, ends: Mapping[int, int]) -> None:
        """Per assigned partition, its end offset now (the offset of the next message)."""
        self._ends = dict(ends)
        self._read_to = {}

    def read(self, partition: int, offset: int) -> None:
        self._read_to[partition] = offset + 1

    @property
    def done(self) -> bool:
        if self._ends is None:
            return False
        return all(self._read_to.get(partition, 0) >= end for partition, end in self._ends.items())
