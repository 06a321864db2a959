"""aiokafka against the real broker: the delivery guarantees the hub relies on."""

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from jeugdhub.kafka_access import KafkaAccess
from tests.conftest import TopicFactory


async def _read_all(
    access: KafkaAccess, topic: str, expected: int, **options: object
) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, **access.aiokafka_options(), auto_offset_reset="earliest", **options
    )
    await consumer.start()
    values: list[bytes] = []
    try:
        for _ in range(20):
            batches = await consumer.getmany(timeout_ms=500)
            values += [msg.value for msgs in batches.values() for msg in msgs if msg.value]
            if len(values) >= expected:
                break
    finally:
        await consumer.stop()
    return values


async def test_idempotent_producer_messages_arrive_in_order(
    kafka_admin: KafkaAccess, new_topic: TopicFactory
) -> None:
    topic = await new_topic()
    producer = AIOKafkaProducer(
        **kafka_admin.aiokafka_options(), acks="all", enable_idempotence=True
    )
    await producer.start()
    try:
        for i in range(50):
            await producer.send_and_wait(topic, f"event-{i}".encode(), key=b"youth")
    finally:
        await producer.stop()

    values = await _read_all(kafka_admin, topic, 50)

    assert values == [f"event-{i}".encode() for i in range(50)]


async def test_aborted_transaction_is_invisible_to_read_committed(
    kafka_admin: KafkaAccess, new_topic: TopicFactory
) -> None:
    topic = await new_topic()
    producer = AIOKafkaProducer(**kafka_admin.aiokafka_options(), transactional_id=topic)
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send(topic, b"committed")
        await producer.begin_transaction()
        await producer.send(topic, b"aborted")
        await producer.abort_transaction()
        async with producer.transaction():
            await producer.send(topic, b"after")
    finally:
        await producer.stop()

    values = await _read_all(kafka_admin, topic, 2, isolation_level="read_committed")

    assert values == [b"committed", b"after"]
