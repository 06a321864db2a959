"""Feed API fan-out: a release on a feed topic -> received by every one of many SSE clients.

Runs on a broker of its own: adds a subscriber, starts ``jeugdhub feed-api``, opens N
concurrent streams of that subscriber's feed (one process, so one consumer serves them
all), then writes releases one at a time and times each from just before the send until
each client has its event (p50/p99 over every client and release). The baseline, in the
same run, is a bare aiokafka consumer assigned to the same topic, timed the same way.

    python -m bench.feed_sse [--clients 200] [--releases 50]
"""

import argparse
import asyncio
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bench.common import own_broker
from connectors.publisher import durable_producer
from feeds.subscribers import SubscriberStore
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka.broker import free_port
from schemas.codec import encode
from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind
from schemas.reference.lookup import DATA_DIR
from schemas.topics import feed_topic, feed_topic_spec

SUBSCRIBER = "utrecht-stad"
KEY = f"CAPACITY/{SUBSCRIBER}".encode()
WAIT_S = 60


def placement_care_functions() -> list[str]:
    with (DATA_DIR / "care-functions.csv").open(newline="") as file:
        return [row["code"] for row in csv.DictReader(file) if row["placement"] == "true"]


def capacity_release(version: int) -> bytes:
    """A region's live capacity, three figures per care function, as egress writes it."""
    cells = [
        FeedCell(
            figure=figure,
            region=SUBSCRIBER,
            care_function=function,
            value=version % 50,
            status=CellStatus.EXACT,
        )
        for function in placement_care_functions()
        for figure in ("places_declared", "base_availability", "shortfall")
    ]
    return region_release(
        ReleaseKind.CAPACITY,
        f"capacity-{version}",
        date(2026, 4, 1),
        cells,
        protection="capacity is not personal data: exact",
    )


def region_release(
    kind: ReleaseKind,
    release_id: str,
    as_of: date,
    cells: list[FeedCell],
    *,
    protection: str,
    period_start: date | None = None,
    next_release: date | None = None,
) -> bytes:
    """One encoded release to the benchmark's region subscriber."""
    return encode(
        FeedRelease(
            release_id=release_id,
            recipient=SUBSCRIBER,
            regime="region",
            kind=kind,
            as_of=as_of,
            period_start=period_start,
            next_release=next_release,
            published_at=datetime.now(UTC),
            legal_basis="Jeugdwet (benchmark)",
            purpose="regional capacity planning (benchmark)",
            protection=protection,
            cells=cells,
        )
    )


async def _send(producer: AIOKafkaProducer, version: int) -> tuple[int, float]:
    """Send one release: its offset, and the time just before it left."""
    value = capacity_release(version)
    started = time.perf_counter()
    metadata = await producer.send_and_wait(feed_topic(SUBSCRIBER), value, key=KEY)
    return metadata.offset, started


async def _client(
    http: httpx.AsyncClient, url: str, token: str, arrivals: dict[int, list[float]]
) -> None:
    """One subscriber's stream: when each event (by its id) arrived."""
    headers = {"Authorization": f"Bearer {token}"}
    async with http.stream("GET", url, headers=headers) as response:
        if response.status_code != 200:
            raise SystemExit(f"the stream answered {response.status_code}")
        async for line in response.aiter_lines():
            if line.startswith("id:"):
                arrivals.setdefault(int(line[3:]), []).append(time.perf_counter())


async def _through_api(
    admin: KafkaAccess, url: str, token: str, args: argparse.Namespace
) -> list[float]:
    arrivals: dict[int, list[float]] = {}
    limits = httpx.Limits(max_connections=args.clients + 10)
    producer = durable_producer(admin)
    await producer.start()
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(30, read=None)) as http:
        clients = [
            asyncio.create_task(_client(http, f"{url}/v1/feed/stream", token, arrivals))
            for _ in range(args.clients)
        ]
        try:
            # Warm-up releases until every stream has one: all are then registered.
            for version in range(100):
                await _send(producer, version)
                await asyncio.sleep(0.5)
                if any(len(times) == args.clients for times in arrivals.values()):
                    break
            else:
                raise SystemExit("not every client got a warm-up release")
            return await _timed_rounds(producer, args, arrivals)
        finally:
            for task in clients:
                task.cancel()
            await asyncio.gather(*clients, return_exceptions=True)
            await producer.stop()


async def _timed_rounds(
    producer: AIOKafkaProducer, args: argparse.Namespace, arrivals: dict[int, list[float]]
) -> list[float]:
    """Release after release: from the send until every receiver had it, per receiver."""
    latencies = []
    for version in range(args.releases):
        offset, started = await _send(producer, 1000 + version)
        deadline = time.monotonic() + WAIT_S
        while len(arrivals.get(offset, [])) < args.receivers and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        times = arrivals.get(offset, [])
        if len(times) < args.receivers:
            raise SystemExit(f"release {offset}: {len(times)} of {args.receivers} got it")
        latencies += [arrived - started for arrived in times]
        await asyncio.sleep(args.interval)
    return latencies


async def _baseline(admin: KafkaAccess, args: argparse.Namespace) -> list[float]:
    partition = TopicPartition(feed_topic(SUBSCRIBER), 0)
    consumer = AIOKafkaConsumer(**admin.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    consumer.assign([partition])
    await consumer.seek_to_end(partition)
    arrivals: dict[int, list[float]] = {}

    async def consume() -> None:
        while True:
            for batch in (await consumer.getmany(partition, timeout_ms=500)).values():
                for record in batch:
                    arrivals.setdefault(record.offset, []).append(time.perf_counter())

    task = asyncio.create_task(consume())
    producer = durable_producer(admin)
    await producer.start()
    try:
        one = argparse.Namespace(**{**vars(args), "receivers": 1})
        return await _timed_rounds(producer, one, arrivals)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await producer.stop()
        await consumer.stop()


def percentiles(latencies: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def start_feed_api(state: Path, kafka_env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "JEUGDHUB_STATE_DIR": str(state), **kafka_env}
    process = subprocess.Popen(
        [sys.executable, "-m", "jeugdhub", "feed-api", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the feed API did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--releases", type=int, default=50)
    parser.add_argument(
        "--interval", type=float, default=0.2, help="seconds between timed releases"
    )
    args = parser.parse_args()
    args.receivers = args.clients

    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with subscribed_broker(state) as (admin, kafka_env, token):
            with running_feed_api(state, kafka_env) as url:
                through_api = asyncio.run(_through_api(admin, url, token, args))
            baseline = asyncio.run(_baseline(admin, args))

    print(f"SSE clients / releases       {args.clients} / {args.releases}")
    report(("feed API, every client", through_api), ("bare aiokafka (baseline)", baseline))


def report(measured: tuple[str, list[float]], baseline: tuple[str, list[float]]) -> None:
    """p50 and p99 of what was measured and of its baseline, and their ratios."""
    (name, times), (base_name, base_times) = measured, baseline
    p50, p99 = percentiles(times)
    base_p50, base_p99 = percentiles(base_times)
    print(f"{name:<30} p50 {p50:8.1f} ms   p99 {p99:8.1f} ms")
    print(f"{base_name:<30} p50 {base_p50:8.1f} ms   p99 {base_p99:8.1f} ms")
    print(f"{'ratio':<30} p50 {p50 / base_p50:8.1f}      p99 {p99 / base_p99:8.1f}")


@contextmanager
def subscribed_broker(state: Path) -> Iterator[tuple[KafkaAccess, dict[str, str], str]]:
    """A broker of this run's own with the region subscriber and its feed topic: the
    admin's access, the environment of hub processes, the subscriber's API token."""
    with own_broker(state / "broker") as (admin, kafka_env):
        asyncio.run(ensure_topics(admin, [feed_topic_spec(SUBSCRIBER)]))
        _, token = SubscriberStore(state / "feeds" / "subscribers.json").add(
            SUBSCRIBER, "region", SUBSCRIBER
        )
        yield admin, kafka_env, token


@contextmanager
def running_feed_api(state: Path, kafka_env: dict[str, str]) -> Iterator[str]:
    """``jeugdhub feed-api`` on this run's broker, once ready; its address."""
    api, url = start_feed_api(state, kafka_env)
    try:
        yield url
    finally:
        api.terminate()
        api.wait(timeout=60)


if __name__ == "__main__":
    main()
