"""The migration plan (``privacy.migration``): re-keyed copies that are exactly what the
edge makes under the new key, retractions of the old copies, nothing twice."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord

from connectors.key_migration import still_held
from connectors.publisher import message_key
from privacy.edge import Edge, VettedEvent
from privacy.keys import KeyDomain, KeyStore
from privacy.migration import TopicEvent, migration_retraction_id, plan_migration
from privacy.pseudonym import Pseudonymiser, Rekeyer
from privacy.subjects import restriction_markers
from schemas.codec import decode_record, encode
from schemas.person_events import EventRetracted
from schemas.topics import CARE_EVENTS, JUSTICE_EVENTS
from schemas.vocabulary import RetractionReason
from tests.factories import Identity, person_records

NOON = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _justice(record: dict[str, Any]) -> dict[str, Any]:
    if "care" not in record:
        return record
    return {**record, "care": {**record["care"], "legal_framework": "CHILD_PROTECTION_MEASURE"}}


def _raw_records() -> list[dict[str, Any]]:
    general = person_records(Identity(), prefix="g")
    justice = [_justice(record) for record in person_records(Identity(), prefix="j")]
    return [*general, *justice]


def _ingest(edge: Edge, records: list[dict[str, Any]]) -> list[VettedEvent]:
    justice_ids: set[str] = set()
    vetted = []
    for record in records:
        event = edge.person_event(record, justice_ids)
        if event.justice:
            justice_ids.add(event.event.envelope.event_id)
        vetted.append(event)
    return vetted


def _on_topic(vetted: list[VettedEvent]) -> list[TopicEvent]:
    """As the migration reads them: decoded from the bytes on Kafka."""
    return [TopicEvent(*decode_record(encode(v.event)), justice=v.justice) for v in vetted]


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore.create(tmp_path / "keystore.json", os.urandom(32))


def test_copies_are_what_the_edge_makes_under_the_new_key(keys: KeyStore) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    before = _ingest(edge, _raw_records())
    keys.rotate()
    after = _ingest(edge, _raw_records())

    plan = plan_migration(_on_topic(before), Rekeyer(keys, 1, 2))

    assert plan.under_old_version == len(before)
    assert [(c.event, c.justice) for c in plan.copies] == [(a.event, a.justice) for a in after]
    assert {a.justice for a in after} == {True, False}


def test_every_old_event_but_a_retraction_is_retracted_under_its_old_pseudonym(
    keys: KeyStore,
) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    before = _ingest(edge, _raw_records())
    keys.rotate()

    plan = plan_migration(_on_topic(before), Rekeyer(keys, 1, 2))

    kept = [v for v in before if not isinstance(v.event, EventRetracted)]
    assert len(kept) < len(before)  # the factories' records hold source retractions
    assert len(plan.retractions) == len(kept)
    for old, retraction in zip(kept, plan.retractions, strict=True):
        event = retraction.event
        assert isinstance(event, EventRetracted)
        assert event.retracted_event_id == old.event.envelope.event_id
        assert event.key == old.event.key  # the old youth's state, where the old copy is
        assert retraction.justice == old.justice
        assert event.reason is RetractionReason.CORRECTED
        assert event.envelope.event_id == migration_retraction_id(old.event.envelope.event_id)


def test_a_second_run_and_a_later_resubmission_find_nothing_to_do(keys: KeyStore) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    before = _ingest(edge, _raw_records())
    keys.rotate()
    rekeyer = Rekeyer(keys, 1, 2)
    first = plan_migration(_on_topic(before), rekeyer)

    second = plan_migration(_on_topic([*before, *first.events]), rekeyer)

    assert (second.copies, second.retractions) == ([], [])
    assert second.under_old_version == len(before)  # its own retractions are not counted
    # The same facts sent again now get the ids of their migrated copies.
    resent = {v.event.envelope.event_id for v in _ingest(edge, _raw_records())}
    assert resent == {copy.event.envelope.event_id for copy in first.copies}


def test_events_under_the_current_version_are_left_alone(keys: KeyStore) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    keys.rotate()
    current = _ingest(edge, _raw_records())

    plan = plan_migration(_on_topic(current), Rekeyer(keys, 1, 2))

    assert (plan.events, plan.under_old_version) == ([], 0)


def test_an_event_on_the_topic_twice_is_copied_and_retracted_once(keys: KeyStore) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    before = _ingest(edge, _raw_records()[:1])
    keys.rotate()

    plan = plan_migration(_on_topic([*before, *before]), Rekeyer(keys, 1, 2))

    assert (len(plan.copies), len(plan.retractions)) == (1, 1)


def test_an_event_erased_before_the_migration_is_not_carried_over(keys: KeyStore) -> None:
    edge = Edge(Pseudonymiser(keys), clock=lambda: NOON)
    before = _ingest(edge, person_records(Identity(), prefix="g"))
    erased, *kept = before
    keys.rotate()

    def on_topic(value: bytes | None, vetted: VettedEvent) -> ConsumerRecord[bytes, bytes]:
        key = message_key(vetted.event)
        return ConsumerRecord(CARE_EVENTS, 0, 0, 0, 0, key, value, None, len(key), 0, [])

    messages = [on_topic(encode(v.event), v) for v in before] + [on_topic(None, erased)]
    plan = plan_migration(still_held(messages), Rekeyer(keys, 1, 2))

    assert plan.under_old_version == len(kept)
    copied = {copy.event.envelope.event_id for copy in plan.copies}
    assert Rekeyer(keys, 1, 2).rekey(KeyDomain.CASE, erased.event.envelope.event_id) not in copied


def test_a_restriction_marker_is_carried_to_the_new_pseudonym(keys: KeyStore) -> None:
    """``keys migrate`` re-keys the restriction too: under the current version the youth
    stays restricted, in both domains; a second run finds nothing to do."""
    bsn = Identity().bsn
    on_topic = [
        TopicEvent(*decode_record(encode(marker)), justice=topic == JUSTICE_EVENTS)
        for topic, marker in restriction_markers(keys, bsn, NOON)
    ]
    assert len(on_topic) == 2  # general and justice, one version
    keys.rotate()
    rekeyer = Rekeyer(keys, 1, 2)

    plan = plan_migration(on_topic, rekeyer)

    assert plan.events == [] and plan.pending == 2  # markers only, never retracted
    carried = {(justice, marker.youth.pseudonym) for justice, marker in plan.restrictions}
    current = Pseudonymiser(keys)
    assert carried == {
        (False, current.pseudonymise_with(KeyDomain.YOUTH, bsn, 2).value),
        (True, current.pseudonymise_with(KeyDomain.JUSTICE_YOUTH, bsn, 2).value),
    }
    # Exactly the markers a restriction made now would publish under version 2.
    now = {marker.youth.pseudonym: marker for _, marker in restriction_markers(keys, bsn, NOON)}
    for _, marker in plan.restrictions:
        assert marker == now[marker.youth.pseudonym]
    copies = [
        TopicEvent(*decode_record(encode(marker)), justice=justice)
        for justice, marker in plan.restrictions
    ]
    assert plan_migration([*on_topic, *copies], rekeyer).pending == 0
