"""Reading the audit topic back: every record with its offset, decoded where it decodes."""

from dataclasses import dataclass

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import read_to_end, require_topics
from schemas.audit import AuditEntry
from schemas.codec import MalformedMessageError, decode_any


@dataclass(frozen=True)
class TrailRecord:
    offset: int
    entry: AuditEntry | None  # None: not an audit entry (``problem`` says why)
    problem: str | None = None


def decoded(offset: int, value: bytes) -> TrailRecord:
    try:
        record = decode_any(value)
    except (MalformedMessageError, ValueError) as error:
        return TrailRecord(offset, None, f"not a readable audit entry ({type(error).__name__})")
    if not isinstance(record, AuditEntry):
        return TrailRecord(offset, None, f"a {record.avro_name}, not an audit entry")
    return TrailRecord(offset, record)


async def read_trail(access: KafkaAccess, topic: str) -> list[TrailRecord]:
    """Every record now on the (one-partition) audit topic, in offset order."""
    await require_topics(access, [topic])
    return [
        decoded(record.offset, record.value or b"") async for record in read_to_end(access, [topic])
    ]
