"""A subscriber's reader that shares no code with the hub: confluent-kafka (librdkafka)
with the subscriber's SCRAM credentials, and fastavro with the published schema file."""

import io
import json
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer, KafkaError, TopicPartition
from fastavro import parse_schema, schemaless_reader
from fastavro.schema import fingerprint, to_parsing_canonical_form

PUBLISHED_SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "avro" / "FeedRelease.avsc"
SINGLE_OBJECT_MAGIC = b"\xc3\x01"


def decode_release(value: bytes) -> dict[str, Any]:
    """A single-object-encoded FeedRelease, read with the published schema alone."""
    raw = json.loads(PUBLISHED_SCHEMA.read_text())
    expected = bytes.fromhex(fingerprint(to_parsing_canonical_form(raw), "CRC-64-AVRO"))
    assert value[:2] == SINGLE_OBJECT_MAGIC, "not Avro single-object encoding"
    assert value[2:10] == expected, "written with another schema than the published one"
    record: dict[str, Any] = schemaless_reader(io.BytesIO(value[10:]), parse_schema(raw))
    return record


def read_feed(config: dict[str, str], topic: str, group: str) -> list[tuple[str, dict[str, Any]]]:
    """(key, release) of every record now on ``topic``; raises on any refusal."""
    consumer = Consumer(
        {**config, "group.id": group, "enable.auto.commit": False, "auto.offset.reset": "earliest"}
    )
    try:
        consumer.assign([TopicPartition(topic, 0, 0)])
        _, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=30)
        records: list[tuple[str, dict[str, Any]]] = []
        while len(records) < high:
            message = consumer.poll(10)
            if message is None:
                raise TimeoutError(f"{topic}: {len(records)} of {high} records read")
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(str(error))
            records.append((message.key().decode(), decode_release(message.value())))
        return records
    finally:
        consumer.close()
