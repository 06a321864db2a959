"""Avro single-object encoding for every topic: one codec, one place.

A message is ``C3 01`` + the 8-byte CRC-64-AVRO fingerprint of the writer's schema
(little-endian) + the Avro binary body (Avro specification, "Single-object encoding").
Any consumer can therefore tell which schema, and so which event type, wrote a message.
Several event types share the care-events topic; the fingerprint tells them apart.

Schemas are the committed ``schemas/avro/*.avsc`` files, parsed once.
"""

import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.schema import fingerprint, to_parsing_canonical_form

from jeugdhub.errors import JeugdhubError
from schemas.avro_export import AVRO_DIR
from schemas.catalog import RECORD_TYPES_BY_NAME, Event
from schemas.records import Record

MAGIC = b"\xc3\x01"
HEADER_LENGTH = len(MAGIC) + 8


class MalformedMessageError(JeugdhubError):
    """Bytes on a topic that are not a single-object-encoded Avro message of ours."""


@dataclass(frozen=True)
class WriterSchema:
    name: str
    fingerprint: bytes
    parsed: Any


@dataclass(frozen=True)
class SchemaSet:
    by_name: dict[str, WriterSchema]
    by_fingerprint: dict[bytes, WriterSchema]


def load_schemas(directory: Path = AVRO_DIR) -> SchemaSet:
    by_name = {}
    for path in sorted(directory.glob("*.avsc")):
        raw = json.loads(path.read_text())
        # parse_schema marks the result as parsed, so the writer and reader do not parse
        # it again on every message.
        parsed = parse_schema(raw)
        canonical = to_parsing_canonical_form(raw)
        fp = bytes.fromhex(fingerprint(canonical, "CRC-64-AVRO"))
        by_name[raw["name"]] = WriterSchema(raw["name"], fp, parsed)
    return SchemaSet(by_name, {schema.fingerprint: schema for schema in by_name.values()})


@cache
def schemas() -> SchemaSet:
    """The contract's schemas, parsed once per process."""
    return load_schemas()


def encode(record: Record) -> bytes:
    """An event or a dead letter, single-object encoded."""
    schema = schemas().by_name[record.avro_name]
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    buffer.write(schema.fingerprint)
    schemaless_writer(buffer, schema.parsed, record.model_dump())
    return buffer.getvalue()


def decode_record(message: bytes) -> tuple[str, dict[str, Any]]:
    """The event type's name and its plain record, without building a model.

    For hot paths (stream processors): no validation beyond Avro's own.
    """
    if len(message) < HEADER_LENGTH or message[:2] != MAGIC:
        raise MalformedMessageError("not an Avro single-object message (missing the C3 01 marker)")
    schema = schemas().by_fingerprint.get(message[2:HEADER_LENGTH])
    if schema is None:
        raise MalformedMessageError(
            f"written with an unknown schema (fingerprint {message[2:HEADER_LENGTH].hex()}); "
            "is this consumer older than the producer?"
        )
    try:
        record = schemaless_reader(io.BytesIO(message[HEADER_LENGTH:]), schema.parsed, None)
    except (EOFError, ValueError, IndexError) as error:
        raise MalformedMessageError(f"{schema.name} body does not decode: {error}") from None
    assert isinstance(record, dict)  # every writer schema is a record
    return schema.name, record


def decode(message: bytes) -> Event:
    """The validated event model of a message on an event topic."""
    event = decode_any(message)
    if isinstance(event, Event):
        return event
    raise MalformedMessageError(f"a {event.avro_name} is not an event")


def decode_any(message: bytes) -> Record:
    """The validated model of any message the codec wrote (event or dead letter)."""
    name, record = decode_record(message)
    return RECORD_TYPES_BY_NAME[name].model_validate(record)
