"""Restriction of processing (AVG art. 18) in stage 1: a youth whose set holds a
restriction marker contributes nothing anywhere, keeps its events, and counts again
once the marker's tombstone arrives (streams/DEFINITIONS.md "Restriction")."""

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.publisher import EVENT_ID_HEADER
from privacy.edge import RecordRejected
from schemas.codec import decode_record, encode
from schemas.restriction import restriction_marker
from streams.youth_stage.step import Arrival, youth_step
from tests.factories import make_edge, person_records
from tests.reference_model import recompute, recompute_justice, recompute_residents
from tests.streams.events import ZEIST_CLINIC, EventMaker
from tests.streams.pipeline import (
    Message,
    arrival_of,
    batched,
    held_after,
    placed_and_discharged,
    simulated_messages,
)

AT = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


def _marker(youth: str, version: int = 1) -> Arrival:
    """What ``jeugdhub subject restrict`` publishes under the pseudonym."""
    marker = restriction_marker(youth, version, AT)
    headers = [(EVENT_ID_HEADER, marker.envelope.event_id.encode())]
    return Arrival(marker.message_key.encode(), headers, encode(marker))


def _lifted(youth: str) -> Arrival:
    """What ``jeugdhub subject lift-restriction`` publishes: the marker's key, no value."""
    return Arrival(_marker(youth).key, [], None)


def test_a_restricted_youth_withdraws_from_every_area_but_keeps_its_events(
    make: EventMaker,
) -> None:
    youth, start, end = placed_and_discharged(make, 61)
    placed = youth_step(youth, None, [arrival_of(start), arrival_of(end)], 30)
    assert placed is not None and all(message.body for _, message in placed.messages)

    restricted = youth_step(youth, placed.stored, [_marker(youth)], 30)

    assert restricted is not None
    assert [region for region, _ in restricted.messages] == [r for r, _ in placed.messages]
    assert all(message.body == b"" for _, message in restricted.messages)
    # Kept: the table still holds both events (and the marker).
    for made in (start, end):
        assert b'["' + made.event_id.encode() + b'"' in restricted.stored
    # A replayed marker is known by its id: no step.
    assert youth_step(youth, restricted.stored, [_marker(youth)], 30) is None


def test_lifting_the_restriction_gives_back_the_contributions_of_the_whole_set(
    make: EventMaker,
) -> None:
    youth, start, end = placed_and_discharged(make, 62)
    placed = youth_step(youth, None, [arrival_of(start), arrival_of(end)], 30)
    restricted = youth_step(youth, None, [arrival_of(start), _marker(youth), arrival_of(end)], 30)
    assert placed is not None and restricted is not None
    # Each area its events name hears nothing (an earlier attempt may have told it more).
    assert restricted.messages
    assert {message.body for _, message in restricted.messages} == {b""}

    lifted = youth_step(youth, restricted.stored, [_lifted(youth)], 30)

    assert lifted is not None
    assert (lifted.stored, lifted.messages) == (placed.stored, placed.messages)


def test_events_arriving_while_restricted_count_only_after_the_lifting(make: EventMaker) -> None:
    kid = make.kid(63)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    youth = str(start.record["youth"]["pseudonym"])
    restricted = youth_step(youth, None, [_marker(youth)], 30)
    assert restricted is not None and restricted.messages == []

    arrived = youth_step(youth, restricted.stored, [arrival_of(start)], 30)
    assert arrived is not None and {message.body for _, message in arrived.messages} == {b""}

    lifted = youth_step(youth, arrived.stored, [_lifted(youth)], 30)
    fresh = youth_step(youth, None, [arrival_of(start)], 30)
    assert lifted is not None and fresh is not None
    assert lifted.messages == fresh.messages and all(m.body for _, m in lifted.messages)


def test_erasing_a_restricted_youth_removes_it_from_the_table(make: EventMaker) -> None:
    youth, start, _ = placed_and_discharged(make, 64)
    restricted = youth_step(youth, None, [arrival_of(start), _marker(youth)], 30)
    assert restricted is not None
    tombstones = [Arrival(arrival_of(start).key, [], None), _lifted(youth)]
    erased = youth_step(youth, restricted.stored, tombstones, 30)
    assert erased is not None and erased.stored == b""


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    return simulated_messages(tmp_path_factory.mktemp("restriction"))


def _restricted_youths(messages: list[Message], count: int) -> set[str]:
    youths = sorted({subject for subject, _, person in messages if person})
    return set(random.Random(11).sample(youths, count))


def test_stage_one_over_a_stream_with_markers_holds_what_it_holds_without_those_youths(
    messages: list[Message],
) -> None:
    """Over 120 simulated days, in batches and shuffled: restricting youths gives stage 2
    exactly what a stream without their events gives, and lifting gives back the whole."""
    restricted = _restricted_youths(messages, 25)
    markers: list[Message] = [(youth, _marker(youth), True) for youth in sorted(restricted)]
    with_markers = messages + markers
    random.Random(5).shuffle(with_markers)
    without = [message for message in messages if message[0] not in restricted]

    held = held_after(batched(with_markers, 300))

    assert held == held_after(batched(without, 300))
    assert held != held_after(batched(messages, 300))  # the youths did count: the test can fail
    lifts: list[Message] = [(youth, _lifted(youth), True) for youth in sorted(restricted)]
    assert held_after([*batched(with_markers, 300), lifts]) == held_after(batched(messages, 300))


def test_the_reference_leaves_out_a_restricted_youth_and_only_while_restricted(
    messages: list[Message],
) -> None:
    restricted = _restricted_youths(messages, 25)
    events = [decode_record(arrival.value) for _, arrival, _ in messages if arrival.value]
    markers = [decode_record(_marker(youth).value or b"") for youth in sorted(restricted)]
    without = [
        (name, record)
        for name, record in events
        if "youth" not in record or record["youth"]["pseudonym"] not in restricted
    ]
    for reference in (recompute, recompute_justice, recompute_residents):
        assert reference(events + markers) == reference(without)
    assert recompute(events + markers) != recompute(events)


def test_a_source_cannot_send_a_marker(tmp_path: Path) -> None:
    """Only the hub restricts: the edge refuses a raw record that claims to be a marker."""
    (record, *_) = person_records()
    with pytest.raises(RecordRejected, match="event_type"):
        make_edge(tmp_path).person_event({**record, "event_type": "ProcessingRestricted"})
