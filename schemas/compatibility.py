"""Schema evolution: a changed schema must still read what its released version wrote.

Released schemas are kept in ``schemas/released/v<N>/``. ``jeugdhub schemas check`` (run
by CI) compares every released schema with the current one using the Apache ``avro``
package's reader/writer compatibility checker: the current schema is the reader, the
released one the writer (backward compatibility: new code reads old events, which stay
on the topics for years). fastavro has no such checker, and writing one would repeat
the Avro resolution rules, which is exactly where mistakes hide.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from avro.schema import parse as parse_avro

from schemas.avro_export import AVRO_DIR

RELEASED_DIR = Path(__file__).resolve().parent / "released"


@dataclass(frozen=True)
class Incompatibility:
    schema: str
    release: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.schema}: cannot read events written with release {self.release}: {self.reason}"
        )


def _read(path: Path) -> str:
    return json.dumps(json.loads(path.read_text()))


def check_backward(
    current_dir: Path = AVRO_DIR, released_dir: Path = RELEASED_DIR
) -> list[Incompatibility]:
    """Every way the current schemas fail to read data written by a released one."""
    problems = []
    checker = ReaderWriterCompatibilityChecker()  # type: ignore[no-untyped-call]
    for release in sorted(p for p in released_dir.iterdir() if p.is_dir()):
        for released in sorted(release.glob("*.avsc")):
            current = current_dir / released.name
            if not current.exists():
                problems.append(
                    Incompatibility(released.stem, release.name, "the schema was removed")
                )
                continue
            result = checker.get_compatibility(
                parse_avro(_read(current)), parse_avro(_read(released))
            )
            if result.compatibility is not SchemaCompatibilityType.compatible:
                reasons = "; ".join(
                    f"{message} at {location}"
                    for message, location in zip(result.messages, result.locations, strict=False)
                )
                problems.append(Incompatibility(released.stem, release.name, reasons))
    return problems
