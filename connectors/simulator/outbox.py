"""Records wait here until the simulated clock passes their report time.

The simulation runs in event time, but sources report late: a record is let out only
once nothing that happens later can be reported before it, so the stream comes out
sorted by ``reported_at`` while the simulation keeps only a few days of reports in hand.
"""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

Kind = Literal["person", "capacity"]


@dataclass(frozen=True, slots=True)
class SimulatedRecord:
    """One raw record and when (simulated wall-clock time) its source sends it."""

    reported_at: datetime  # in UTC: it sorts and subtracts right across DST changes
    kind: Kind
    source: dict[str, str]  # equals record["source"]
    record: dict[str, Any]  # a RawPersonRecord or RawCapacityRecord as JSON-like data


class Outbox:
    def __init__(self) -> None:
        self._held: list[tuple[float, int, Kind, dict[str, Any]]] = []
        self._put = 0

    def put(self, reported: float, kind: Kind, record: dict[str, Any]) -> None:
        self._put += 1
        heapq.heappush(self._held, (reported, self._put, kind, record))

    def has_due(self, now: float) -> bool:
        """Whether a record is reported at or before ``now``."""
        return bool(self._held) and self._held[0][0] <= now

    def drain(self) -> Iterator[SimulatedRecord]:
        while self._held:
            yield self.release()

    def release(self) -> SimulatedRecord:
        """The record with the earliest report time."""
        reported, _, kind, record = heapq.heappop(self._held)
        moment = datetime.fromtimestamp(reported, UTC)
        return SimulatedRecord(moment, kind, dict(record["source"]), record)
