"""Drive the simulator through the ingest pipeline, paced in simulated time.

Records go in chunks, one chunk per reporting organisation, as that organisation would
submit them; each chunk waits until its simulated moment has come at the chosen
acceleration (simulated seconds per real second; infinite: as fast as the hub takes them)
and, with a rate, until the rate allows it (records per real second).
"""

import asyncio
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from connectors.ingest import Ingestor, Outcome, Submission
from connectors.simulator import SimulatedRecord
from schemas.records import Source

CHUNK = 500
# Below this wall-clock gap records are gathered into one chunk rather than paced apart.
PACING_GRANULARITY_S = 0.2


@dataclass
class SimulationReport:
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejected: list[Outcome] = field(default_factory=list)

    def count(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            self.statuses[outcome.status] += 1
            if outcome.status == "rejected":
                self.rejected.append(outcome)


async def drive(
    ingestor: Ingestor,
    records: Iterable[SimulatedRecord],
    acceleration: float = math.inf,
    progress: Callable[[int], object] = lambda _: None,
    rate: float = math.inf,
) -> SimulationReport:
    report = SimulationReport()
    pending: list[SimulatedRecord] = []
    started_wall = time.monotonic()
    started_sim: float | None = None

    async def flush() -> None:
        by_source: dict[tuple[str, str], list[SimulatedRecord]] = defaultdict(list)
        for simulated in pending:
            by_source[(simulated.source["organisation_type"], simulated.source["code"])].append(
                simulated
            )
        for group in by_source.values():
            submitted_by = Source.model_validate(group[0].source)
            report.count(await ingestor.ingest(submitted_by, [_submission(s) for s in group]))
        progress(len(pending))
        pending.clear()

    for sent, simulated in enumerate(records):
        moment = simulated.reported_at.timestamp()
        if started_sim is None:
            started_sim = moment
        due = started_wall + max((moment - started_sim) / acceleration, sent / rate)
        if pending and (len(pending) >= CHUNK or due - time.monotonic() > PACING_GRANULARITY_S):
            await flush()
        wait = due - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        pending.append(simulated)
    if pending:
        await flush()
    return report


def _submission(simulated: SimulatedRecord) -> Submission:
    record = simulated.record
    locator = f"simulated {record['event_type']} {record['source_event_id']}"
    return Submission("simulator", locator, b"", simulated.kind, record)
