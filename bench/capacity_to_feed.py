"""A capacity change at the gateway -> visible in a region's feed and in its SSE stream.

Runs the whole hub on a broker of its own: a worker, the gateway, the egress and the feed
API, with one region subscriber (utrecht-stad, regime `region`). It then declares new
places for one location through the gateway, one change at a time, and times each from
the gateway's answer (the change is on Kafka) until it shows
- in the worker's internal region figures (the baseline, measured in the same run: what
  the stream processors alone take),
- in the region's feed topic, read with the region's own credentials,
- in the region's SSE stream from the feed API.
Prints p50/p99 of each and the feed's and stream's ratio to the baseline.

    python -m bench.capacity_to_feed [--changes 30]
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer

from bench.common import PROVIDER, new_keystore, own_broker
from connectors.gateway.tokens import TokenStore
from feeds.enrolment import enrol
from feeds.subscribers import SubscriberStore, principal_of
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of
from jeugdhub.localkafka.broker import free_port
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any
from schemas.feeds import FeedRelease
from schemas.records import Source
from schemas.topics import REGION_FIGURES, feed_topic

REGION = "utrecht-stad"
SUBSCRIBER = f"region-{REGION}"
FUNCTION = "residential-clinical-mental-health"  # declared at Altrecht's L01 in Utrecht
WAIT_S = 120

# (what it saw) -> the places it shows, or None when it is not a capacity figure of ours.
Reading = Callable[[bytes], int | None]


def _internal(value: bytes) -> int | None:
    figures = decode_any(value)
    if not isinstance(figures, RegionFiguresPublished) or figures.region != REGION:
        return None
    return next((n.places_declared for n in figures.now if n.care_function == FUNCTION), None)


def _from_release(release: dict[str, object] | FeedRelease) -> int | None:
    data = release.model_dump(mode="json") if isinstance(release, FeedRelease) else release
    if data["kind"] != "CAPACITY":
        return None
    cells = data["cells"]
    assert isinstance(cells, list)
    found = [
        c["value"]
        for c in cells
        if c["figure"] == "places_declared" and c["care_function"] == FUNCTION
    ]
    return found[0] if found else None


def _fed(value: bytes) -> int | None:
    release = decode_any(value)
    return _from_release(release) if isinstance(release, FeedRelease) else None


class Watcher:
    """When each value of places was first seen, on one topic or stream."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}

    def saw(self, places: int | None) -> None:
        if places is not None and places not in self.seen:
            self.seen[places] = time.perf_counter()


async def _watch_topic(access: KafkaAccess, topic: str, reading: Reading, watcher: Watcher) -> None:
    consumer = AIOKafkaConsumer(enable_auto_commit=False, **access.aiokafka_options())
    await consumer.start()
    try:
        partitions = await partitions_of(access, [topic])
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        while True:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                for message in batch:
                    watcher.saw(reading(message.value or b""))
    finally:
        await consumer.stop()


async def _watch_stream(url: str, token: str, watcher: Watcher) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(timeout=None) as client,
        client.stream("GET", f"{url}/v1/feed/stream", headers=headers) as response,
    ):
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                watcher.saw(_from_release(json.loads(line[5:])["release"]))


def capacity_record(places: int, n: int) -> dict[str, object]:
    """The n-th declaration of places at L01 (also sent by the dashboard's live test)."""
    return {
        "event_type": "PlacesDeclared",
        "source_event_id": f"bench-capacity-{n}",
        # A later declaration wins by its event date (streams/DEFINITIONS.md): one a day.
        "occurred_at": (date(2026, 3, 2) + timedelta(days=n)).isoformat(),
        "provider_agb": "99000001",
        "location_code": "L01",
        "care_function": FUNCTION,
        "details": {"places": places, "valid_from": "2026-01-01"},
    }


@dataclass(frozen=True)
class Hub:
    gateway: str
    token: str  # the provider's, at the gateway
    feed_api: str
    api_token: str  # the region subscriber's, at the feed API
    admin: KafkaAccess
    region: KafkaAccess  # the region subscriber's own


async def _measure(hub: Hub, changes: int) -> dict[str, list[float]]:
    watchers = {"internal figures": Watcher(), "region feed": Watcher(), "SSE stream": Watcher()}
    tasks = [
        asyncio.create_task(
            _watch_topic(hub.admin, REGION_FIGURES, _internal, watchers["internal figures"])
        ),
        asyncio.create_task(
            _watch_topic(hub.region, feed_topic(SUBSCRIBER), _fed, watchers["region feed"])
        ),
        asyncio.create_task(_watch_stream(hub.feed_api, hub.api_token, watchers["SSE stream"])),
    ]
    latencies: dict[str, list[float]] = {name: [] for name in watchers}
    headers = {"Authorization": f"Bearer {hub.token}"}
    try:
        async with httpx.AsyncClient(timeout=60) as http:
            for n in range(changes + 1):
                places = 100 + n
                body = {"records": [capacity_record(places, n)]}
                answer = await http.post(f"{hub.gateway}/v1/events", json=body, headers=headers)
                if answer.status_code != 200:
                    raise SystemExit(f"gateway answered {answer.status_code}: {answer.text[:300]}")
                accepted = time.perf_counter()
                deadline = accepted + WAIT_S
                while not all(places in w.seen for w in watchers.values()):
                    if time.perf_counter() > deadline:
                        missing = [k for k, w in watchers.items() if places not in w.seen]
                        raise SystemExit(f"change {n} not seen in {missing} after {WAIT_S} s")
                    await asyncio.sleep(0.01)
                if n == 0:
                    continue  # the first change also waits for start-up: not counted
                for name, watcher in watchers.items():
                    latencies[name].append(watcher.seen[places] - accepted)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return latencies


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "jeugdhub", *args],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
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


def _percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-p * len(ordered) // 100) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=30, help="timed capacity changes")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as scratch,
        own_broker(Path(scratch) / "broker") as (admin, kafka_env),
    ):
        state = Path(scratch) / "hub"
        _, kek_env = new_keystore(state)
        env = {
            "JEUGDHUB_STATE_DIR": str(state),
            **kafka_env,
            **kek_env,
            "JEUGDHUB_FIGURES_INTERVAL_S": "0.5",
        }
        _, token = TokenStore(state / "gateway" / "tokens.json").issue(Source(**PROVIDER))  # type: ignore[arg-type]
        subscribers = SubscriberStore(state / "feeds" / "subscribers.json")
        enrolment = enrol(subscribers, admin, (SUBSCRIBER, "region", REGION))
        region = KafkaAccess(
            admin.bootstrap_servers, principal_of(SUBSCRIBER), enrolment.kafka_password
        )
        gateway_port, api_port = free_port(), free_port()
        logs = {name: state / f"{name}.log" for name in ("worker", "egress", "gateway", "feed-api")}
        processes = [
            (_start(["worker"], env, logs["worker"]), None, logs["worker"]),
            (_start(["egress"], env, logs["egress"]), None, logs["egress"]),
            (
                _start(["gateway", "--port", str(gateway_port)], env, logs["gateway"]),
                gateway_port,
                logs["gateway"],
            ),
            (
                _start(["feed-api", "--port", str(api_port)], env, logs["feed-api"]),
                api_port,
                logs["feed-api"],
            ),
        ]
        try:
            for process, port, log in processes:
                if port is not None:
                    _wait_ready(f"http://127.0.0.1:{port}", process, log)
            hub = Hub(
                f"http://127.0.0.1:{gateway_port}",
                token,
                f"http://127.0.0.1:{api_port}",
                enrolment.api_token,
                admin,
                region,
            )
            latencies = asyncio.run(_measure(hub, args.changes))
        finally:
            for process, _, _ in processes:
                process.terminate()
                process.wait(timeout=30)
    baseline = statistics.median(latencies["internal figures"])
    print(f"{args.changes} capacity changes, gateway acceptance -> visible (figures every 0.5 s):")
    for name, values in latencies.items():
        p50, p99 = _percentile(values, 50), _percentile(values, 99)
        ratio = (
            "" if name == "internal figures" else f"  p50 ratio to baseline {p50 / baseline:.2f}"
        )
        print(f"  {name:<17} p50 {p50 * 1000:7.0f} ms  p99 {p99 * 1000:7.0f} ms{ratio}")


if __name__ == "__main__":
    main()
