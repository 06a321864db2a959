"""Events through the real broker: every type round-trips, and no identifier ever lands.

The scan test plants a BSN, name, birth date, postcode, street and free text in the raw
input, publishes through the one public path (edge → publisher), then reads every topic
on the broker and every log line the run produced, and looks for each planted value in
the forms it could take.
"""

import logging
from pathlib import Path

import pytest

from connectors.publisher import EventPublisher, durable_producer, message_key
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from privacy.edge import Edge, RecordRejected
from schemas.catalog import EVENT_TYPES
from schemas.codec import decode
from schemas.person_events import PlacementStarted, subject_of
from schemas.topics import CAPACITY, CARE_EVENTS
from tests.factories import Identity, capacity_records, make_edge, person_records
from tests.kafka_reading import read_to_end


@pytest.fixture
async def publisher(kafka_admin: KafkaAccess):  # type: ignore[no-untyped-def]
    await ensure_topics(kafka_admin)
    publisher = EventPublisher(lambda: durable_producer(kafka_admin))
    await publisher.start()
    yield publisher
    await publisher.stop()


async def test_every_event_type_round_trips_through_the_broker(
    kafka_admin: KafkaAccess, publisher: EventPublisher, tmp_path: Path
) -> None:
    edge = make_edge(tmp_path)
    vetted = [edge.person_event(r) for r in person_records(prefix="roundtrip")]
    vetted += [edge.capacity_event(r) for r in capacity_records(prefix="roundtrip-capacity")]
    for item in vetted:
        await publisher.publish(item)

    sent = {item.event.envelope.event_id: item.event for item in vetted}
    received = {}
    partitions: dict[tuple[str, bytes], set[int]] = {}
    for record in await read_to_end(kafka_admin, [CARE_EVENTS, CAPACITY]):
        event = decode(record.value)
        if event.envelope.event_id in sent:
            received[event.envelope.event_id] = event
            assert record.key == message_key(event)
            partitions.setdefault((record.topic, subject_of(record.key)), set()).add(
                record.partition
            )

    assert received == sent
    # One key per event, yet all events of a subject in one partition, in order.
    assert all(len(used) == 1 for used in partitions.values())
    assert {type(e) for e in received.values()} == set(EVENT_TYPES)


async def test_publisher_refuses_an_event_that_did_not_pass_the_edge(
    publisher: EventPublisher, tmp_path: Path
) -> None:
    event = make_edge(tmp_path).person_event(person_records()[4]).event
    assert isinstance(event, PlacementStarted)

    with pytest.raises(TypeError, match=r"privacy\.edge"):
        await publisher.publish(event)  # type: ignore[arg-type]


def planted_forms(who: Identity) -> list[bytes]:
    """Every way a planted value could show up in bytes on a topic or in a log."""
    birth = who.birth_date
    texts = [
        who.bsn,
        who.name,
        who.name.split()[-1],
        who.street,
        who.comment,
        who.postcode,
        who.postcode.replace(" ", ""),
        birth.isoformat(),
        birth.strftime("%d-%m-%Y"),
        birth.strftime("%Y%m%d"),
    ]
    forms = [text.encode() for text in texts]
    forms += [text.encode("utf-16-le") for text in texts]
    return forms


async def test_no_planted_identifier_reaches_any_topic_or_log(
    kafka_admin: KafkaAccess,
    publisher: EventPublisher,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    who = Identity(
        bsn="123456782",
        name="Pietje Geplant",
        street="Plantsoenstraat",
        postcode="3822 XY",
        comment="vertrouwelijk: Pietje Geplant woont bij oma",
    )
    edge: Edge = make_edge(tmp_path)
    published = [edge.person_event(record) for record in person_records(who, prefix="scan")]
    for item in published:
        await publisher.publish(item)
    rejected_bsn = "123456783"  # fails the 11-proef
    rejected = person_records(Identity(bsn=rejected_bsn, name=who.name), prefix="scan-bad")[0]
    with pytest.raises(RecordRejected) as error:
        edge.person_event(rejected)

    records = await read_to_end(kafka_admin)
    ours = {item.event.envelope.event_id for item in published}
    on_kafka = {
        value.decode() for record in records for name, value in record.headers if name == "event-id"
    }
    landed = [record.value or b"" for record in records] + [record.key or b"" for record in records]
    landed += [name.encode() + value for record in records for name, value in record.headers]
    logs = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records).encode()

    assert [problem.field for problem in error.value.problems] == ["youth.bsn"]
    assert ours <= on_kafka  # the scan read this test's records, not only other tests'
    forms = [*planted_forms(who), rejected_bsn.encode(), rejected_bsn.encode("utf-16-le")]
    for form in forms:
        assert not any(form in blob for blob in landed), form
        assert form not in logs, form
        assert form not in str(error.value).encode(), form
