"""``jeugdhub subject``: data-subject requests about one youth, by the BSN on stdin."""

import argparse
import asyncio
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
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
    held_restrictions,
    restriction_markers,
    subject_pseudonyms,
    tombstones,
)
from registry.follower import read_registry
from schemas.restriction import ProcessingRestricted

T = TypeVar("T")


def _read_bsn() -> str:
    # Never an argument (visible to every user of the machine, kept in shell histories),
    # never echoed when typed.
    if sys.stdin.isatty():
        return getpass.getpass("BSN: ")
    return sys.stdin.readline().strip()


@dataclasses.dataclass(frozen=True)
class _Subject:
    """The youth of a request, by its pseudonyms only (the BSN stays in the command)."""

    pseudonyms: frozenset[str]
    markers: list[tuple[str, ProcessingRestricted]]  # (topic, marker) of a restriction


async def _held(access: KafkaAccess, subject: _Subject) -> list[HeldEvent]:
    await read_registry(access)  # an event names registered organisations
    return await held_events(access, subject.pseudonyms)


def _subject_request(
    purpose: str,
    action: Action,
    work: Callable[[KafkaAccess, _Subject], Coroutine[Any, Any, T]],
) -> T:
    """Read the BSN, audit the request, then do ``work`` with the youth's pseudonyms."""
    settings = get_settings()
    keys = KeyStore.open(settings.keystore_file, load_kek(settings))
    bsn = _read_bsn()
    subject = _Subject(
        subject_pseudonyms(keys, bsn), restriction_markers(keys, bsn, datetime.now(UTC))
    )
    # The entry names the youth by its pseudonym under the current key, never by the BSN;
    # it is written before anything is read, erased or restricted (fail closed).
    named = current_pseudonym(keys, bsn)
    audit = CommandAccess(action, "events of one youth", purpose, named)
    with audited(settings, HubPrincipal.INGEST, audit):
        return asyncio.run(work(kafka_access(settings, HubPrincipal.INGEST), subject))


def _export(args: argparse.Namespace) -> int:
    found = _subject_request(args.purpose, Action.SUBJECT_EXPORT, _held)
    for held in found:
        print(json.dumps(dataclasses.asdict(held), sort_keys=True))
    return 0


async def _erase_held(access: KafkaAccess, subject: _Subject) -> None:
    found = await _held(access, subject)
    async with event_publisher(access) as publisher:
        await publisher.erase(tombstones(found))


def _erase(args: argparse.Namespace) -> int:
    _subject_request(args.purpose, Action.SUBJECT_ERASE, _erase_held)
    return 0


async def _restrict_subject(access: KafkaAccess, subject: _Subject) -> None:
    async with event_publisher(access) as publisher:
        await publisher.restrict(subject.markers)


def _restrict(args: argparse.Namespace) -> int:
    _subject_request(args.purpose, Action.SUBJECT_RESTRICT, _restrict_subject)
    return 0


async def _lift_held(access: KafkaAccess, subject: _Subject) -> None:
    markers = held_restrictions(await _held(access, subject))
    async with event_publisher(access) as publisher:
        await publisher.erase(tombstones(markers))


def _lift(args: argparse.Namespace) -> int:
    _subject_request(args.purpose, Action.SUBJECT_LIFT_RESTRICTION, _lift_held)
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
    restrict = add_action(
        actions,
        "restrict",
        _restrict,
        "restrict the processing of the youth (AVG art. 18): a marker under each of its "
        "pseudonyms (all kept key versions, general and justice); its events are kept and "
        "exportable but count in no figure until `subject lift-restriction`, the figures "
        'drop them at once (README, "Data-subject requests"); the BSN is read from '
        "standard input",
    )
    restrict.add_argument(
        "--purpose", required=True, help="why processing is restricted (for the audit trail)"
    )
    lift = add_action(
        actions,
        "lift-restriction",
        _lift,
        "lift the restriction of processing of the youth: a tombstone for each of its "
        "restriction markers; the figures count its events again at once; the BSN is read "
        "from standard input",
    )
    lift.add_argument(
        "--purpose", required=True, help="why the restriction is lifted (for the audit trail)"
    )
