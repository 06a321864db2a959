"""Choosing entries for an auditor (by who, organisation, action, object, period) and
writing them as CSV or JSON lines, with where each one is on the topic."""

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from privacy.audit.trail import TrailRecord
from schemas.audit import AuditEntry

COLUMNS = [
    "offset",
    *(name for name in AuditEntry.model_fields if name != "signature"),
    "signature",
]


@dataclass(frozen=True)
class Selection:
    """Entries matching every criterion given; ``None`` matches anything."""

    user: str | None = None
    organisation: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None  # aware; inclusive
    until: datetime | None = None  # aware; exclusive

    def matches(self, entry: AuditEntry) -> bool:
        moment = datetime.fromisoformat(entry.at_utc)
        return (
            (self.user is None or entry.user == self.user)
            and (self.organisation is None or entry.organisation == self.organisation)
            and (self.action is None or entry.action == self.action)
            and (self.target is None or entry.target == self.target)
            and (self.since is None or moment >= self.since)
            and (self.until is None or moment < self.until)
        )


def selected(records: Iterable[TrailRecord], selection: Selection) -> list[tuple[int, AuditEntry]]:
    return [
        (record.offset, record.entry)
        for record in records
        if record.entry is not None and selection.matches(record.entry)
    ]


def _row(offset: int, entry: AuditEntry) -> dict[str, object]:
    fields = entry.model_dump(mode="json", exclude={"signature"})
    return {"offset": offset, **fields, "signature": entry.signature.hex()}


def as_jsonl(entries: list[tuple[int, AuditEntry]]) -> str:
    return "".join(json.dumps(_row(*item), ensure_ascii=False) + "\n" for item in entries)


def as_csv(entries: list[tuple[int, AuditEntry]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in entries:
        writer.writerow(_row(*item))
    return out.getvalue()
