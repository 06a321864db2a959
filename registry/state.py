"""The registry's entries, as the organisations a process looks up.

The topic holds one entry per key (compacted); :func:`organisations_of` turns the latest
entries into the :class:`~schemas.reference.organisations.Organisations` that
``ReferenceData`` answers from, resolving each location's municipality to its region.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from schemas.reference import reference_data
from schemas.reference.models import CertifiedInstitution, Contract, Location, Provider
from schemas.reference.organisations import Organisations
from schemas.registry import (
    RegistryCertifiedInstitution,
    RegistryContract,
    RegistryEntry,
    RegistryLocation,
    RegistryProvider,
)

# The latest entry of every key on the topic.
Entries = Mapping[str, RegistryEntry]


def organisations_of(entries: Iterable[RegistryEntry]) -> Organisations:
    providers: dict[str, Provider] = {}
    locations: dict[tuple[str, str], Location] = {}
    institutions: dict[str, CertifiedInstitution] = {}
    contracts: defaultdict[tuple[str, str, str], list[Contract]] = defaultdict(list)
    for entry in entries:
        match entry:
            case RegistryProvider():
                providers[entry.agb_code] = Provider(
                    entry.agb_code, entry.name, entry.invented, entry.active
                )
            case RegistryLocation():
                locations[entry.agb_code, entry.location_code] = _location(entry)
            case RegistryCertifiedInstitution():
                institutions[entry.code] = CertifiedInstitution(
                    entry.code, entry.name, entry.invented, entry.active
                )
            case RegistryContract():
                contract = Contract(
                    entry.region,
                    entry.agb_code,
                    entry.care_function,
                    entry.valid_from,
                    entry.valid_to,
                )
                contracts[entry.region, entry.agb_code, entry.care_function].append(contract)
    return Organisations(
        providers=MappingProxyType(providers),
        locations=MappingProxyType(locations),
        certified_institutions=MappingProxyType(institutions),
        contracts=MappingProxyType({key: tuple(found) for key, found in contracts.items()}),
    )


def _location(entry: RegistryLocation) -> Location:
    municipality = reference_data().municipality(entry.municipality)
    return Location(
        agb_code=entry.agb_code,
        location_code=entry.location_code,
        name=entry.name,
        municipality_code=municipality.code,
        region_code=municipality.region_code,
        care_functions=frozenset(entry.care_functions),
        active=entry.active,
    )
