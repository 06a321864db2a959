"""Checking a trail: what was removed, inserted, reordered, altered or cut off at the end.

Each entry is checked on its own (its signature over its hash, by a trusted key) and in
its chain (sequence numbers from 0 without a hole, in offset order, each carrying its
predecessor's hash). An entry whose signature fails is *inserted* when a trusted key did
not sign it or its place in the chain is taken by a genuine entry, and *altered*
otherwise (a genuine entry whose content changed). A missing sequence number is a
*removed* entry; a lower one after a higher is *reordered*. The end of a chain can be cut
off without a trace in the log itself: that is what the kept head is for (``head.py``),
which names the last entry of every chain at the time it was made.
"""

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from privacy.audit.chain import GENESIS, entry_hash
from privacy.audit.signing import PublicKeys
from privacy.audit.trail import TrailRecord
from schemas.audit import AuditEntry


class Finding(StrEnum):
    REMOVED = "removed"
    INSERTED = "inserted"
    REORDERED = "reordered"
    ALTERED = "altered"
    TRUNCATED = "truncated"


@dataclass(frozen=True)
class Problem:
    finding: Finding
    offset: int | None  # where in the verified topic (None: nowhere, e.g. removed at the end)
    chain: str | None
    sequence: int | None
    explanation: str

    def __str__(self) -> str:
        where = "-" if self.offset is None else str(self.offset)
        entry = "" if self.chain is None else f" {self.chain} #{self.sequence}"
        return f"offset {where}: {self.finding}{entry}: {self.explanation}"


@dataclass(frozen=True)
class _Checked:
    offset: int
    entry: AuditEntry
    hash: str
    genuine: bool


@dataclass(frozen=True)
class HeadMark:
    """The last entry of a chain as a kept head recorded it."""

    sequence: int
    hash: str


def verify_trail(
    records: list[TrailRecord], keys: PublicKeys, head: dict[str, HeadMark] | None = None
) -> list[Problem]:
    """Every problem of the trail, ordered by offset; none for an untouched trail."""
    problems = [
        Problem(Finding.INSERTED, record.offset, None, None, record.problem or "unreadable")
        for record in records
        if record.entry is None
    ]
    chains: dict[str, list[_Checked]] = defaultdict(list)
    for record in records:
        entry = record.entry
        if entry is not None:
            digest = entry_hash(entry)
            genuine = keys.valid(entry.key_id, bytes.fromhex(digest), entry.signature)
            chains[entry.chain].append(_Checked(record.offset, entry, digest, genuine))
    genuine_by_chain: dict[str, dict[int, _Checked]] = {}
    for chain_id, checked in chains.items():
        kept, found = _sort_out_signatures(checked, keys)
        problems += found
        problems += _order_and_links(chain_id, kept)
        genuine_by_chain[chain_id] = {c.entry.sequence: c for c in kept if c.genuine}
    if head is not None:
        problems += _against_head(head, genuine_by_chain)
    return sorted(problems, key=lambda p: (p.offset is None, p.offset or 0, p.finding))


def _sort_out_signatures(
    checked: list[_Checked], keys: PublicKeys
) -> tuple[list[_Checked], list[Problem]]:
    """The entries that hold a place in the chain (genuine or altered), and the inserted."""
    first_genuine: dict[int, _Checked] = {}
    problems: list[Problem] = []
    for item in checked:
        if item.genuine:
            earlier = first_genuine.setdefault(item.entry.sequence, item)
            if earlier is not item:
                problems.append(
                    _at(item, Finding.INSERTED, f"a copy of the entry at offset {earlier.offset}")
                )
    kept: list[_Checked] = []
    for item in checked:
        if item.genuine:
            if first_genuine[item.entry.sequence] is item:
                kept.append(item)
        elif item.entry.key_id not in keys.by_id:
            problems.append(
                _at(item, Finding.INSERTED, f"signed by key {item.entry.key_id}, not a trusted key")
            )
        elif item.entry.sequence in first_genuine:
            problems.append(
                _at(item, Finding.INSERTED, "its place in the chain is held by a genuine entry")
            )
        else:
            problems.append(_at(item, Finding.ALTERED, "its content does not match its signature"))
            kept.append(item)
    return kept, problems


def _order_and_links(chain_id: str, kept: list[_Checked]) -> list[Problem]:
    problems: list[Problem] = []
    highest: _Checked | None = None
    for item in kept:
        if highest is not None and item.entry.sequence < highest.entry.sequence:
            problems.append(
                _at(
                    item,
                    Finding.REORDERED,
                    f"comes after #{highest.entry.sequence} (offset {highest.offset})",
                )
            )
        else:
            highest = item
    by_sequence = {item.entry.sequence: item for item in kept}
    if not by_sequence:
        return problems
    for sequence in range(max(by_sequence) + 1):
        if sequence not in by_sequence:
            before = max((s for s in by_sequence if s < sequence), default=None)
            after = min(s for s in by_sequence if s > sequence)
            between = (
                "at the start" if before is None else f"after offset {by_sequence[before].offset}"
            )
            problems.append(
                Problem(
                    Finding.REMOVED,
                    by_sequence[after].offset,
                    chain_id,
                    sequence,
                    f"missing {between}, before offset {by_sequence[after].offset}",
                )
            )
    for sequence, item in by_sequence.items():
        previous = by_sequence.get(sequence - 1)
        # Against genuine predecessors only: an altered one is reported already.
        known = previous is not None and previous.genuine
        expected = GENESIS if sequence == 0 else previous.hash if known and previous else None
        if item.genuine and expected is not None and item.entry.previous_hash != expected:
            problems.append(
                _at(item, Finding.ALTERED, "does not carry the hash of its predecessor")
            )
    return problems


def _against_head(
    head: dict[str, HeadMark], genuine: dict[str, dict[int, _Checked]]
) -> list[Problem]:
    problems = []
    for chain_id, mark in sorted(head.items()):
        entries = genuine.get(chain_id, {})
        at_mark = entries.get(mark.sequence)
        if at_mark is None:
            last = max(entries, default=None)
            where = "is not on the topic at all" if last is None else f"ends at #{last}"
            offset = None if last is None else entries[last].offset
            problems.append(
                Problem(
                    Finding.TRUNCATED,
                    offset,
                    chain_id,
                    mark.sequence,
                    f"the chain {where}; the kept head has #{mark.sequence}",
                )
            )
        elif at_mark.hash != mark.hash:
            problems.append(
                _at(at_mark, Finding.ALTERED, "differs from the entry the kept head names")
            )
    return problems


def _at(item: _Checked, finding: Finding, explanation: str) -> Problem:
    return Problem(finding, item.offset, item.entry.chain, item.entry.sequence, explanation)
