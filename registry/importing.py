"""A directory of registry files, checked, into the entries that change the registry.

``providers.csv`` and ``locations.csv`` are required, ``certified-institutions.csv`` and
``contracts.csv`` read when present. Every row is validated (``registry.rows``), then
checked against the reference data and against the registry as it stands: a location's
provider must be registered or in the same import, every provider needs a location (iJw
messages carry none, so a provider's region comes from its locations), a location keeps
its municipality for good (its past events count in that region). The first problem
stops the import with a ``ReferenceDataError`` naming the file, the line and the field;
nothing is written then. A row for a deactivated organisation registers it again.
"""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from jeugdhub.errors import InvalidInputError
from registry.rows import CertifiedInstitutionRow, ContractRow, LocationRow, ProviderRow
from registry.state import Entries
from schemas.reference import ReferenceData, ReferenceDataError, reference_data
from schemas.reference.table import Numbered, index_by, read_rows
from schemas.registry import (
    RegistryCertifiedInstitution,
    RegistryContract,
    RegistryEntry,
    RegistryLocation,
    RegistryProvider,
)

PROVIDERS = "providers.csv"
LOCATIONS = "locations.csv"
CERTIFIED_INSTITUTIONS = "certified-institutions.csv"
CONTRACTS = "contracts.csv"

Row = TypeVar("Row", bound=BaseModel)
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class RegistryImport:
    """What an import would write: only the entries that differ from the registry's."""

    changes: list[RegistryEntry]
    unchanged: int


def read_import(directory: Path, current: Entries, changed_at: datetime) -> RegistryImport:
    """The checked entries of ``directory``; ``ReferenceDataError`` on the first problem."""
    if not directory.is_dir():
        raise ReferenceDataError(directory, None, "is not a directory of registry files")
    reference = reference_data()
    check = _Check(reference, current)
    providers = _indexed(directory / PROVIDERS, ProviderRow, lambda r: r.agb_code, "agb_code")
    locations = _indexed(
        directory / LOCATIONS,
        LocationRow,
        lambda r: (r.agb_code, r.location_code),
        "agb_code and location_code",
    )
    entries: list[RegistryEntry] = []
    for provider in providers.values():
        fields = provider.row.model_dump()
        entries.append(RegistryProvider(**fields, active=True, changed_at=changed_at))
    for numbered in locations.values():
        check.location(directory / LOCATIONS, numbered, providers)
        row = numbered.row
        entries.append(
            RegistryLocation(
                agb_code=row.agb_code,
                location_code=row.location_code,
                name=row.name,
                municipality=row.municipality_code,
                care_functions=list(row.care_functions),
                active=True,
                changed_at=changed_at,
            )
        )
    located = {agb for agb, _ in locations} | check.registered_locations()
    for agb_code, provider in providers.items():
        if agb_code not in located:
            reason = f"agb_code {agb_code!r}: provider has no location in {LOCATIONS}"
            raise ReferenceDataError(directory / PROVIDERS, provider.line, reason)
    entries += _institutions(directory / CERTIFIED_INSTITUTIONS, changed_at)
    entries += _contracts(directory / CONTRACTS, check, providers, changed_at)
    changes = [entry for entry in entries if _differs(entry, current.get(entry.key))]
    return RegistryImport(changes, len(entries) - len(changes))


def _indexed(
    path: Path, model: type[Row], key: Callable[[Row], Key], what: str
) -> dict[Key, Numbered[Row]]:
    return index_by(path, read_rows(path, model), key, what)


def _institutions(path: Path, changed_at: datetime) -> list[RegistryEntry]:
    if not path.exists():
        return []
    rows = _indexed(path, CertifiedInstitutionRow, lambda r: r.code, "code")
    return [
        RegistryCertifiedInstitution(
            **numbered.row.model_dump(), active=True, changed_at=changed_at
        )
        for numbered in rows.values()
    ]


def _contracts(
    path: Path,
    check: "_Check",
    providers: Mapping[str, Numbered[ProviderRow]],
    changed_at: datetime,
) -> list[RegistryEntry]:
    if not path.exists():
        return []
    rows = _indexed(
        path,
        ContractRow,
        lambda r: (r.region_code, r.agb_code, r.care_function, r.valid_from),
        "region_code, agb_code, care_function and valid_from",
    )
    entries: list[RegistryEntry] = []
    for numbered in rows.values():
        check.contract(path, numbered, providers)
        row = numbered.row
        entries.append(
            RegistryContract(
                region=row.region_code,
                agb_code=row.agb_code,
                care_function=row.care_function,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                changed_at=changed_at,
            )
        )
    return entries


def _differs(entry: RegistryEntry, registered: RegistryEntry | None) -> bool:
    if registered is None:
        return True
    return entry.model_dump(exclude={"changed_at"}) != registered.model_dump(exclude={"changed_at"})


class _Check:
    """The checks a row needs beyond its own file: reference data and the registry."""

    def __init__(self, reference: ReferenceData, current: Entries) -> None:
        self._reference = reference
        self._current = current

    def registered_locations(self) -> set[str]:
        return {e.agb_code for e in self._current.values() if isinstance(e, RegistryLocation)}

    def _registered_provider(self, agb_code: str) -> bool:
        return f"provider:{agb_code}" in self._current

    def location(
        self,
        path: Path,
        numbered: Numbered[LocationRow],
        providers: Mapping[str, Numbered[ProviderRow]],
    ) -> None:
        row = numbered.row
        if row.agb_code not in providers and not self._registered_provider(row.agb_code):
            reason = f"agb_code {row.agb_code!r}: not a registered provider nor in {PROVIDERS}"
            raise ReferenceDataError(path, numbered.line, reason)
        self._known(path, numbered.line, "municipality_code", row.municipality_code)
        for care_function in row.care_functions:
            self._known(path, numbered.line, "care_functions", care_function)
        registered = self._current.get(f"location:{row.agb_code}/{row.location_code}")
        if isinstance(registered, RegistryLocation) and registered.municipality != (
            row.municipality_code
        ):
            reason = (
                f"municipality_code {row.municipality_code!r}: the location is registered in "
                f"{registered.municipality}, and its past events count in that region; "
                "register the new place under a new location_code"
            )
            raise ReferenceDataError(path, numbered.line, reason)

    def contract(
        self,
        path: Path,
        numbered: Numbered[ContractRow],
        providers: Mapping[str, Numbered[ProviderRow]],
    ) -> None:
        row = numbered.row
        self._known(path, numbered.line, "region_code", row.region_code)
        if row.agb_code not in providers and not self._registered_provider(row.agb_code):
            reason = f"agb_code {row.agb_code!r}: not a registered provider nor in {PROVIDERS}"
            raise ReferenceDataError(path, numbered.line, reason)
        self._known(path, numbered.line, "care_function", row.care_function)

    def _known(self, path: Path, line: int, column: str, code: str) -> None:
        lookups: dict[str, Callable[[str, str], object]] = {
            "municipality_code": self._reference.municipality,
            "care_functions": self._reference.care_function,
            "care_function": self._reference.care_function,
            "region_code": self._reference.region,
        }
        try:
            lookups[column](code, column)
        except InvalidInputError as error:
            raise ReferenceDataError(path, line, f"{column} {code!r}: {error.reason}") from None
