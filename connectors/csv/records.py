"""One CSV row into one raw record (``privacy.raw_records``), by its template's table.

Every problem of a row is collected, each naming the Dutch column, so that a provider can
fix a row in one go. Only reading happens here; whether a BSN passes the 11-proef or a
code exists is for the privacy edge to say.
"""

from collections.abc import Mapping
from typing import Any

from connectors.csv.converters import CellRejected
from connectors.csv.template import (
    KENMERK,
    RETRACTED_KENMERK,
    RETRACTED_TEMPLATE,
    Column,
    Template,
    source_event_id,
)
from jeugdhub.errors import InvalidInputError

ROW_FIELD = "regel"  # the field a problem of the row as a whole is reported under
Result = tuple[dict[str, Any] | None, tuple[InvalidInputError, ...]]


def read_record(
    template: Template,
    columns: tuple[Column, ...],
    cells: list[str],
    source: Mapping[str, str],
) -> Result:
    """The raw record of a row whose cells stand in ``columns``, or None and why not."""
    problems: list[InvalidInputError] = []
    if any(cell.strip() for cell in cells[len(columns) :]):
        problems.append(InvalidInputError(ROW_FIELD, "has more cells than the header names"))
    # A spreadsheet may leave out empty cells at the end of a row.
    padded = cells + [""] * (len(columns) - len(cells))
    filled = {column.name for column, cell in zip(columns, padded, strict=False) if cell.strip()}
    values: dict[str, Any] = {}
    for column, cell in zip(columns, padded, strict=False):
        if column.name in filled:
            try:
                values[column.name] = column.convert(cell.strip())
            except CellRejected as rejected:
                problems.append(InvalidInputError(column.name, rejected.reason))
    for column in template.columns:
        if column.name in filled:
            continue
        default = column.default(source) if column.default else None
        if default is not None:
            values[column.name] = default
        elif column.required:
            problems.append(InvalidInputError(column.name, "is required but empty"))
    for group in template.one_of:
        if not filled & set(group):
            others = " or ".join(group[1:])
            problems.append(InvalidInputError(group[0], f"is required (or {others}) but empty"))
    if problems:
        return None, tuple(problems)
    return _record(template, values, source), ()


def _record(
    template: Template, values: dict[str, Any], source: Mapping[str, str]
) -> dict[str, Any]:
    record: dict[str, Any] = {"event_type": template.event_type, "source": dict(source)}
    for column in template.columns:
        if column.path is not None and column.name in values:
            _put(record, column.path, values[column.name])
    # The same kenmerk in two templates is two facts: the ids carry the template.
    record["source_event_id"] = source_event_id(template.name, values[KENMERK])
    if RETRACTED_KENMERK in values:
        record["retracts_source_event_id"] = source_event_id(
            values[RETRACTED_TEMPLATE], values[RETRACTED_KENMERK]
        )
    return record


def _put(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    *parents, leaf = path
    for name in parents:
        record = record.setdefault(name, {})
    record[leaf] = value
