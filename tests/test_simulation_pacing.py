"""The simulation driver's pacing, with the ingest pipeline replaced by a recorder.

A pure unit: what is checked is when chunks are handed on, not what the hub does with them.
"""

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.ingest import Outcome, Submission
from connectors.simulate import drive
from connectors.simulator import SimulatedRecord
from schemas.records import Source

SOURCE = {"organisation_type": "PROVIDER", "code": "99000001"}


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[float, int]] = []

    async def ingest(self, submitted_by: Source, submissions: list[Submission]) -> list[Outcome]:
        self.calls.append((time.monotonic(), len(submissions)))
        return [Outcome(s.locator, "accepted", "0" * 32) for s in submissions]


def _records(count: int, every: timedelta) -> list[SimulatedRecord]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    record: dict[str, Any] = {"event_type": "PlacementStarted", "source_event_id": "x"}
    return [SimulatedRecord(start + n * every, "person", SOURCE, record) for n in range(count)]


def test_acceleration_spreads_records_over_simulated_time() -> None:
    recorder = Recorder()
    started = time.monotonic()

    report = asyncio.run(drive(recorder, _records(5, timedelta(hours=1)), 3600 / 0.3))  # type: ignore[arg-type]

    assert report.statuses["accepted"] == 5
    assert time.monotonic() - started >= 4 * 0.3 * 0.9
    assert len(recorder.calls) == 5  # each record due 0.3 s after the one before


def test_rate_limits_records_per_second_and_infinite_pacing_batches() -> None:
    limited, unlimited = Recorder(), Recorder()
    started = time.monotonic()
    asyncio.run(drive(limited, _records(30, timedelta(0)), rate=100))  # type: ignore[arg-type]
    limited_s = time.monotonic() - started
    asyncio.run(drive(unlimited, _records(1200, timedelta(seconds=1))))  # type: ignore[arg-type]

    assert limited_s >= 29 / 100 * 0.9
    assert sum(n for _, n in limited.calls) == 30
    assert [n for _, n in unlimited.calls] == [500, 500, 200]
