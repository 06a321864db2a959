"""A faust app that reads the worker's input topics the way the worker does and does
nothing with them: the floor of faust's own per-message cost on this machine.

Run by ``bench.streams_throughput`` as ``python -m bench.faust_floor worker``. When it has
seen ``FLOOR_EXPECTED`` messages it writes the wall-clock times of its first and last
message as JSON to ``FLOOR_RESULT`` and exits.
"""

import json
import os
import time
from pathlib import Path
from typing import Any

import faust

from jeugdhub.kafka_access import KafkaAccess
from schemas.topics import CAPACITY, CARE_EVENTS, JUSTICE_EVENTS
from streams.youth_stage.batches import BATCH_MESSAGES, BATCH_WITHIN_S

app = faust.App(
    os.environ["FLOOR_APP_ID"],
    **KafkaAccess(
        os.environ["FLOOR_BOOTSTRAP"], os.environ["FLOOR_USERNAME"], os.environ["FLOOR_PASSWORD"]
    ).faust_options(),
    datadir=os.environ["FLOOR_DATADIR"],
    store="memory://",
    web_enabled=False,
)
expected = int(os.environ["FLOOR_EXPECTED"])
seen = {"count": 0, "first": 0.0}


def _count(messages: int) -> None:
    if not seen["count"]:
        seen["first"] = time.time()
    seen["count"] += messages
    if seen["count"] >= expected:
        times = {"first": seen["first"], "last": time.time()}
        Path(os.environ["FLOOR_RESULT"]).write_text(json.dumps(times))
        os._exit(0)  # faust's orderly shutdown takes seconds and measures nothing


def _input(name: str) -> Any:
    return app.topic(name, key_serializer="raw", value_serializer="raw", acks=False)


@app.agent(_input(CARE_EVENTS))
async def person_events(stream: Any) -> None:
    async for batch in stream.take_events(BATCH_MESSAGES, within=BATCH_WITHIN_S):
        _count(len(batch))


@app.agent(_input(JUSTICE_EVENTS))
async def justice_events(stream: Any) -> None:
    async for batch in stream.take_events(BATCH_MESSAGES, within=BATCH_WITHIN_S):
        _count(len(batch))


@app.agent(_input(CAPACITY))
async def capacity_events(stream: Any) -> None:
    async for batch in stream.take_events(BATCH_MESSAGES, within=BATCH_WITHIN_S):
        _count(len(batch))


if __name__ == "__main__":
    app.main()
