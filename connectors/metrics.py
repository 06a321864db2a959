"""What the ingest pipeline tells operators (gateway, file ingest, simulator, replay).

Counted only once Kafka acknowledged the submission, so the counters say what the hub
holds, not what it was offered. Labels: the submitting organisation's type (not its code),
the channel (``json``, ``ijw``, ``csv:<template>``, ``simulator``, ``replay``), the outcome
and, for rejects, the field refused (indexes removed, at most ``REASON_LIMIT`` distinct).
Never a value, a file name or an organisation code.
"""

from collections.abc import Sequence

from prometheus_client import Counter

from jeugdhub.observability.bounded import BoundedValues, without_indexes
from schemas.records import Source

REASON_LIMIT = 64

RECORDS = Counter(
    "jeugdhub_ingest_records",
    "Records taken in, once Kafka has them, per source type, channel and outcome "
    "(accepted, duplicate: already on Kafka, rejected)",
    ["source_type", "channel", "outcome"],
)
REJECTS = Counter(
    "jeugdhub_ingest_rejects",
    "Rejected records per source type and reason (the first field refused)",
    ["source_type", "reason"],
)
DEAD_LETTERS = Counter(
    "jeugdhub_dead_letters",
    "Dead letters written to the dead-letter topic, per channel",
    ["channel"],
)
_reasons = BoundedValues(REASON_LIMIT)


def count_outcomes(
    submitted_by: Source, channels: Sequence[str], outcomes: Sequence[tuple[str, str | None]]
) -> None:
    """``outcomes``: (status, first field refused or None) per submission, in ``channels``'
    order."""
    source_type = submitted_by.organisation_type.value
    for channel, (status, field) in zip(channels, outcomes, strict=True):
        RECORDS.labels(source_type, channel, status).inc()
        if status == "rejected":
            reason = _reasons(without_indexes(field or "record"))
            REJECTS.labels(source_type, reason).inc()
            DEAD_LETTERS.labels(channel).inc()
