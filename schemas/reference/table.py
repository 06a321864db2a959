"""Reading one reference CSV file into validated rows, each with its line number."""

import csv
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from pydantic import BaseModel, ValidationError

from schemas.reference.errors import ReferenceDataError

Row = TypeVar("Row", bound=BaseModel)
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Numbered(Generic[Row]):
    """A validated row and the line it came from, for errors found later by cross-checks."""

    line: int
    row: Row


def read_rows(path: Path, model: type[Row]) -> list[Numbered[Row]]:
    """Every data row of ``path`` validated as ``model``; the header must name its fields."""
    try:
        # utf-8-sig: a spreadsheet that saves with a byte-order mark is still read right.
        with path.open(encoding="utf-8-sig", newline="") as file:
            return _read(path, file, model)
    except FileNotFoundError:
        raise ReferenceDataError(path, None, "file is missing") from None
    except UnicodeDecodeError as error:
        raise ReferenceDataError(path, None, f"not UTF-8 text ({error.reason})") from None


def _read(path: Path, file: TextIO, model: type[Row]) -> list[Numbered[Row]]:
    reader = csv.reader(file)
    rows: list[Numbered[Row]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise ReferenceDataError(path, None, "file is empty; expected a header line")
        _check_header(path, header, list(model.model_fields))
        for values in reader:
            # line_num counts physical lines, so it stays right after a quoted line break.
            if values:
                line = reader.line_num
                rows.append(Numbered(line, _row(path, line, header, values, model)))
    except csv.Error as error:
        raise ReferenceDataError(path, reader.line_num, f"not valid CSV ({error})") from None
    return rows


def _row(path: Path, line: int, header: list[str], values: list[str], model: type[Row]) -> Row:
    if len(values) != len(header):
        raise ReferenceDataError(path, line, f"expected {len(header)} fields, found {len(values)}")
    try:
        return model.model_validate(dict(zip(header, values, strict=True)))
    except ValidationError as error:
        raise ReferenceDataError(path, line, _describe(error)) from None


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    if header != expected:
        raise ReferenceDataError(
            path, 1, f"header is {','.join(header)!r}; expected {','.join(expected)!r}"
        )


def _describe(error: ValidationError) -> str:
    # Reference data is not personal data, so the offending value may be shown.
    problems = []
    for detail in error.errors():
        column = ".".join(str(part) for part in detail["loc"])
        problems.append(f"{column} {detail['input']!r}: {detail['msg']}")
    return "; ".join(problems)


def index_by(
    path: Path, rows: Iterable[Numbered[Row]], key: Callable[[Row], Key], what: str
) -> dict[Key, Numbered[Row]]:
    """``rows`` by ``key``; a key that occurs twice is an error on its second line."""
    index: dict[Key, Numbered[Row]] = {}
    for numbered in rows:
        value = key(numbered.row)
        first = index.get(value)
        if first is not None:
            reason = f"{what} {value!r} occurs twice (first on line {first.line})"
            raise ReferenceDataError(path, numbered.line, reason)
        index[value] = numbered
    return index
