"""Every start and rebalance reads the inputs again in one unbroken pass per partition.

The worker commits no input offsets: after each assignment it seeks its input partitions
back to where the pass begins, the event topics' first offsets and the facts topic's
marks in stage 2's store (why that makes the figures exact: DEFINITIONS.md
"Exactness"). Two things can break a pass, both
in faust: messages fetched while a rebalance finishes are cleared from its queues after
their offsets were read (faust-streaming #596), and after a seek faust drops every
message below the last offset it handed out before the seek. Either leaves a hole.

So this tracks, per input partition, the next offset the pass needs. A message beyond
it means a hole: the stage seeks back to that offset. Messages faust fetched before a
seek still come out of its queues afterwards, in rising order; the messages read after
the seek begin where the offsets stop rising. Until then a hole is not reported again
(that would seek back once per queued message), and if the new sequence does not begin
at the offset needed, faust dropped its head and the hole is reported once more.
Stage 2 publishes only once each
of its facts partitions has been read without a hole up to where it ended when the pass
began; before that, held values go back and forth, and figures would mix past and
present.

Offsets are contiguous on most of these topics (no transactions, no compaction), so any
jump forward is a loss. The event topics are compacted (an erased event leaves a gap,
``schemas.topics``): there a jump is a hole to seek back to once, and when the sequence
read after that seek begins with the same offset again, the broker holds nothing in
between and the gap is accepted. The same holds for the first message of a pass, which
on a compacted topic may lie beyond the log's first offset.
"""

from collections.abc import Collection, Mapping

Partition = tuple[str, int]  # (topic, partition)


class InputPasses:
    def __init__(self, compacted: Collection[str] = ()) -> None:
        self._compacted = frozenset(compacted)
        self._gaps: dict[Partition, tuple[int, int]] = {}  # per partition, the last hole seen
        self._generation = 0
        self._ends: dict[Partition, int] | None = None  # None: no pass under way
        self._next: dict[Partition, int] = {}
        self._last: dict[Partition, int] = {}  # the offset read last, per partition
        self._sought: set[Partition] = set()  # sought back; the new sequence not seen yet

    def assigning(self) -> int:
        """Partitions are moving: stop checking until :meth:`begin`; the generation."""
        self._generation += 1
        self._ends = None
        self._next = {}
        return self._generation

    def is_current(self, generation: int) -> bool:
        """Whether no other assignment began since the one of ``generation``."""
        return generation == self._generation

    def begin(
        self, generation: int, starts: Mapping[Partition, int], ends: Mapping[Partition, int]
    ) -> bool:
        """The inputs were sought back to ``starts``; check reads from here on. False
        (and nothing changes) when another assignment began in the meantime."""
        if generation != self._generation:
            return False
        self._next = dict(starts)
        self._ends = dict(ends)
        self._last = {}
        self._gaps = {}
        self._sought = set(starts)  # the caller seeks them back to their starts now
        return True

    def read(self, partition: Partition, offset: int) -> int | None:
        """Note a message; the offset to seek back to when messages before it are missing."""
        expected = self._next.get(partition)
        if self._ends is None or expected is None:
            return None  # before the pass began, or not an input
        last = self._last.get(partition)
        self._last[partition] = offset
        compacted = partition[0] in self._compacted
        new_sequence = (last is not None and offset <= last) or (compacted and last is None)
        if offset == expected:
            self._next[partition] = offset + 1
            self._sought.discard(partition)
            return None
        if offset < expected:
            return None  # read again after a seek back
        if partition in self._sought and not new_sequence:
            return None  # fetched before the seek back: still coming out of faust's queues
        if compacted and new_sequence and self._gaps.get(partition) == (expected, offset):
            self._next[partition] = offset + 1  # read from the gap's start: compacted away
            self._sought.discard(partition)
            return None
        self._gaps[partition] = (expected, offset)
        self._sought.add(partition)
        return expected

    def expected(self, partition: Partition) -> int | None:
        """The next offset the pass needs from the partition (None: no pass under way)."""
        return self._next.get(partition) if self._ends is not None else None

    def read_whole(self, topic: str) -> bool:
        """Whether each partition of ``topic`` was read without a hole to its end."""
        if self._ends is None:
            return False
        return all(
            self._next[partition] >= end
            for partition, end in self._ends.items()
            if partition[0] == topic
        )
