"""Where the figures leave the worker: the timer's step that publishes changed regions.

Stage 2 holds each region's latest values and keeps their totals in a view
(``streams.region_stage.hold``); every interval this publishes the figures (Avro,
``streams.publication.record``) of the regions whose totals changed, each kind on its own
topic: general figures, figures of justice data, and the general figures per municipality
of residence and per provider's part of a region. It publishes only once the facts
partitions are read again to their end (DEFINITIONS.md "Exactness").
"""

import time
from collections.abc import Mapping
from typing import Any

import faust

from schemas.codec import encode
from schemas.topics import TRAJECTORY_FACTS
from streams.messages import JUSTICE, YOUTH
from streams.publication.record import published
from streams.region_stage.hold import Hold
from streams.worker.metrics import PublicationLatency, count_published
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay


class FiguresPublisher:
    def __init__(
        self,
        app: faust.App,
        *,
        hold: Hold,
        replay: Replay,
        topics: Mapping[bytes, Any],  # per kind (streams.messages), the faust topic
        latency: PublicationLatency,
        fence: PauseFence,
    ) -> None:
        self._app = app
        self._hold = hold
        self._replay = replay
        self._topics = topics
        self._latency = latency
        self._fence = fence

    async def publish_changed(self) -> None:
        """Publish the figures of every region that changed since the last call."""
        self._fence.check("it publishes figures")  # every interval: a woken worker stops soon
        if self._app.rebalancing or not self._replay.tracked.read_whole(TRAJECTORY_FACTS):
            return  # partitions are moving, or their facts are being read again
        actives = self._app.assignor.assigned_actives()
        partitions = frozenset(tp.partition for tp in actives if tp.topic == TRAJECTORY_FACTS)
        self._hold.follow(partitions)  # partitions came or went: all their regions again
        view = self._hold.view
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
