"""The iJw simple types (LDT_…) the hub reads: text in, a Python value out.

Each type checks what the XSD checks and what the hub relies on. Types derived from
xs:date and xs:integer ignore surrounding whitespace (XML Schema collapses it); string
types keep it, so " 0307" is no municipality code. Dates must have a four-digit year:
xs:date admits years beyond 9999 and negative ones, which no care record can hold.

A value that does not fit raises :class:`BadValue` with a reason that never repeats the
value (it may be a BSN or a birth date); library error texts, which do, are not passed on.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Generic, TypeVar

T = TypeVar("T")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")


class BadValue(Exception):
    """The text is not a value of the type; ``reason`` says why without quoting it."""

    def __init__(self, reason: str, rule: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.rule = rule


@dataclass(frozen=True)
class ValueType(Generic[T]):
    """How to read one simple type, and a stand-in for when it cannot be read.

    The stand-in lets a reader carry on and report every problem of a block at once; what
    is built from stand-ins is thrown away (``connectors.ijw.reader``).
    """

    read: Callable[[str], T]
    stand_in: T


def _date(text: str) -> date:
    text = text.strip()
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise BadValue("is not a date (YYYY-MM-DD, without time zone)")


def _time(text: str) -> time:
    match = _TIME.fullmatch(text.strip())
    try:
        if match:
            hour, minute, second, fraction = match.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            return time(int(hour), int(minute), int(second), micro)
    except ValueError:
        pass
    raise BadValue("is not a time of day (hh:mm:ss, without time zone)")


def integer(maximum: int) -> Callable[[str], int]:
    """An xs:integer from 0 to ``maximum``: "+070010001" and "70010001" are the same number."""

    def read(text: str) -> int:
        text = text.strip()
        if not _INTEGER.fullmatch(text):
            raise BadValue("is not a whole number")
        # Checked on the digits first: int() of a huge string is slow, then refused.
        significant = text.lstrip("+-").lstrip("0") or "0"
        if len(significant) > len(str(maximum)) or (text[0] == "-" and significant != "0"):
            raise BadValue(f"must be a whole number from 0 to {maximum}")
        number = int(significant)
        if number > maximum:
            raise BadValue(f"must be a whole number from 0 to {maximum}")
        return number

    return read


def digits(count: int, what: str) -> Callable[[str], str]:
    pattern = re.compile(f"[0-9]{{{count}}}")

    def read(text: str) -> str:
        if not pattern.fullmatch(text):
            raise BadValue(f"must be {what} of exactly {count} digits")
        return text

    return read


def text(minimum: int, maximum: int) -> Callable[[str], str]:
    """A string type with a length range that may not be only whitespace."""

    def read(value: str) -> str:
        if not minimum <= len(value) <= maximum or not value.strip():
            raise BadValue(f"must be {minimum} to {maximum} characters, not only spaces")
        return value

    return read


def choice(options: Mapping[str, T], rule: str | None = None) -> Callable[[str], T]:
    """A code from a closed list, read as what the hub makes of it."""
    allowed = ", ".join(options)
    reason = f"must be one of {allowed}" if len(options) > 1 else f"must be {allowed}"

    def read(code: str) -> T:
        if code not in options:
            raise BadValue(reason, rule)
        return options[code]

    return read


def exactly(expected: int, rule: str) -> Callable[[str], int]:
    """An xs:integer that the message schema fixes to one value ("03" is 3)."""

    def read(value: str) -> int:
        value = value.strip()
        # The length check keeps int() away from huge digit strings.
        if len(value) > 20 or not _INTEGER.fullmatch(value) or int(value) != expected:
            raise BadValue(f"must be {expected}", rule)
        return expected

    return read


def _version(value: str) -> str:
    if not _VERSION.fullmatch(value):
        raise BadValue("must be a version of three numbers (n.n.n)")
    return value


def _any_text(value: str) -> str:
    return value


DATE = ValueType(_date, date.min)
TIME = ValueType(_time, time.min)
NUMBER = ValueType(integer(999_999_999), 0)  # LDT_Nummer
AGB_CODE = ValueType(digits(8, "an AGB code"), "")
MUNICIPALITY_CODE = ValueType(digits(4, "a CBS municipality code"), "")
MESSAGE_ID = ValueType(text(1, 12), "")  # LDT_IdentificatieBericht
REFERENCE = ValueType(text(1, 36), "")  # LDT_Referentie
NAME = ValueType(_any_text, "")  # dropped at the edge: only read, never checked
BSN = ValueType(_any_text, "")  # checked at the edge, the one place that validates BSNs
VERSION = ValueType(_version, "")  # LDT_Versie
CATEGORY = ValueType(digits(2, "an iJw product category"), "")  # LDT_ProductCategorie
PRODUCT_CODE = ValueType(text(1, 5), "")  # LDT_ProductCode: any characters, regional
