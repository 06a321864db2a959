"""``jeugdhub audit verify|query|export|head``: the audit trail for an auditor."""

import argparse
import asyncio
import contextlib
import json
import sys
from datetime import datetime
from pathlib import Path

from feeds.consumer_audit import ConsumerSessions, watch
from feeds.subscribers import SubscriberStore
from jeugdhub.cli.auditing import CommandAccess, audited
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.errors import InvalidInputError
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings, get_settings
from privacy.audit.broker_log import LogPosition
from privacy.audit.facts import Action
from privacy.audit.head import load_head, make_head
from privacy.audit.listing import Selection, as_csv, as_jsonl, selected
from privacy.audit.signing import load_or_create_signer, load_public_keys
from privacy.audit.trail import TrailRecord, read_trail
from privacy.audit.verify import verify_trail
from privacy.audit.writer import writer_for
from privacy.regimes import load_regimes

FORMATS = {"csv": as_csv, "jsonl": as_jsonl}


def _trail(settings: Settings, topic: str | None) -> list[TrailRecord]:
    access = kafka_access(settings, HubPrincipal.AUDIT)
    return asyncio.run(read_trail(access, topic or settings.audit_topic))


def _verify(args: argparse.Namespace) -> int:
    settings = get_settings()
    keys = load_public_keys(args.public_key or [settings.audit_signing_key_file])
    head = None if args.head is None else load_head(args.head, keys)
    problems = verify_trail(_trail(settings, args.topic), keys, head)
    for problem in problems:
        print(problem)
    if head is None:
        print(
            "no --head given: entries cut off at the end of a chain cannot be seen",
            file=sys.stderr,
        )
    return 1 if problems else 0


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError("--since/--until", "must be an ISO date or date-time") from None
    if moment.tzinfo is None:
        raise InvalidInputError("--since/--until", "must say its time zone (e.g. +01:00 or Z)")
    return moment


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        user=args.user,
        organisation=args.organisation,
        action=args.action_name,
        target=args.object,
        since=None if args.since is None else _moment(args.since),
        until=None if args.until is None else _moment(args.until),
    )


def _criteria(selection: Selection) -> str:
    given = {name: value for name, value in vars(selection).items() if value is not None}
    return ", ".join(f"{name}={value}" for name, value in given.items()) or "everything"


def _query(args: argparse.Namespace) -> int:
    settings = get_settings()
    selection = _selection(args)
    access = CommandAccess(
        Action.AUDIT_QUERY, settings.audit_topic, args.purpose, detail=_criteria(selection)
    )
    with audited(settings, HubPrincipal.AUDIT, access):
        sys.stdout.write(as_jsonl(selected(_trail(settings, None), selection)))
    return 0


def _export(args: argparse.Namespace) -> int:
    settings = get_settings()
    selection = _selection(args)
    detail = f"{args.format}; {_criteria(selection)}"
    access = CommandAccess(Action.AUDIT_EXPORT, settings.audit_topic, args.purpose, detail=detail)
    with audited(settings, HubPrincipal.AUDIT, access):
        text = FORMATS[args.format](selected(_trail(settings, None), selection))
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
    return 0


def _head(args: argparse.Namespace) -> int:
    settings = get_settings()
    signer = load_or_create_signer(settings.audit_signing_key_file)
    trail = _trail(settings, None)
    # A head vouches for what is on the topic now: never for a trail that does not verify.
    problems = verify_trail(trail, load_public_keys([settings.audit_signing_key_file]))
    if problems:
        for problem in problems:
            print(problem)
        print("the trail does not verify: no head was made", file=sys.stderr)
        return 1
    head = make_head(trail, settings.audit_topic, signer)
    text = json.dumps(head, indent=2, sort_keys=True) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
    return 0


def _watch_broker(args: argparse.Namespace) -> int:
    settings = get_settings()
    logs = args.log or LocalBroker(settings).authorizer_log_files
    kept = settings.state_dir / "audit"
    positions = [
        LogPosition(log, kept / f"authorizer-log-{number}.position")
        for number, log in enumerate(logs, start=1)
    ]
    purposes = {name: r.purpose for name, r in load_regimes(settings.regimes_dir).items()}
    sessions = ConsumerSessions(
        SubscriberStore(settings.subscriber_store_file),
        purposes,
        settings.audit_organisation,
        args.idle,
    )
    writer = writer_for(settings, HubPrincipal.AUDIT, "audit-watch-broker")

    async def run() -> None:
        try:
            await watch(positions, sessions, writer)
        finally:
            await writer.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    return 0


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="principal, token:<id> or operator:<account>")
    parser.add_argument("--organisation", help="AGB, CBS, region or the hub's own code")
    parser.add_argument("--action", dest="action_name", choices=[a.value for a in Action])
    parser.add_argument("--object", help="feed topic, dead letter id, key domain, ...")
    parser.add_argument("--since", help="from this moment (ISO 8601 with zone), inclusive")
    parser.add_argument("--until", help="up to this moment (ISO 8601 with zone), exclusive")


def register(commands: Commands) -> None:
    audit = commands.add_parser("audit", help="the audit trail: verify, query, export")
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    verify = add_action(
        actions,
        "verify",
        _verify,
        "check the trail; print every removed, inserted, reordered, altered or truncated "
        "entry with its offset (exit 1 if any)",
    )
    verify.add_argument("--head", type=Path, help="a head file of `audit head` kept elsewhere")
    verify.add_argument(
        "--public-key",
        type=Path,
        action="append",
        help="a trusted public key (PEM); repeatable; default: this hub's signing key",
    )
    verify.add_argument("--topic", help="verify this copy of the trail instead")
    query = add_action(actions, "query", _query, "print matching entries as JSON lines")
    _add_selection(query)
    query.add_argument("--purpose", default="audit inquiry", help="why (audited)")
    export = add_action(
        actions, "export", _export, "write matching entries as CSV or JSON lines (audited)"
    )
    _add_selection(export)
    export.add_argument("--format", choices=sorted(FORMATS), required=True)
    export.add_argument("--purpose", required=True, help="why the export is made (audited)")
    export.add_argument("--output", type=Path, help="a file instead of standard output")
    head = add_action(
        actions,
        "head",
        _head,
        "write the signed head of every chain, to keep elsewhere for `verify --head` "
        "(exit 1, and no head, when the trail does not verify)",
    )
    head.add_argument("--output", type=Path, help="a file instead of standard output")
    watcher = add_action(
        actions,
        "watch-broker",
        _watch_broker,
        "audit subscribers' own Kafka clients and every refusal the broker logs (runs until "
        "stopped)",
    )
    watcher.add_argument(
        "--log",
        type=Path,
        action="append",
        help="an authorizer log, one per broker; repeatable (default: the local broker's)",
    )
    watcher.add_argument(
        "--idle",
        type=float,
        default=30.0,
        help="seconds without a fetch after which a consumer's reading has ended (default 30)",
    )
