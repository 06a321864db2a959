"""The error report a provider gets back: per rejected row, which column and why.

It names lines, columns and reasons, never a cell: the provider has the file and finds
the value there, while the report may travel by e-mail. Problems the privacy edge found
name record fields ("youth.bsn"); they are reported under the Dutch column ("bsn").
"""

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from connectors.csv.catalog import column_for_field
from connectors.csv.locators import line_of
from jeugdhub.errors import InvalidInputError

HEADER = ("regel", "kolom", "reden")


def write_error_report(
    input_path: Path, rejected: Iterable[tuple[str, Sequence[InvalidInputError]]]
) -> Path:
    """Write the report of the ``(locator, problems)`` of every rejected row; its path.

    plaatsingen.csv gets plaatsingen.fouten.csv next to it, replacing an older report.
    """
    path = input_path.with_suffix(".fouten.csv")
    # ";" and a byte-order mark: what Dutch Excel opens as columns, accents intact.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        for where, problems in rejected:
            for problem in problems:
                writer.writerow((line_of(where), _column(problem.field), _reason(problem)))
    return path


def _column(field: str) -> str:
    return column_for_field(field) or field


def _reason(problem: InvalidInputError) -> str:
    return f"{problem.reason} ({problem.rule})" if problem.rule else problem.reason
