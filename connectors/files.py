"""Ingest files (iJw messages, CSV exports) in chunks, with a report of what was rejected."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from connectors.ingest import Ingestor, Outcome, Submission
from schemas.records import Source

CHUNK = 500


@dataclass
class FileReport:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Outcome] = field(default_factory=list)

    def count(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            if outcome.status == "accepted":
                self.accepted += 1
            elif outcome.status == "duplicate":
                self.duplicates += 1
            else:
                self.rejected.append(outcome)


async def ingest_submissions(
    ingestor: Ingestor,
    submitted_by: Source,
    submissions: Iterator[Submission],
    progress: Callable[[int], object] = lambda _: None,
) -> FileReport:
    """Ingest in chunks, so a large file is never held in memory as a whole."""
    report = FileReport()
    while chunk := list(islice(submissions, CHUNK)):
        report.count(await ingestor.ingest(submitted_by, chunk))
        progress(len(chunk))
    return report
