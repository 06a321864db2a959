"""Stage 2 on the trajectory-facts topic: each bundle replaces what its region held.

Per message of a bundle the region's held value for the subject is replaced in the store
(``streams.region_stage.region_store``) and the region's running totals follow
(``streams.region_stage.region_view``), unless the message is older than what the region
holds (a lower version: written late) or is what it holds already (a replay): both
change nothing (DEFINITIONS.md "Exactness"). When the worker's facts partitions change
the view is rebuilt from the store, so it holds exactly the regions of this worker.
"""

from collections.abc import Iterable
from typing import Any

from streams.messages import Versioned, unbundle
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView
from streams.worker.input_passes import Partition
from streams.worker.metrics import MESSAGES, OLDER_FACTS, PublicationLatency
from streams.worker.replay import Replay
from streams.worker.stage_failure import StageFailed

STAGE = "regions"


class Hold:
    """What this worker's regions hold (the store) and their totals (the view)."""

    def __init__(self, store: RegionStore, view: RegionView) -> None:
        self.store = store
        self.view = view
        # The facts partitions in the view, and how many partitions the store had dropped.
        self._built_for: tuple[frozenset[int], int] | None = None

    def hold(self, region: str, partition: int, messages: Iterable[Versioned]) -> None:
        """Replace what the region held for each subject by a newer value, and update its
        running totals."""
        for version, message in messages:
            held = self.store.get(partition, region, message)
            if held is not None:
                if version < held.version:
                    OLDER_FACTS.inc()  # written before what the region holds, landed after
                    continue
                if version == held.version and message.body == held.body:
                    continue  # a replay: the value is there already
            old = held.body if held is not None else b""
            self.store.put(partition, region, version, message)
            if old or message.body:
                self.view.apply(region, message, old or None)

    def follow(self, partitions: frozenset[int]) -> None:
        """Make the view hold the regions of exactly these facts partitions.

        When partitions came or went the view is rebuilt from the store (a new
        partition's store may be stale until its replay is done, which replaces each
        value as it comes) and every region it holds is marked changed, to be published.
        """
        built_for = (partitions, self.store.partitions.drops)  # a dropped store: rebuild
        if built_for == self._built_for:
            return
        self.view.rebuild(self.store.items(partitions))
        self.view.dirty = self.view.figures_held()
        self._built_for = built_for

    def resume_at(self, partition: int, first: int, end: int) -> int:
        """Where a pass reads the facts partition from (``streams.worker.partition_store``)."""
        return self.store.partitions.resume_at(partition, first, end)


async def run_stage_two(
    stream: Any, hold: Hold, replay: Replay, latency: PublicationLatency
) -> None:
    """Bundles of the trajectory-facts topic: replace what each region held."""
    async for event in stream.events():
        region = event.message.key.decode()
        holes: set[Partition] = set()
        replay.note(event.message, holes)
        MESSAGES.labels(STAGE).inc()
        latency.arrived(region, event.message.headers)
        partition = event.message.partition
        try:
            hold.hold(region, partition, unbundle(event.message.value))
        except Exception as exc:
            raise StageFailed(STAGE, [event.message], exc) from exc
        # Every offset below the pass's next one is held now (the pass reads without gaps
        # from where it began): the store may resume there.
        read_to = replay.tracked.expected((event.message.topic, partition))
        if read_to is not None:
            hold.store.partitions.mark_read_to(partition, read_to)
        await replay.rewind_to_holes(holes)
