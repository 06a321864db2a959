"""A CSV file as rows of cells, each with its line number and its own text.

The separator is ``;`` (what Dutch Excel writes) or ``,``, whichever the header line has
more of. A row keeps the exact text it was read from, because a rejected row is kept
(encrypted) as it arrived, and a quoted cell may span several physical lines. Rows whose
cells are all blank are skipped: spreadsheets export formatted empty rows as ``;;;;``.
"""

import csv
import itertools
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.csv.decoding import open_text
from connectors.csv.errors import IngestFileError

SEPARATORS = (";", ",")


@dataclass(frozen=True)
class Row:
    line: int  # the physical line the row starts on, counting from 1
    cells: list[str] | None  # None: the row is not valid CSV
    text: str  # the row as it stood in the file, line ending included


class _Tap:
    """Hands ``csv.reader`` one physical line at a time and keeps the lines of a row."""

    def __init__(self, lines: Iterator[str], lines_before: int) -> None:
        self._lines = lines
        self.lines_read = lines_before
        self.taken: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lines_read += 1
        self.taken.append(line)
        return line


def read_rows(path: Path) -> Generator[Row, None, None]:
    """Every non-blank row, the header first."""
    with open_text(path) as file:
        lines = iter(file)
        blank_lines = 0
        for first in lines:
            if first.strip():
                break
            blank_lines += 1
        else:
            return
        tap = _Tap(itertools.chain([first], lines), blank_lines)
        reader = csv.reader(tap, delimiter=_separator(first, path))
        while True:
            start = tap.lines_read + 1
            cells: list[str] | None
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                # The reader starts afresh on the next call, so one broken row costs only
                # itself. Its message may quote the row: it is not passed on.
                cells = None
            text = "".join(tap.taken)
            tap.taken.clear()
            if cells is None or any(cell.strip() for cell in cells):
                yield Row(start, cells, text)


def _separator(header: str, path: Path) -> str:
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    separator = max(SEPARATORS, key=counts.__getitem__)
    if counts[separator] == 0:
        raise IngestFileError(f"{path.name}: the first line has no ';' or ',' between column names")
    return separator
