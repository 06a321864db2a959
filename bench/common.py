"""What the benchmarks share: an own broker, a key store, synthetic records."""

import asyncio
import base64
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from tqdm import tqdm

from connectors.publisher import EventPublisher, durable_producer
from connectors.simulator import SimulatedRecord
from jeugdhub.hub_setup import start_local_hub
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from privacy.edge import Edge
from privacy.keys import KeyStore
from registry.operations import DEMO_DIR, import_directory

PROVIDER = {"organisation_type": "PROVIDER", "code": "99000001"}


@contextmanager
def own_broker(state: Path) -> Iterator[tuple[KafkaAccess, dict[str, str]]]:
    """A broker for this run only, so a benchmark never touches the user's data.

    Its registry holds the demo's organisations, imported as the demo does it (and
    installed in this process). Yields its admin access (the benchmark's own clients)
    and the environment that lets a hub process it starts log in as its own principal.
    """
    settings = Settings(state_dir=state)
    broker = LocalBroker(settings)
    address, _ = start_local_hub(settings)
    asyncio.run(import_directory(broker.admin_access(address), DEMO_DIR))
    env = {
        "JEUGDHUB_BOOTSTRAP_SERVERS": address,
        "JEUGDHUB_KAFKA_CREDENTIALS_DIR": str(broker.principals.folder),
    }
    try:
        yield broker.admin_access(address), env
    finally:
        broker.stop()


def new_keystore(state: Path) -> tuple[KeyStore, dict[str, str]]:
    kek = os.urandom(32)
    store = KeyStore.create(state / "keys" / "keystore.json", kek)
    return store, {"JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode()}


async def load_simulated(
    admin: KafkaAccess, edge: Edge, records: Iterator[SimulatedRecord], events: int
) -> int:
    """The next ``events`` simulated records through the edge onto the event topics, with
    a progress bar; the number loaded (fewer when the simulation ends)."""
    publisher = EventPublisher(lambda: durable_producer(admin))
    await publisher.start()
    loaded = 0
    try:
        chunk = []
        for simulated in tqdm(
            islice(records, events), total=events, desc="loading", file=sys.stderr
        ):
            made = edge.person_event if simulated.kind == "person" else edge.capacity_event
            chunk.append(made(simulated.record))
            if len(chunk) == 2000:
                await publisher.publish_all(chunk, [])
                loaded += len(chunk)
                chunk = []
        await publisher.publish_all(chunk, [])
        loaded += len(chunk)
    finally:
        await publisher.stop()
    return loaded


def valid_bsns() -> Iterator[str]:
    """Synthetic BSNs that pass the 11-proef, in a fixed order."""
    number = 100_000_000
    while True:
        number += 1
        digits = str(number)
        total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=False))
        total -= int(digits[8])
        if total % 11 == 0:
            yield digits


def placement_records(count: int, per_youth: int = 4) -> list[dict[str, Any]]:
    """``count`` PlacementStarted records for count/per_youth youths, all distinct facts."""
    bsns = valid_bsns()
    records = []
    bsn = next(bsns)
    for n in range(count):
        if n % per_youth == 0:
            bsn = next(bsns)
        records.append(
            {
                "event_type": "PlacementStarted",
                "source_event_id": f"bench-{n}",
                "occurred_at": "2026-03-02",
                "youth": {"bsn": bsn, "birth_date": "2010-06-01", "municipality": "0344"},
                "care": {
                    "care_function": "residential-clinical-mental-health",
                    "provider_agb": "99000001",
                    "provider_location": "L01",
                },
                "placement_ref": {"value": f"P-{n}"},
            }
        )
    return records


def start_jeugdhub(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``jeugdhub <args>`` in its own process, with ``env`` added, logging to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "jeugdhub", *args],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until ``url``/ready answers 200; stops the benchmark with the log's end if not."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} not ready: {log.read_text()[-2000:]}")


def percentile(values: list[float], p: int) -> float:
    """The nearest-rank ``p``-th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-p * len(ordered) // 100) - 1)]


# (what it saw) -> the number it shows, or None when it is not a figure being watched.
Reading = Callable[[bytes], int | None]


class Watcher:
    """When each value of a number was first seen, on one topic or stream."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}

    def saw(self, value: int | None) -> None:
        if value is not None and value not in self.seen:
            self.seen[value] = time.perf_counter()


async def follow_topic(
    access: KafkaAccess, topic: str, on_record: Callable[[ConsumerRecord[bytes, bytes]], None]
) -> None:
    """Each record of the topic from its current end on, until cancelled."""
    consumer = AIOKafkaConsumer(enable_auto_commit=False, **access.aiokafka_options())
    await consumer.start()
    try:
        partitions = await partitions_of(access, [topic])
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        while True:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                for record in batch:
                    on_record(record)
    finally:
        await consumer.stop()


async def watch_topic(access: KafkaAccess, topic: str, reading: Reading, watcher: Watcher) -> None:
    """When each value ``reading`` finds on the topic is first seen, until cancelled."""
    await follow_topic(access, topic, lambda record: watcher.saw(reading(record.value or b"")))
