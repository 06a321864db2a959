"""``jeugdhub subject``: data-subject requests about one youth, by the BSN on stdin."""

import argparse
import asyncio
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

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

T = TypeVar("T")


def _read_bsn() -> str:
    # Never an argument (visible to every user of the machine, kept in shell histories),
    # never echoed when typed.
    if sys.stdin.isatty():
        return getpass.getpass("BSN: ")
    return sys.stdin.readline().strip()


async def _held(access: KafkaAccess, pseudonyms: frozenset[str]) -> list[HeldEvent]:
    await read_registry(access)  # an event names registered organisations
    return await held_events(access, pseudonyms)


def _subject_request(
    purpose: str,
    action: Action,
    work: Callable[[KafkaAccess, frozenset[str]], Coroutine[Any, Any, T]],
) -> T:
    """Read the BSN, audit the request, then do ``work`` with the youth's pseudonyms."""
    settings = get_settings()
    keys = KeyStore.open(settings.keystore_file, load_kek(settings))
    bsn = _read_bsn()
    pseudonyms = subject_pseudonyms(keys, bsn)
    # The entry names the youth by its pseudonym under the current key, never by the BSN;
    # it is written before anything is read or erased (fail closed).
    subject = current_pseudonym(keys, bsn)
    audit = CommandAccess(action, "events of one youth", purpose, subject)
    with audited(settings, HubPrincipal.INGEST, audit):
        return asyncio.run(work(kafka_access(settings, HubPrincipal.INGEST), pseudonyms))


def _export(args: argparse.Namespace) -> int:
    found = _subject_request(args.purpose, Action.SUBJECT_EXPORT, _held)
    for held in found:
        print(json.dumps(dataclasses.asdict(held), sort_keys=True))
    return 0


async def _erase_held(access: KafkaAccess, pseudonyms: frozenset[str]) -> None:
    found = await _held(access, pseudonyms)
    async with event_publisher(access) as publisher:
        await publisher.erase(tombstones(found))


def _erase(args: argparse.Namespace) -> int:
    _subject_request(args.purpose, Action.SUBJECT_ERASE, _erase_held)
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
