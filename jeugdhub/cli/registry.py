"""``jeugdhub registry import|list|show|deactivate``: the organisations the hub knows.

Run by an operator, as the Kafka admin: the registry topic is written by no hub process.
Every change is audited before it is made (``jeugdhub.cli.auditing``).
"""

import argparse
import asyncio
from pathlib import Path

from jeugdhub.cli.auditing import CommandAccess, audited
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.settings import get_settings
from privacy.audit.facts import Action
from registry.follower import read_registry
from registry.operations import deactivate, entry_of, import_directory
from schemas.reference import reference_data
from schemas.registry import RegistryCertifiedInstitution, RegistryLocation, RegistryProvider
from schemas.topics import REGISTRY

_PURPOSE = "keeping the organisations that may submit, and their contracts"


def _admin() -> KafkaAccess:
    return kafka_access(get_settings(), HubPrincipal.ADMIN)


def _import(args: argparse.Namespace) -> int:
    access = CommandAccess(Action.REGISTRY_IMPORT, REGISTRY, _PURPOSE, detail=args.directory.name)
    with audited(get_settings(), HubPrincipal.ADMIN, access):
        asyncio.run(import_directory(_admin(), args.directory))
    return 0


def _status(active: bool) -> str:
    return "active" if active else "deactivated"


def _list(_: argparse.Namespace) -> int:
    asyncio.run(read_registry(_admin()))
    data = reference_data()
    for provider in data.providers():
        locations = data.locations(provider.agb_code)
        print(
            f"provider {provider.agb_code} {_status(provider.active)} {provider.name} "
            f"({len(locations)} locations)"
        )
    for institution in data.certified_institutions():
        print(
            f"certified-institution {institution.code} {_status(institution.active)} "
            f"{institution.name}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    entries = asyncio.run(read_registry(_admin()))
    entry = entry_of(entries, args.code)
    data = reference_data()
    match entry:
        case RegistryProvider():
            print(f"provider {entry.agb_code}: {entry.name} ({_status(entry.active)})")
            for location in data.locations(entry.agb_code):
                functions = ",".join(sorted(location.care_functions))
                print(
                    f"  location {location.location_code} {_status(location.active)} "
                    f"{location.name}, {location.municipality_code} ({location.region_code}): "
                    f"{functions}"
                )
            for contract in data.contracts(entry.agb_code):
                until = contract.valid_to.isoformat() if contract.valid_to else "open-ended"
                print(
                    f"  contract {contract.region_code} {contract.care_function} "
                    f"{contract.valid_from.isoformat()} to {until}"
                )
        case RegistryLocation():
            location = data.location(entry.agb_code, entry.location_code)
            print(
                f"location {entry.agb_code}/{entry.location_code}: {entry.name} "
                f"({_status(entry.active)}), {location.municipality_code} "
                f"({location.region_code}): {','.join(sorted(location.care_functions))}"
            )
        case RegistryCertifiedInstitution():
            print(f"certified-institution {entry.code}: {entry.name} ({_status(entry.active)})")
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    access = CommandAccess(Action.REGISTRY_DEACTIVATE, f"{REGISTRY} {args.code}", _PURPOSE)
    with audited(get_settings(), HubPrincipal.ADMIN, access):
        asyncio.run(deactivate(_admin(), args.code))
    return 0


def register(commands: Commands) -> None:
    text = "the organisation registry: providers, locations, certified institutions, contracts"
    registry = commands.add_parser("registry", help=text, description=text)
    actions = registry.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = add_action(
        actions,
        "import",
        _import,
        "check providers.csv and locations.csv (and certified-institutions.csv and "
        "contracts.csv when present) in DIR and register them, all or nothing",
    )
    importing.add_argument("directory", type=Path, metavar="DIR")
    add_action(actions, "list", _list, "every registered organisation and whether it is active")
    show = add_action(actions, "show", _show, "one organisation with its locations and contracts")
    show.add_argument("code", metavar="CODE", help="AGB code, AGB/LOCATION or a GI's code")
    off = add_action(
        actions,
        "deactivate",
        _deactivate,
        "refuse an organisation's submissions from now on; its history stays",
    )
    off.add_argument("code", metavar="CODE", help="AGB code, AGB/LOCATION or a GI's code")
