"""The waiting-list trend: the waiting figures of every figures release a subscriber received.

A snapshot holds only the latest release per key, so the trend reads the feed's history
through the feed API's own stream (``FeedApi.stream`` resumed from the start, read up to
the snapshot's newest figures release), the way any client resumes it; the feed topic is
the history, as everywhere in the feed API. What was read is kept per subscriber (only
the trend's cells), so the next page load reads only what came since.

The stream resumes *after* an offset, so it never sends offset 0; that one comes from
the snapshot when it is still the latest of its key. A feed's first record is its first
capacity release whenever the regime grants capacity (the egress writes capacity before
figures), so for those regimes no trend point is lost.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import cast

from sse_starlette import EventSourceResponse, ServerSentEvent

from feeds.api.app import FeedApi
from feeds.api.models import FeedSnapshot, ReleaseOut
from feeds.subscribers import Subscriber
from schemas.feeds import ReleaseKind

TREND_FIGURES = ("waiting", "waiting_days_median")


@dataclass
class _Read:
    through: int = 0  # every offset up to this one has been read
    releases: dict[int, ReleaseOut] = field(default_factory=dict)  # figures, by offset


def _trend_only(entry: ReleaseOut) -> ReleaseOut:
    cells = [c for c in entry.release.cells if c.figure in TREND_FIGURES]
    return entry.model_copy(update={"release": entry.release.model_copy(update={"cells": cells})})


class TrendReader:
    def __init__(self, api: FeedApi) -> None:
        self._api = api
        self._read: dict[str, _Read] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def trend(self, subscriber: Subscriber, snapshot: FeedSnapshot) -> list[ReleaseOut]:
        """Every figures release up to the snapshot's, oldest first, with the trend's cells."""
        figures = [e for e in snapshot.releases if e.release.kind is ReleaseKind.FIGURES]
        if not figures:
            return []
        newest = max(entry.offset for entry in figures)
        async with self._locks.setdefault(subscriber.name, asyncio.Lock()):
            read = self._read.setdefault(subscriber.name, _Read())
            if newest > read.through:
                async for entry in self._stream(subscriber, read.through, newest):
                    if entry.release.kind is ReleaseKind.FIGURES:
                        read.releases[entry.offset] = _trend_only(entry)
                    # Only as far as it got: a stream that ended early is resumed next time.
                    read.through = max(read.through, entry.offset)
            for entry in figures:
                read.releases.setdefault(entry.offset, _trend_only(entry))
            return sorted(read.releases.values(), key=lambda e: (e.release.as_of, e.offset))

    async def _stream(
        self, subscriber: Subscriber, after: int, through: int
    ) -> AsyncIterator[ReleaseOut]:
        response = await self._api.stream(subscriber, str(after))
        assert isinstance(response, EventSourceResponse)
        events = cast(AsyncIterator[ServerSentEvent], response.body_iterator)
        try:
            async for event in events:
                entry = ReleaseOut.model_validate_json(str(event.data))
                yield entry
                if entry.offset >= through:
                    return
        finally:
            closing = getattr(events, "aclose", None)
            if closing is not None:
                await closing()  # ends the stream, which forgets its listener
