"""The synthetic iJw messages of the tests, and small edits that break them on purpose."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from connectors.ijw import submissions_from_ijw
from connectors.ingest import Submission

FIXTURES = Path(__file__).with_name("fixtures")
VALID = ("jw315.xml", "jw301.xml", "jw305.xml", "jw305-correction.xml", "jw307.xml")
# What the fixtures say about the client; none of it may appear in a problem or locator.
CLIENT_DATA = ("999991103", "2009-05-17", "Testpersoon", "Jantje", "3811AB", "Testlaan")


def message(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def edited(data: bytes, old: str, new: str, count: int = 1) -> bytes:
    """``data`` with the first ``count`` occurrences of ``old`` replaced (they must exist)."""
    assert data.count(old.encode()) >= count, f"{old!r} is not in the message"
    return data.replace(old.encode(), new.encode(), count)


def submissions(data: bytes) -> list[Submission]:
    return submissions_from_ijw(data, "test.xml")


def records(data: bytes) -> list[dict[str, Any]]:
    found = submissions(data)
    assert all(s.record is not None for s in found), [s.problems for s in found]
    return [dict(s.record) for s in found if s.record is not None]


def texts(found: Iterable[Submission]) -> str:
    """What a person sees of submissions besides the records: locators and problems."""
    found = list(found)
    lines = [s.locator for s in found]
    lines += [f"{p.field} {p.reason} {p}" for s in found for p in s.problems]
    return "\n".join(lines)


def problem_fields(found: Iterable[Submission]) -> list[str]:
    return [p.field for s in found for p in s.problems]
