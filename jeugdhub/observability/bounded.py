"""Label values that cannot grow without bound, whatever the input sends."""

import re
import threading

OTHER = "other"
_INDEX = re.compile(r"\[\d+\]|\d+")


class BoundedValues:
    """The first ``limit`` distinct values pass as they are, every later one is ``other``.

    For labels taken from input (the field a record was rejected for): a source that sends
    a thousand different field names makes a thousand and one series at most once, never
    more than ``limit``.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        with self._lock:
            if value in self._seen:
                return value
            if len(self._seen) >= self._limit:
                return OTHER
            self._seen.add(value)
            return value


def without_indexes(field: str) -> str:
    """``records[3].youth.bsn`` -> ``records[].youth.bsn``: a field, not a position."""
    return _INDEX.sub(lambda match: "[]" if match.group().startswith("[") else "", field)
