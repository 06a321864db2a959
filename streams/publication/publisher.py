"""Where the figures leave the worker: the timer's step that publishes changed regions.

Stage 2 holds each region's latest values and keeps their totals in a view
(``streams.region_stage.hold``); every interval this publishes the figures (Avro,
``streams.publication.record``) of the regions whose totals changed, each kind on its own
topic: general figures, figures of justice data, and the general figures per municipality
of residence and per provider's part of a region. It publishes only once the facts
partitions are read again to their end (DEFINITIONS.md "Exactness").

A region's figures are computed from its totals in full (every day of its flows, every
stay), so a round costs more as the history grows, and while the worker works through a
backlog every region changes every interval: publishing then took about a third of the
worker's time. The publisher therefore keeps to a share of the time
(``PUBLISHING_SHARE``): after a round that took t seconds, the next waits at least
t x (1 - share) / share. A figure is then published later, never less complete: the
changes wait in ``dirty``. At a steady trickle a round takes milliseconds and the
interval alone decides.
"""

import time
from collections.abc import Callable, Mapping
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

# At most this share of the worker's time goes to publishing (see above).
PUBLISHING_SHARE = 0.2


class TimeShare:
    """Keeps a recurring piece of work to a share of the time: after a round that took t
    seconds, the next may start t x (1 - share) / share seconds after it ended."""

    def __init__(self, share: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not 0 < share <= 1:
            raise ValueError(f"a share of the time is in (0, 1], not {share}")
        self._rest_per_second = (1 - share) / share
        self._clock = clock
        self._resting_until = float("-inf")

    def may_start(self) -> bool:
        return self._clock() >= self._resting_until

    def took(self, started: float) -> None:
        """A round that began at ``started`` (by the same clock) has just ended."""
        ended = self._clock()
        self._resting_until = ended + (ended - started) * self._rest_per_second

    def now(self) -> float:
        return self._clock()


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
        self._share = TimeShare(PUBLISHING_SHARE)

    async def publish_changed(self) -> None:
        """Publish the figures of every region that changed since the last call, unless
        the last round's share of the time says to wait."""
        self._fence.check("it publishes figures")  # every interval: a woken worker stops soon
        if not self._share.may_start():
            return
        started = self._share.now()
        await self._publish_round()
        self._share.took(started)

    async def _publish_round(self) -> None:
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
