"""Cells as spreadsheets write them, turned into the values a raw record holds.

Each converter takes a cell already stripped of surrounding spaces and not empty, and
returns the value or raises :class:`CellRejected`. The reason never repeats the cell,
which may be a BSN, a name or a birth date. Only :class:`CellRejected` is caught, so no
Python error message (``int()``'s quotes its input) can carry a cell into a report.
"""

import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date
from enum import StrEnum

from connectors.csv.template import Converter

_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YES = frozenset({"ja", "j", "waar", "yes", "true"})  # waar/onwaar: Dutch Excel's booleans
_NO = frozenset({"nee", "n", "onwaar", "no", "false"})


class CellRejected(Exception):
    """A cell cannot be read; ``reason`` says why without repeating it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def calendar_date(cell: str) -> str:
    """dd-mm-jjjj (Dutch spreadsheets; d-m-jjjj too) or jjjj-mm-dd, as an ISO date."""
    if match := _DUTCH_DATE.fullmatch(cell):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(cell):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellRejected("must be a date written dd-mm-jjjj (or jjjj-mm-dd)")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise CellRejected("is not a date that exists") from None


def yes_no(cell: str) -> bool:
    word = cell.lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellRejected("must be ja or nee")


def count(cell: str) -> int:
    if not (cell.isascii() and cell.isdigit()):
        raise CellRejected("must be a whole number of 0 or more, without separators")
    return int(cell)


def digits_restored(width: int, shortest: int) -> Converter:
    """A numeric code whose leading zeros a spreadsheet may have dropped, padded back.

    Excel shows 0307 as 307 unless the column is text. Only lengths from ``shortest`` on
    are padded: for a BSN only 8 digits (the official rule for a BSN written without its
    leading zero), so that a BSN missing a digit by a typo is not padded into another.
    Everything else is passed on unchanged for the privacy edge to judge.
    """

    def convert(cell: str) -> str:
        if cell.isascii() and cell.isdigit() and shortest <= len(cell) < width:
            return cell.zfill(width)
        return cell

    return convert


def one_of(names: Collection[str], what: str) -> Converter:
    """A name from a fixed list (template names), exact but for case."""
    known = {name.lower(): name for name in names}

    def convert(cell: str) -> str:
        found = known.get(cell.lower())
        if found is None:
            raise CellRejected(f"must be {what}: {', '.join(sorted(known.values()))}")
        return found

    return convert


def choice(symbols: type[StrEnum], dutch: Mapping[str, StrEnum]) -> Converter:
    """A Dutch word for an enum member, or the English symbol itself, as the symbol.

    Case, accents, spaces, hyphens and underscores do not matter: "Voortijdig door
    cliënt", "voortijdig-door-client", "pleeg zorg" and "PREMATURE_BY_CLIENT" are all
    accepted.
    """
    words = {_word(word): member for word, member in dutch.items()}
    words |= {_word(member.value): member for member in symbols}
    # The first word for each member; the synonyms would make the message unreadable.
    first_words: dict[StrEnum, str] = {}
    for word, member in dutch.items():
        first_words.setdefault(member, word)
    allowed = ", ".join(first_words[member] for member in symbols if member in first_words)

    def convert(cell: str) -> str:
        found = words.get(_word(cell))
        if found is None:
            raise CellRejected(f"must be one of: {allowed} (or the English code)")
        return found.value

    return convert


def _word(text: str) -> str:
    without_accents = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return re.sub(r"[\s_-]+", "", without_accents.lower())
