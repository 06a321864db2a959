"""A CSV file of one template as a stream of submissions for the ingest pipeline.

Rows are read one at a time, so a long file takes little memory: only the id and a
digest of each row read so far are kept, to catch one kenmerk used for two different
rows. File-level problems (encoding, separator, header) raise :class:`IngestFileError`
when the first submission is asked for; a row that cannot be read becomes a submission
without a record, whose problems name the Dutch columns.
"""

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from connectors.csv.catalog import TEMPLATES
from connectors.csv.errors import IngestFileError
from connectors.csv.header import columns_of
from connectors.csv.locators import locator
from connectors.csv.records import ROW_FIELD, read_record
from connectors.csv.rows import Row, read_rows
from connectors.csv.template import KENMERK, Template
from connectors.ingest import Submission
from jeugdhub.errors import InvalidInputError


def read_csv_submissions(
    path: Path, template: str, source: Mapping[str, str]
) -> Iterator[Submission]:
    """One submission per non-blank row of ``path``, read as ``template``.

    ``source`` is the organisation that submitted the file (``organisation_type`` and
    ``code``); every record carries it.
    """
    chosen = _template(template)
    with closing(read_rows(path)) as rows:
        header = next(rows, None)
        if header is None:
            raise IngestFileError(f"{path.name} is empty; it needs a header line and rows")
        read = _RowReader(path.name, chosen, header, source)
        for row in rows:
            yield read.submission(row)


def count_data_lines(path: Path) -> int:
    """How many submissions ``read_csv_submissions`` will give: the non-blank rows."""
    with closing(read_rows(path)) as rows:
        return max(sum(1 for _ in rows) - 1, 0)  # less the header


def _template(name: str) -> Template:
    found = TEMPLATES.get(name)
    if found is None:
        raise IngestFileError(f"unknown CSV template {name!r}; known: {', '.join(TEMPLATES)}")
    return found


class _RowReader:
    """The rows of one file after its header, each into a submission."""

    def __init__(
        self, file_name: str, template: Template, header: Row, source: Mapping[str, str]
    ) -> None:
        self._file_name = file_name
        self._template = template
        self._header = header
        self._columns = columns_of(header, template, file_name)
        self._source = source
        self._first_lines: dict[str, tuple[int, bytes]] = {}  # by id: (line, row digest)

    def submission(self, row: Row) -> Submission:
        record: dict[str, Any] | None
        problems: tuple[InvalidInputError, ...]
        if row.cells is None:
            record, problems = None, (InvalidInputError(ROW_FIELD, "is not valid CSV"),)
        else:
            record, problems = read_record(self._template, self._columns, row.cells, self._source)
            if record is not None:
                problems = self._reused_kenmerk(record["source_event_id"], row.line, row.cells)
                record = None if problems else record
        return Submission(
            channel=self._template.channel,
            locator=locator(self._file_name, row.line),
            payload=(self._header.text + row.text).encode("utf-8"),
            kind=self._template.kind,
            record=record,
            problems=problems,
        )

    def _reused_kenmerk(
        self, event_id: str, line: int, cells: list[str]
    ) -> tuple[InvalidInputError, ...]:
        """A problem when an earlier row had this row's kenmerk but other cells.

        The pipeline drops an event whose id it has seen, so a kenmerk reused for another
        row would silently lose that row. The same row twice is harmless and passes. Only
        a digest of each row is kept, so memory stays small on a long file.
        """
        row = "\x1f".join(cell.strip() for cell in cells).encode()
        digest = hashlib.blake2b(row, digest_size=16).digest()
        first_line, first_digest = self._first_lines.setdefault(event_id, (line, digest))
        if first_digest == digest:
            return ()
        reason = f"is also the kenmerk of line {first_line}, a different row; it must be unique"
        return (InvalidInputError(KENMERK, reason),)
