"""``jeugdhub keys``: the encrypted store of pseudonymisation keys."""

import argparse
import asyncio
import sys
from contextlib import AbstractContextManager

from connectors.key_migration import migrate, require_migrated
from connectors.runtime import event_publisher
from jeugdhub.cli.auditing import CommandAccess, audited
from jeugdhub.cli.common import EXIT_MISSING_PREREQUISITE, Commands, add_action, add_group
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.settings import get_settings
from privacy.audit.facts import Action
from privacy.keys import (
    KEK_FILE_VARIABLE,
    KEK_VARIABLE,
    PSEUDONYM_DOMAINS,
    KekNotConfiguredError,
    KeyDomain,
    KeyStore,
    KeyStoreExistsError,
    KeyStoreNotFoundError,
    decode_kek,
    generate_kek,
    load_kek,
)

KEY_MANAGEMENT = "managing the pseudonymisation keys"
KEY_MIGRATION = "carrying every pseudonym to the current key version, so that old ones can go"


def _keys_init(_: argparse.Namespace) -> int:
    settings = get_settings()
    path = settings.keystore_file
    if path.exists():
        raise KeyStoreExistsError(path)
    try:
        kek = load_kek(settings)
    except KekNotConfiguredError:
        # No store without a saved KEK: the operator stores this one, then runs init again.
        print(generate_kek())
        print(
            "No key-encryption key is configured, so no key store was created; a new key "
            "is on standard output. Store it outside the repository (a password manager, or "
            f"a file with mode 600), set {KEK_VARIABLE} to it or {KEK_FILE_VARIABLE} to that "
            "file, and run `jeugdhub keys init` again. Without it the key store cannot be "
            "opened.",
            file=sys.stderr,
        )
        return EXIT_MISSING_PREREQUISITE
    with _audited(Action.KEYS_INIT, "all domains"):
        KeyStore.create(path, kek)
    return 0


def _audited(
    action: Action, domains: str, purpose: str = KEY_MANAGEMENT
) -> AbstractContextManager[None]:
    access = CommandAccess(action, f"key store: {domains}", purpose)
    return audited(get_settings(), HubPrincipal.AUDIT, access)


def _open_keystore() -> KeyStore:
    settings = get_settings()
    path = settings.keystore_file
    # Checked before the KEK: without a store, "run init" is the advice that helps.
    if not path.exists():
        raise KeyStoreNotFoundError(path)
    return KeyStore.open(path, load_kek(settings))


def _keys_rotate(args: argparse.Namespace) -> int:
    store = _open_keystore()
    with _audited(Action.KEYS_ROTATE, args.domain or "all domains"):
        store.rotate(args.domain)
    return 0


def _keys_migrate(_: argparse.Namespace) -> int:
    store = _open_keystore()
    with _audited(Action.KEYS_MIGRATE, "pseudonym domains", KEY_MIGRATION):
        asyncio.run(_migrate(store))
    return 0


async def _migrate(store: KeyStore) -> None:
    access = kafka_access(get_settings(), HubPrincipal.INGEST)
    async with event_publisher(access) as publisher:
        await migrate(access, publisher, store)


def _keys_retire(args: argparse.Namespace) -> int:
    store = _open_keystore()
    with _audited(Action.KEYS_RETIRE, f"{args.domain} version {args.version}"):
        store.require_retirable(args.domain, args.version)
        if args.domain in PSEUDONYM_DOMAINS:
            # Pseudonyms no migration carried over would be orphans for ever.
            access = kafka_access(get_settings(), HubPrincipal.INGEST)
            asyncio.run(require_migrated(access, store, args.version))
        store.retire(args.domain, args.version)
    return 0


def _keys_rewrap(_: argparse.Namespace) -> int:
    # On standard input, never as an argument: a command line is visible to every user
    # of the machine and lands in shell histories.
    new_kek = decode_kek(sys.stdin.readline(), "the new key-encryption key on standard input")
    store = _open_keystore()
    with _audited(Action.KEYS_REWRAP, "all domains"):
        store.rewrap(new_kek)
    return 0


def _keys_status(_: argparse.Namespace) -> int:
    store = _open_keystore()
    with _audited(Action.KEYS_STATUS, "all domains"):
        statuses = store.status()
    for status in statuses:
        versions = ",".join(str(version) for version in status.versions)
        print(
            f"{status.domain} current={status.current_version} versions={versions} "
            f"created_at={status.current_created_at}"
        )
    return 0


def register(commands: Commands) -> None:
    actions = add_group(
        commands, "keys", "the encrypted store of pseudonymisation keys (JEUGDHUB_KEYSTORE_PATH)"
    )
    add_action(
        actions,
        "init",
        _keys_init,
        "create the key store; without a key-encryption key, print a new one (exit 2)",
    )
    rotate = add_action(
        actions,
        "rotate",
        _keys_rotate,
        "add a new current key version to every domain (or one; the pseudonym domains "
        "youth, case, justice-youth and justice-case rotate together); old versions are "
        "kept until `keys migrate` and `keys retire`",
    )
    rotate.add_argument(
        "--domain", type=KeyDomain, choices=list(KeyDomain), help="only this domain (default: all)"
    )
    add_action(
        actions,
        "migrate",
        _keys_migrate,
        "publish every person event under an old key version again under the current one "
        "(re-keyed pseudonyms, so trajectories stay whole) and retract the old copy; run it "
        "after `keys rotate` (a running gateway or ingest writes under the new version from "
        "its next batch); restriction markers are carried too",
    )
    retire = add_action(
        actions,
        "retire",
        _keys_retire,
        "destroy an old key version (of all pseudonym domains together): it leaves the "
        "store; refused while its events are not migrated; a running gateway, ingest or "
        "simulate reopens the store and drops it at its next batch",
    )
    retire.add_argument("--domain", type=KeyDomain, choices=list(KeyDomain), required=True)
    retire.add_argument("--version", type=int, required=True, help="an old (not current) version")
    add_action(
        actions,
        "rewrap",
        _keys_rewrap,
        "seal the store under a new key-encryption key, read (base64) from standard input; "
        "then point the KEK setting at the new key",
    )
    add_action(
        actions,
        "status",
        _keys_status,
        "per domain: current version, kept versions, when the current one was created",
    )
