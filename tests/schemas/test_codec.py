"""Single-object encoding: every event type encodes, decodes equal, and says who wrote it."""

import pytest

from schemas.catalog import Event
from schemas.codec import MAGIC, MalformedMessageError, decode, decode_record, encode, schemas
from tests.factories import capacity_records, make_edge, person_records


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list[Event]:
    edge = make_edge(tmp_path_factory.mktemp("keys"))
    made = [edge.person_event(r).event for r in person_records()]
    return made + [edge.capacity_event(r).event for r in capacity_records()]


def test_every_event_type_decodes_equal_to_what_was_encoded(events: list[Event]) -> None:
    for event in events:
        assert decode(encode(event)) == event


def test_message_starts_with_marker_and_the_writer_schema_fingerprint(
    events: list[Event],
) -> None:
    for event in events:
        message = encode(event)
        assert message[:2] == MAGIC
        assert message[2:10] == schemas().by_name[event.avro_name].fingerprint
        assert decode_record(message)[0] == event.avro_name


def test_bytes_without_the_marker_are_refused() -> None:
    with pytest.raises(MalformedMessageError, match="C3 01"):
        decode(b'{"json": "is not avro"}')


def test_unknown_fingerprint_is_refused_with_a_hint() -> None:
    with pytest.raises(MalformedMessageError, match="unknown schema"):
        decode(MAGIC + b"\x00" * 8 + b"\x02")


def test_truncated_body_is_refused(events: list[Event]) -> None:
    with pytest.raises(MalformedMessageError, match="does not decode"):
        decode(encode(events[0])[:20])
