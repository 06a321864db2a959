"""``jeugdhub subject``: data-subject requests about one youth, by the BSN on stdin."""

import argparse
import asyncio
import dataclasses
import getpass
import json
import sys

from connectors.runtime import event_publisher
from jeugdhub.cli.auditing import CommandAccess, audited
from jeugdhub.cli.common import Commands, add_action, add_group
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.settings import get_settings
from privacy.audit.facts import Action
from privacy.keys import KeyStore, load_kek
from privacy.subjects import (
    HeldEvent,
    current_pseudonym,
    held_events,
    subject_pseudonyms,
    tombstones,
)
from registry.follower import read_registry


def _read_bsn() -> str:
    # Never an argument (visible to every user of the machine, kept in shell histories),
    # never echoed when typed.
    if sys.stdin.isatty():
        return getpass.getpass("BSN: ")
    return sys.stdin.readline().strip()


async def _held(access: KafkaAccess, pseudonyms: frozenset[str]) -> list[HeldEvent]:
    await read_registry(access)  # an event names registered organisations
    return await held_events(access, pseudonyms)


def _export(args: argparse.Namespace) -> int:
    settings = get_settings()
    keys = KeyStore.open(settings.keystore_file, load_kek(settings))
    bsn = _read_bsn()
    pseudonyms = subject_pseudonyms(keys, bsn)
    # The entry names the youth by its pseudonym under the current key, never by the BSN.
    subject = current_pseudonym(keys, bsn)
    audit = CommandAccess(Action.SUBJECT_EXPORT, "events of one youth", args.purpose, subject)
    with audited(settings, HubPrincipal.INGEST, audit):
        found = asyncio.run(_held(kafka_access(settings, HubPrincipal.INGEST), pseudonyms))
    for held in found:
        print(json.dumps(dataclasses.asdict(held), sort_keys=True))
    return 0


async def _erase_held(access: KafkaAccess, pseudonyms: frozenset[str]) -> None:
    found = await _held(access, pseudonyms)
    async with event_publisher(access) as publisher:
        await publisher.erase(tombstones(found))


def _erase(args: argparse.Namespace) -> int:
    settings = get_settings()
    keys = KeyStore.open(settings.keystore_file, load_kek(settings))
    bsn = _read_bsn()
    pseudonyms = subject_pseudonyms(keys, bsn)
    subject = current_pseudonym(keys, bsn)
    # Audited before anything is erased: an erasure that cannot be accounted for is not made.
    audit = CommandAccess(Action.SUBJECT_ERASE, "events of one youth", args.purpose, subject)
    with audited(settings, HubPrincipal.INGEST, audit):
        asyncio.run(_erase_held(kafka_access(settings, HubPrincipal.INGEST), pseudonyms))
    return 0


def register(commands: Commands) -> None:
    actions = add_group(
        commands, "subject", "data-subject requests about one youth (the BSN is read from stdin)"
    )
    export = add_action(
        actions,
        "export",
        _export,
        "print every event held under the youth's pseudonyms (all kept key versions, "
        "general and justice), one JSON object a line; the BSN is read from standard input",
    )
    export.add_argument(
        "--purpose", required=True, help="why the data is exported (for the audit trail)"
    )
    erase = add_action(
        actions,
        "erase",
        _erase,
        "erase every event held under the youth's pseudonyms (all kept key versions, "
        "general and justice): a tombstone per event; the figures drop them at once, the "
        'topics within a day (README, "Data-subject requests"); the BSN is read from '
        "standard input",
    )
    erase.add_argument(
        "--purpose", required=True, help="why the data is erased (for the audit trail)"
    )
