"""The error for a reference data file that cannot be trusted."""

from pathlib import Path

from jeugdhub.errors import JeugdhubError


class ReferenceDataError(JeugdhubError):
    """A reference data file is missing, malformed or contradicts another file.

    The hub refuses to start on broken reference data: every code it accepts is checked
    against these files, so a silently skipped row would reject valid events or count
    them in the wrong region. The message names the file and, where there is one, the
    line, so whoever edits the file can find the mistake.
    """

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"reference data {where}: {reason}")
