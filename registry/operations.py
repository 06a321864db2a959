"""What an operator does to the registry: import a directory, deactivate an organisation.

Each reads the registry as it stands, decides the change, and hands it to
``registry.changes.apply_change``, the one writer; then the process's own view is read
again, so what it shows next already includes the change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jeugdhub.errors import UnknownCodeError
from jeugdhub.kafka_access import KafkaAccess
from registry.changes import apply_change
from registry.follower import read_registry
from registry.importing import read_import
from registry.state import Entries
from schemas.reference import codes
from schemas.registry import RegistryCertifiedInstitution, RegistryLocation, RegistryProvider

# What an operator can name and deactivate (a contract ends by its valid_to instead).
Organisation = RegistryProvider | RegistryLocation | RegistryCertifiedInstitution

Clock = Callable[[], datetime]
DEMO_DIR = Path(__file__).with_name("demo")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ImportResult:
    changed: int
    unchanged: int


async def import_directory(
    access: KafkaAccess, directory: Path, clock: Clock = _now
) -> ImportResult:
    """Check every file of ``directory``, then write what changes, all or nothing."""
    checked = read_import(directory, await read_registry(access), clock())
    await apply_change(access, checked.changes)
    await read_registry(access)
    return ImportResult(len(checked.changes), checked.unchanged)


def entry_of(entries: Entries, code: str) -> Organisation:
    """The entry an operator names: an AGB code, ``AGB/LOCATION`` or a GI's code."""
    if "/" in code:
        agb_code, location_code = code.split("/", 1)
        key = f"location:{codes.agb_code(agb_code, 'CODE')}/{location_code}"
        what = "provider location"
    elif code.isdigit():
        key, what = f"provider:{codes.agb_code(code, 'CODE')}", "provider AGB"
    else:
        key, what = f"certified-institution:{code}", "certified institution"
    found = entries.get(key)
    if not isinstance(found, Organisation):
        raise UnknownCodeError("CODE", code, what)
    return found


async def deactivate(access: KafkaAccess, code: str, clock: Clock = _now) -> bool:
    """Stop an organisation's submissions, keeping its history; False if it already was."""
    entry = entry_of(await read_registry(access), code)
    if not entry.active:
        return False
    await apply_change(access, [entry.model_copy(update={"active": False, "changed_at": clock()})])
    await read_registry(access)
    return True
