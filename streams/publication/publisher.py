"""Where the figures leave the worker: the timer's step that publishes changed regions.

Stage 2 holds each region's latest values (``streams.region_stage.region_store``) and keeps their
totals in a view (``streams.region_stage.region_view``); every interval this publishes the figures
(Avro) of the regions whose totals changed, each kind on its own topic: general figures,
figures of justice data, and the general figures per municipality of residence and per
provider's part of a region.
"""

import time
from collections.abc import Mapping
from typing import Any

import faust

from schemas.codec import encode
from schemas.topics import TRAJECTORY_FACTS
from streams.messages import JUSTICE, YOUTH
from streams.publication.record import published
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView
from streams.worker.metrics import PublicationLatency, count_published
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay


class FiguresPublisher:
    def __init__(
        self,
        app: faust.App,
        *,
        held: RegionStore,
        view: RegionView,
        replay: Replay,
        topics: Mapping[bytes, Any],  # per kind (streams.messages), the faust topic
        latency: PublicationLatency,
        fence: PauseFence,
    ) -> None:
        self._app = app
        self._held = held
        self._view = view
        self._replay = replay
        self._topics = topics
        self._latency = latency
        self._fence = fence
        self._built_for: frozenset[int] = frozenset()  # the facts partitions in the view

    async def publish_changed(self) -> None:
        """Publish the figures of every region that changed since the last call."""
        self._fence.check("it publishes figures")  # every interval: a woken worker stops soon
        if self._app.rebalancing or not self._replay.tracked.read_whole(TRAJECTORY_FACTS):
            return  # partitions are moving, or their facts are being read again
        view = self._view
        actives = self._app.assignor.assigned_actives()
        partitions = frozenset(tp.partition for tp in actives if tp.topic == TRAJECTORY_FACTS)
        if partitions != self._built_for:
            # Partitions came or went: the view holds exactly this worker's regions
            # again (a new partition's store may be stale until its replay is done,
            # which replaces each value as it comes), and publishes them all.
            view.rebuild(self._held.items(partitions))
            view.dirty = view.figures_held()
            self._built_for = partitions
        chosen = sorted(view.dirty)
        view.dirty.clear()
        for kind, region in chosen:
            figures = view.figures(region, kind)
            if figures is not None:
                record = encode(published(figures))
                self._fence.check("it publishes figures")
                await self._topics[kind].send(key=region.encode(), value=record)
                if kind in (YOUTH, JUSTICE):  # keyed by region (the metric's label)
                    self._latency.published(region, time.time())
                if kind == YOUTH:  # the metrics describe the general figures
                    count_published(figures)
