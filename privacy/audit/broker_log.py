"""Kafka clients' accesses as the broker saw them: lines of its authorizer log.

The local broker writes ``kafka.authorizer.logger`` to ``<state>/kafka/authorizer.log``
(``jeugdhub.localkafka.config``): every decision on a feed subscriber's principal and
every denial. A line is ``<UTC time> Principal = User:<name> is Allowed|Denied operation =
<OP> from host = <address> on resource = <type>:<pattern>:<name> for request = <api> ...``.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_LINE = re.compile(
    r"^(?P<at>\S+) Principal = (?P<principal>\S+) is (?P<decision>Allowed|Denied) "
    r"operation = (?P<operation>\S+) from host = (?P<host>\S+) on resource = "
    r"(?P<resource_type>[^:]+):(?P<pattern>[^:]+):(?P<resource>\S+) for request = "
    r"(?P<request>\w+)"
)


@dataclass(frozen=True)
class BrokerDecision:
    at: datetime
    principal: str  # without "User:"
    allowed: bool
    operation: str
    host: str
    resource_type: str
    resource: str
    request: str


def parse_line(line: str) -> BrokerDecision | None:
    """The decision on one line; None for a line that is not one (a continuation, a note)."""
    match = _LINE.match(line)
    if match is None:
        return None
    return BrokerDecision(
        at=datetime.fromisoformat(match["at"]),
        principal=match["principal"].removeprefix("User:"),
        allowed=match["decision"] == "Allowed",
        operation=match["operation"].upper(),
        host=match["host"].lstrip("/"),
        resource_type=match["resource_type"].upper(),
        resource=match["resource"],
        request=match["request"],
    )


class LogPosition:
    """How far the authorizer log has been audited: a byte offset kept in a file, moved on
    only once the entries of what lies before it are written, so nothing is skipped."""

    def __init__(self, log: Path, kept_in: Path) -> None:
        self.log = log
        self._file = kept_in

    def unread(self) -> tuple[list[str], int]:
        """The whole lines after the position, and the position after them."""
        start = int(self._file.read_text()) if self._file.exists() else 0
        try:
            size = self.log.stat().st_size
        except FileNotFoundError:
            return [], start
        if size < start:  # a new log (the broker's state was reset): from its start
            start = 0
        with self.log.open("rb") as log:
            log.seek(start)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]
        lines = complete.decode(errors="replace").splitlines()
        return lines, start + len(complete)

    def move_to(self, position: int) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._file.with_suffix(".tmp")
        temporary.write_text(str(position))
        temporary.replace(self._file)
