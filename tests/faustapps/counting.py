"""A minimal faust app for the platform test: counts messages per key in a RocksDB table.

Run as a real worker process: ``python -m faust -A tests.faustapps.counting worker``.
Broker, credentials, topic and state folder come from the environment the test sets.
"""

import os

import faust

from jeugdhub.kafka_access import KafkaAccess

access = KafkaAccess(
    os.environ["COUNTING_BOOTSTRAP"],
    os.environ["COUNTING_USERNAME"],
    os.environ["COUNTING_PASSWORD"],
)
app = faust.App(
    os.environ["COUNTING_APP_ID"],
    **access.faust_options(),
    store="rocksdb://",
    datadir=os.environ["COUNTING_DATADIR"],
    topic_partitions=2,
    topic_replication_factor=1,
    web_enabled=False,
)
source = app.topic(
    os.environ["COUNTING_SOURCE"], key_type=bytes, value_type=bytes, value_serializer="raw"
)
counts = app.Table("counts", default=int, partitions=2)


@app.agent(source)
async def count(stream: faust.StreamT[bytes]) -> None:
    async for key, _ in stream.items():
        counts[key.decode()] += 1
