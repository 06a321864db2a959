"""`jeugdhub deadletter replay` as an operator runs it: ``--all``, twice, and during an outage.

A broker of this module's own: ``--all`` replays every letter on the broker, and the
suite's shared broker holds letters other tests sealed with other key stores. The
outage test stops and restarts that broker.
"""

import asyncio
import json
from collections.abc import Iterator

import pytest

from connectors.publisher import EventPublisher, durable_producer
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from schemas.deadletter import DeadLetter
from schemas.records import Source
from schemas.topics import CARE_EVENTS
from schemas.vocabulary import OrganisationType
from tests.cli.operator import operator_env, operator_sealer
from tests.commands import run_jeugdhub
from tests.conftest import HubBroker, start_hub_broker
from tests.factories import person_records
from tests.kafka_reading import event_id_counts

PROVIDER = Source(organisation_type=OrganisationType.PROVIDER, code="99000001")
STILL_INVALID_BSN = "999991104"  # fails the 11-proef before and after the "fix"
PURPOSE = ("--purpose", "ticket 2026-42: replay after the sender's fix")  # audited


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalBroker, HubBroker]]:
    local, running = start_hub_broker(Settings(state_dir=tmp_path_factory.mktemp("broker")))
    yield local, running
    local.stop()


@pytest.fixture(scope="module")
def operator(
    broker: tuple[LocalBroker, HubBroker], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The environment of an operator's shell, on this module's broker."""
    return operator_env(tmp_path_factory.mktemp("operator"), broker[1].env())


def _letter(operator: dict[str, str], prefix: str, bsn: str | None = None) -> DeadLetter:
    """A letter as an earlier hub version left it: a record it rejected (``problems`` as
    that version saw them do not matter to a replay)."""
    record = person_records(prefix=prefix)[0]
    if bsn is not None:
        record["youth"]["bsn"] = bsn
    return operator_sealer(operator).seal(
        payload=json.dumps(record).encode(),
        submitted_by=PROVIDER,
        channel="json",
        locator="records[0]",
        problems=[],
    )


async def _publish(access: KafkaAccess, letters: list[DeadLetter]) -> None:
    await ensure_topics(access)
    publisher = EventPublisher(lambda: durable_producer(access))
    await publisher.start()
    try:
        await publisher.publish_all([], letters)
    finally:
        await publisher.stop()


def _care_event_ids(access: KafkaAccess) -> dict[str, int]:
    return dict(asyncio.run(event_id_counts(access, [CARE_EVENTS])))


def _new_ids(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {event_id: count for event_id, count in after.items() if event_id not in before}


def test_replay_all_publishes_every_fixed_letter_once_and_names_those_still_failing(
    operator: dict[str, str], broker: tuple[LocalBroker, HubBroker]
) -> None:
    access = broker[1].admin
    fixed = [_letter(operator, "all-fixed-1"), _letter(operator, "all-fixed-2")]
    failing = _letter(operator, "all-failing", bsn=STILL_INVALID_BSN)
    asyncio.run(_publish(access, [*fixed, failing]))
    before = _care_event_ids(access)

    replayed = run_jeugdhub(operator, "deadletter", "replay", "--all", *PURPOSE)

    assert replayed.returncode == 1  # one letter still fails
    assert replayed.stdout == ""
    failing_lines = [line for line in replayed.stderr.splitlines() if "youth.bsn" in line]
    assert [line.split()[0] for line in failing_lines] == [failing.dead_letter_id]
    assert STILL_INVALID_BSN not in replayed.stderr
    assert list(_new_ids(before, _care_event_ids(access)).values()) == [1] * len(fixed)


def test_replaying_the_same_letter_twice_publishes_its_event_once(
    operator: dict[str, str], broker: tuple[LocalBroker, HubBroker]
) -> None:
    access = broker[1].admin
    letter = _letter(operator, "twice")
    asyncio.run(_publish(access, [letter]))
    before = _care_event_ids(access)

    first = run_jeugdhub(operator, "deadletter", "replay", letter.dead_letter_id, *PURPOSE)
    after_first = _care_event_ids(access)
    second = run_jeugdhub(operator, "deadletter", "replay", letter.dead_letter_id, *PURPOSE)

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert list(_new_ids(before, after_first).values()) == [1]
    assert _care_event_ids(access) == after_first  # the second replay was a duplicate


@pytest.mark.slow
def test_replay_while_the_broker_is_down_fails_clearly_and_succeeds_once_it_is_back(
    operator: dict[str, str], broker: tuple[LocalBroker, HubBroker]
) -> None:
    local, running = broker
    letter = _letter(operator, "outage")
    asyncio.run(_publish(running.admin, [letter]))
    before = _care_event_ids(running.admin)

    local.stop()
    try:
        during = run_jeugdhub(operator, "deadletter", "replay", letter.dead_letter_id, *PURPOSE)
    finally:
        restarted, _ = local.start()
    assert restarted == running.admin.bootstrap_servers
    after_outage = _care_event_ids(running.admin)
    again = run_jeugdhub(operator, "deadletter", "replay", letter.dead_letter_id, *PURPOSE)

    assert during.returncode == 1, during.stderr
    assert "Traceback" not in during.stderr
    # Its audit entry comes first, and cannot be written: nothing is done (fail closed).
    assert "audit trail" in during.stderr
    assert after_outage == before  # nothing was half-published
    assert again.returncode == 0, again.stderr
    assert list(_new_ids(before, _care_event_ids(running.admin)).values()) == [1]
