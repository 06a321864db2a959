"""``jeugdhub audit verify`` against a real broker: an untouched trail is clean, and every
way of tampering with it is reported at the offset where it happened.

The trail is written by two real writers (two chains, interleaved on the one partition),
as the feed API and a command would write it. Tampering is what someone with write rights
on the topic or on a copy of it could do: produce a forged entry, copy the topic without
an entry, with a field changed, with two entries swapped, or without its last entries.
"""

import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jeugdhub.kafka_access import HubPrincipal
from privacy.audit.chain import Chain
from privacy.audit.facts import AccessFacts, Action, Outcome
from privacy.audit.signing import Signer, key_id_of
from privacy.audit.trail import decoded
from privacy.audit.writer import writer_for
from schemas.codec import encode
from tests.audit.conftest import AuditPlace, copy_of, raw_records, write_raw
from tests.commands import run_jeugdhub


def facts(number: int) -> AccessFacts:
    return AccessFacts(
        action=Action.FEED_SNAPSHOT,
        user=f"token:{number:012x}",
        role="subscriber (region)",
        organisation="region:utrecht-stad",
        target="jeugdhub.feed.utrecht-stad.v1",
        purpose="regional capacity planning",
        outcome=Outcome.GRANTED,
        channel="http",
        host="127.0.0.1",
    )


async def write_two_chains(place: AuditPlace) -> list[bytes]:
    """Entries 0-5 of chain A, 0-2 of chain B: A0 A1 B0 A2 A3 B1 A4 A5 B2 at offsets 0-8."""
    settings = place.settings()
    a = writer_for(settings, HubPrincipal.FEEDAPI, "feed-api")
    b = writer_for(settings, HubPrincipal.INGEST, "cli-deadletter.list")
    try:
        for number in range(6):
            await a.record(facts(number))
            if number % 2:
                await b.record(facts(100 + number))
    finally:
        await a.stop()
        await b.stop()
    return await raw_records(place.broker.admin, place.topic)


def verify(place: AuditPlace, *args: str) -> tuple[int, list[str]]:
    result = run_jeugdhub(place.env(), "audit", "verify", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout.splitlines()


def keep_head(place: AuditPlace, path: Path) -> Path:
    result = run_jeugdhub(place.env(), "audit", "head", "--output", str(path))
    assert result.returncode == 0, result.stderr
    return path


def entry_at(values: list[bytes], offset: int) -> tuple[str, int]:
    entry = decoded(offset, values[offset]).entry
    assert entry is not None
    return entry.chain, entry.sequence


async def test_an_untouched_trail_verifies_clean(audit_place: AuditPlace, tmp_path: Path) -> None:
    values = await write_two_chains(audit_place)
    head = keep_head(audit_place, tmp_path / "head.json")

    assert len(values) == 9
    assert verify(audit_place, "--head", str(head)) == (0, [])
    kept = json.loads(head.read_text())
    assert sorted(mark["sequence"] for mark in kept["chains"].values()) == [2, 5]


async def test_an_entry_forged_by_another_producer_is_inserted_at_its_offset(
    audit_place: AuditPlace,
) -> None:
    values = await write_two_chains(audit_place)
    chain, _ = entry_at(values, len(values) - 1)
    # The forger knows the format and the chain (they are no secret) but not the key: it
    # signs with its own, and continues the chain where it ends.
    forger_key = Ed25519PrivateKey.generate()
    forger = Chain(chain, Signer(forger_key, key_id_of(forger_key.public_key())))
    last = decoded(len(values) - 1, values[-1]).entry
    assert last is not None
    forger.advance(last)
    forged = encode(forger.next_entry(facts(7)))
    await write_raw(audit_place.broker.admin, audit_place.topic, [forged])

    code, lines = verify(audit_place)
    head = run_jeugdhub(audit_place.env(), "audit", "head")

    assert (head.returncode, head.stdout.splitlines()) == (1, lines)  # no head for it
    assert code == 1
    assert lines == [
        f"offset 9: inserted {chain} #{last.sequence + 1}: signed by key "
        f"{key_id_of(forger_key.public_key())}, not a trusted key"
    ]


async def test_a_removed_entry_is_reported_between_its_neighbours(audit_place: AuditPlace) -> None:
    values = await write_two_chains(audit_place)
    chain, sequence = entry_at(values, 3)  # chain A's #2 (A0 A1 B0 A2 ...)
    copy = await copy_of(audit_place.broker.admin, values[:3] + values[4:])

    code, lines = verify(audit_place, "--topic", copy)

    assert code == 1
    assert lines == [
        f"offset 3: removed {chain} #{sequence}: missing after offset 1, before offset 3"
    ]


async def test_a_changed_field_is_reported_as_altered(audit_place: AuditPlace) -> None:
    values = await write_two_chains(audit_place)
    original = decoded(4, values[4]).entry
    assert original is not None
    changed = original.model_copy(update={"user": "token:000000000bad"})
    copy = await copy_of(audit_place.broker.admin, [*values[:4], encode(changed), *values[5:]])

    code, lines = verify(audit_place, "--topic", copy)

    assert code == 1
    assert lines == [
        f"offset 4: altered {original.chain} #{original.sequence}: its content does not "
        "match its signature"
    ]


async def test_two_swapped_entries_are_reported_as_reordered(audit_place: AuditPlace) -> None:
    values = await write_two_chains(audit_place)
    chain, first = entry_at(values, 0)
    _, second = entry_at(values, 1)  # A0 and A1
    copy = await copy_of(audit_place.broker.admin, [values[1], values[0], *values[2:]])

    code, lines = verify(audit_place, "--topic", copy)

    assert code == 1
    assert lines == [f"offset 1: reordered {chain} #{first}: comes after #{second} (offset 0)"]


async def test_a_truncated_end_is_reported_against_the_kept_head(
    audit_place: AuditPlace, tmp_path: Path
) -> None:
    values = await write_two_chains(audit_place)
    head = keep_head(audit_place, tmp_path / "head.json")
    chain, last = entry_at(values, 8)  # chain B's #2, the last entry; B's #1 is at 5
    copy = await copy_of(audit_place.broker.admin, values[:8])

    without_head = verify(audit_place, "--topic", copy)
    code, lines = verify(audit_place, "--topic", copy, "--head", str(head))

    # Cut off at the end, the log is consistent in itself: only the kept head shows it.
    assert without_head == (0, [])
    assert code == 1
    assert lines == [
        f"offset 5: truncated {chain} #{last}: the chain ends at #{last - 1}; the kept head "
        f"has #{last}"
    ]


async def test_a_changed_head_file_is_refused(audit_place: AuditPlace, tmp_path: Path) -> None:
    await write_two_chains(audit_place)
    head = keep_head(audit_place, tmp_path / "head.json")
    kept = json.loads(head.read_text())
    for mark in kept["chains"].values():
        mark["sequence"] -= 1  # hide the last entry of every chain from the head
    head.write_text(json.dumps(kept))

    result = run_jeugdhub(audit_place.env(), "audit", "verify", "--head", str(head))

    assert result.returncode == 1
    assert "its signature does not match its content" in result.stderr
