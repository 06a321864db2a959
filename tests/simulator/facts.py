"""Reading simulated records the way the hub will: facts, not the mistakes around them."""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from connectors.simulator import SimulatedRecord

Record = dict[str, Any]


def source_key(record: Record) -> tuple[str, str]:
    return record["source"]["organisation_type"], record["source"]["code"]


def occurred(record: Record) -> datetime:
    return datetime.fromisoformat(record["occurred_at"])


def reported(record: Record) -> datetime:
    return datetime.fromisoformat(record["reported_at"])


def age_on(record: Record) -> int:
    """Completed years of the youth at the event date."""
    born = date.fromisoformat(record["youth"]["birth_date"])
    day = occurred(record).date()
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def facts(records: Iterable[SimulatedRecord]) -> Iterator[Record]:
    """Each fact once: no resubmissions, no retractions, no entries that were retracted."""
    stream = [simulated.record for simulated in records]
    retracted = {
        (*source_key(r), r["retracts_source_event_id"])
        for r in stream
        if r["event_type"] == "EventRetracted"
    }
    seen: set[tuple[str, str, str]] = set()
    for record in stream:
        key = (*source_key(record), record["source_event_id"])
        if key in seen or key in retracted or record["event_type"] == "EventRetracted":
            continue
        seen.add(key)
        yield record


def of_type(records: Iterable[Record], event_type: str) -> list[Record]:
    return [record for record in records if record["event_type"] == event_type]
