"""``jeugdhub deadletter list|replay``: rejected records, and a second try after a fix."""

import argparse
import asyncio
import sys

from connectors.replay import submissions_from_dead_letter
from connectors.runtime import ingest_stack
from jeugdhub.cli.auditing import CommandAccess, audited, audited_async
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.kafka_cluster import read_to_end
from jeugdhub.settings import get_settings
from privacy.audit.facts import Action, Outcome
from registry.follower import read_registry
from schemas.codec import decode_any
from schemas.deadletter import DeadLetter
from schemas.topics import DEADLETTER


async def _letters(access: KafkaAccess) -> list[DeadLetter]:
    letters = []
    async for record in read_to_end(access, [DEADLETTER]):
        letter = decode_any(record.value)
        if isinstance(letter, DeadLetter):
            letters.append(letter)
    return letters


async def _letters_with_senders(access: KafkaAccess) -> list[DeadLetter]:
    await read_registry(access)  # a dead letter names its sender, a registered organisation
    return await _letters(access)


def _list(args: argparse.Namespace) -> int:
    settings = get_settings()
    access = CommandAccess(Action.DEADLETTER_LIST, DEADLETTER, args.purpose)
    with audited(settings, HubPrincipal.INGEST, access):
        letters = asyncio.run(_letters_with_senders(kafka_access(settings, HubPrincipal.INGEST)))
    for letter in letters:
        problems = "; ".join(f"{p.field}: {p.reason}" for p in letter.problems)
        replay = f" (replay of {letter.replay_of})" if letter.replay_of else ""
        print(
            f"{letter.dead_letter_id} {letter.received_at.isoformat(timespec='seconds')} "
            f"{letter.key} {letter.channel} {letter.locator}{replay}: {problems}"
        )
    return 0


def _replay(args: argparse.Namespace) -> int:
    settings = get_settings()
    which = "all" if args.all else " ".join(args.ids)
    command = CommandAccess(Action.DEADLETTER_REPLAY, DEADLETTER, args.purpose, detail=which)

    async def run() -> int:
        audit = audited_async(settings, HubPrincipal.INGEST, command)
        async with audit as writer, ingest_stack(settings) as stack:
            letters = await _letters(stack.access)
            wanted = set(args.ids)
            chosen = [x for x in letters if args.all or x.dead_letter_id in wanted]
            missing = wanted - {letter.dead_letter_id for letter in chosen}
            for letter_id in sorted(missing):
                print(f"{letter_id}: no such dead letter", file=sys.stderr)
            still_failing = bool(missing)
            for letter in chosen:
                # Opening the payload shows personal data: audited first, one entry a letter.
                opened = CommandAccess(
                    Action.DEADLETTER_REPLAY, letter.dead_letter_id, args.purpose
                )
                await writer.record(opened.facts(settings, Outcome.GRANTED, "decrypted"))
                submissions = submissions_from_dead_letter(letter, stack.sealer.open(letter))
                outcomes = await stack.ingestor.ingest(
                    letter.submitted_by, submissions, replay_of=letter.dead_letter_id
                )
                rejected = sum(outcome.status == "rejected" for outcome in outcomes)
                result = f"{len(outcomes) - rejected} accepted, {rejected} still rejected"
                outcome_now = Outcome.FAILED if rejected else Outcome.GRANTED
                await writer.record(opened.facts(settings, outcome_now, result))
                for outcome in outcomes:
                    if outcome.status == "rejected":
                        still_failing = True
                        reasons = "; ".join(str(p) for p in outcome.problems)
                        print(
                            f"{letter.dead_letter_id} {outcome.locator}: {reasons}", file=sys.stderr
                        )
            return 1 if still_failing else 0

    return asyncio.run(run())


def register(commands: Commands) -> None:
    deadletter = commands.add_parser("deadletter", help="rejected records (payloads encrypted)")
    actions = deadletter.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = add_action(
        actions, "list", _list, "list dead letters: who, where, why (never payloads)"
    )
    listing.add_argument(
        "--purpose", default="handling rejected records", help="why (on the audit trail)"
    )
    replay = add_action(
        actions, "replay", _replay, "send dead letters through the edge again after a fix"
    )
    replay.add_argument(
        "--purpose",
        required=True,
        help="why the payloads are decrypted, e.g. a ticket number (on the audit trail)",
    )
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", default=[], metavar="ID")
    which.add_argument("--all", action="store_true", help="replay every dead letter")
