"""The header line: which template column each position of a row holds.

Names are matched ignoring case and surrounding spaces, with runs of spaces and hyphens
read as "_" ("Juridisch kader" is juridisch_kader). Any unknown, repeated or missing
column refuses the whole file, with one message naming all of them: guessing what an
unknown column means could put a value where it does not belong.
"""

import re
from collections import Counter

from connectors.csv.errors import IngestFileError
from connectors.csv.rows import Row
from connectors.csv.template import Column, Template


def normalise(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def columns_of(header: Row, template: Template, file_name: str) -> tuple[Column, ...]:
    """The column at each position; trailing unnamed positions are left out."""
    if header.cells is None:
        raise IngestFileError(f"{file_name}: the header line is not valid CSV")
    names = [normalise(cell) for cell in header.cells]
    while names and not names[-1]:
        names.pop()  # spreadsheets add empty columns after the last one used
    known = {column.name for column in template.columns}
    if not known & set(names):
        # Not echoed: a first line without any known name may be a row of data.
        raise IngestFileError(
            f"{file_name}: the first line is not a header of template {template.name}; "
            f"its columns are: {', '.join(sorted(known))}"
        )
    problems = _problems(names, template, known)
    if problems:
        raise IngestFileError(f"{file_name} (template {template.name}): {'; '.join(problems)}")
    return tuple(column for name in names if (column := template.column(name)) is not None)


def _problems(names: list[str], template: Template, known: set[str]) -> list[str]:
    problems = []
    if "" in names:
        positions = [str(number) for number, name in enumerate(names, 1) if not name]
        problems.append(f"column {', '.join(positions)} has no name")
    unknown = sorted({name for name in names if name and name not in known})
    if unknown:
        problems.append(
            f"unknown columns: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    repeated = sorted(name for name, times in Counter(names).items() if name and times > 1)
    if repeated:
        problems.append(f"columns given more than once: {', '.join(repeated)}")
    given = set(names)
    missing = [column.name for column in template.columns if column.required]
    missing = [name for name in missing if name not in given]
    missing += [" or ".join(group) for group in template.one_of if not given & set(group)]
    if missing:
        problems.append(f"missing required columns: {', '.join(missing)}")
    return problems
