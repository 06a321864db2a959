"""Stage 1's step over batches gives what stage 2 needs, whatever the batching, and
a replayed batch changes nothing; bundles carry the messages unchanged. The batches run
through the worker's own batch step and stage-2 hold (``tests.streams.pipeline``)."""

import random

import pytest

from schemas.codec import decode_record
from streams.messages import (
    BUNDLE_BYTES,
    LOCATION,
    PROVIDERS,
    RESIDENTS,
    YOUTH,
    RegionMessage,
    bundles,
    unbundle,
)
from streams.regional import contribution_from_bytes
from streams.youth_stage.step import Arrival, location_step, youth_step
from tests.streams.events import ZEIST_CLINIC, EventMaker
from tests.streams.pipeline import (
    Message,
    Stages,
    arrival_of,
    batched,
    held_after,
    placed_and_discharged,
    simulated_messages,
    tombstone_of,
)


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    return simulated_messages(tmp_path_factory.mktemp("edge"))


def test_batches_of_any_size_give_the_contributions_of_the_whole_set(
    messages: list[Message],
) -> None:
    expected = {
        (region, YOUTH, youth): contribution
        for (region, youth), contribution in _stages_of(messages).contributions().items()
    }
    one_by_one = held_after(batched(messages, 1))
    shuffled = messages[:]
    random.Random(4).shuffle(shuffled)
    for held in (
        one_by_one,
        held_after(batched(messages, 500)),
        held_after(batched(shuffled, 2000)),
    ):
        youths = {
            key: contribution_from_bytes(body) for key, body in held.items() if key[1] == YOUTH
        }
        assert youths == expected
        assert {key: body for key, body in held.items() if key[1] == LOCATION} == {
            key: body for key, body in one_by_one.items() if key[1] == LOCATION
        }


def _stages_of(messages: list[Message]) -> Stages:
    return Stages().feed(decode_record(arrival.value) for _, arrival, _ in messages)


def test_a_replayed_or_resubmitted_event_is_no_step(messages: list[Message]) -> None:
    youth, arrival, _ = next(message for message in messages if message[2])
    first = youth_step(youth, None, [arrival], 30)
    assert first is not None
    assert youth_step(youth, first.stored, [arrival], 30) is None
    # Without the header the event is decoded, and found in the set all the same.
    assert youth_step(youth, first.stored, [Arrival(arrival.key, [], arrival.value)], 30) is None
    location, capacity_arrival, _ = next(message for message in messages if not message[2])
    located = location_step(location, None, [capacity_arrival])
    assert located is not None
    assert location_step(location, located.stored, [capacity_arrival]) is None


def test_a_youth_who_leaves_a_region_gets_a_tombstone_there(make: EventMaker) -> None:
    """A youth from Amersfoort (eemland) placed in Zeist (zuid-oost-utrecht) touches both
    regions, Amersfoort as its municipality of residence, and the provider's parts of both
    regions; when the placement is retracted, all get an empty contribution."""
    kid = make.kid(41)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    youth = str(start.record["youth"]["pseudonym"])
    placed = youth_step(youth, None, [arrival_of(start)], 30)
    assert placed is not None
    assert [region for region, _ in placed.messages] == [
        "0307",
        "99000001@eemland",
        "99000001@zuid-oost-utrecht",
        "eemland",
        "zuid-oost-utrecht",
    ]
    assert all(message.body for _, message in placed.messages)
    undone = youth_step(
        youth, placed.stored, [arrival_of(make.retracted("2026-03-03", kid, start))], 30
    )
    assert undone is not None
    assert undone.messages == [
        ("0307", RegionMessage(RESIDENTS, youth, b"")),
        ("99000001@eemland", RegionMessage(PROVIDERS, youth, b"")),
        ("99000001@zuid-oost-utrecht", RegionMessage(PROVIDERS, youth, b"")),
        ("eemland", RegionMessage(YOUTH, youth, b"")),
        ("zuid-oost-utrecht", RegionMessage(YOUTH, youth, b"")),
    ]


def test_an_erased_youth_leaves_every_area_and_the_table(make: EventMaker) -> None:
    youth, start, end = placed_and_discharged(make, 42)
    placed = youth_step(youth, None, [arrival_of(start), arrival_of(end)], 30)
    assert placed is not None

    erased = youth_step(youth, placed.stored, [tombstone_of(start), tombstone_of(end)], 30)

    assert erased is not None
    assert erased.stored == b""  # the store's key is deleted
    assert [region for region, _ in erased.messages] == [region for region, _ in placed.messages]
    assert all(message.body == b"" for _, message in erased.messages)


def test_erasing_one_event_recomputes_the_youth_without_it(make: EventMaker) -> None:
    youth, start, end = placed_and_discharged(make, 43)
    both = youth_step(youth, None, [arrival_of(start), arrival_of(end)], 30)
    only_start = youth_step(youth, None, [arrival_of(start)], 30)
    assert both is not None and only_start is not None

    erased = youth_step(youth, both.stored, [tombstone_of(end)], 30)

    assert erased is not None
    assert (erased.stored, erased.messages) == (only_start.stored, only_start.messages)


def test_a_replay_before_compaction_reads_the_event_and_its_tombstone(make: EventMaker) -> None:
    # After a restart the worker reads the event again, then the tombstone after it.
    kid = make.kid(44)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    youth = str(start.record["youth"]["pseudonym"])

    replayed = youth_step(youth, None, [arrival_of(start), tombstone_of(start)], 30)

    assert replayed is not None and replayed.stored == b""
    # A tombstone of an event the youth does not hold (compacted away, or read again)
    # changes nothing.
    assert youth_step(youth, None, [tombstone_of(start)], 30) is None


def test_an_event_after_the_erasure_counts_anew(make: EventMaker) -> None:
    kid = make.kid(45)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    later = make.ended("2026-03-20", kid, "P-1", care=ZEIST_CLINIC)
    youth = str(start.record["youth"]["pseudonym"])
    placed = youth_step(youth, None, [arrival_of(start)], 30)
    assert placed is not None
    erased = youth_step(youth, placed.stored, [tombstone_of(start)], 30)
    assert erased is not None

    after = youth_step(youth, erased.stored or None, [arrival_of(later)], 30)
    fresh = youth_step(youth, None, [arrival_of(later)], 30)

    # As if the youth were new: the discharge lacks its start (an orphan, counted nowhere).
    assert after is not None and fresh is not None
    assert after.stored == fresh.stored


def test_bundles_keep_every_message_in_order_and_stay_small() -> None:
    rng = random.Random(2)
    messages = [
        (
            rng.randrange(2**64),
            RegionMessage(
                rng.choice((YOUTH, LOCATION)), f"s{n}", rng.randbytes(rng.randint(0, 9000))
            ),
        )
        for n in range(400)
    ]
    encoded = list(bundles(messages))
    assert len(encoded) > 1
    assert all(len(bundle) <= BUNDLE_BYTES + 9100 for bundle in encoded)
    assert [message for bundle in encoded for message in unbundle(bundle)] == messages
    assert list(bundles([])) == []
