"""Audit overhead on a feed read: a snapshot and an SSE subscription, with and without
the audit trail, in the same run on a broker of its own.

Both variants are the same ``FeedApi`` on the same feed topic, with the same follower,
called in this process (no HTTP, so the figure is the audit's alone): once with the real
audit writer (an acknowledged, signed entry per snapshot, two per subscription), once with
an audit that records nothing. Rounds alternate between the two, so drift on a shared
machine hits both alike. A subscription is timed from opening it until its first release
has arrived and it is closed; the release is written after it opened, the same in both.

A snapshot waits for the follower to have read the topic's end, which on an idle topic
is bounded by the follower's fetch wait (0.5 s): that, not the audit, dominates it. The
third figure is one audit entry alone (signed, sent, acknowledged).

    python -m bench.audit_overhead [--reads 60] [--subscriptions 100] [--entries 300]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import own_broker
from bench.feed_sse import KEY, SUBSCRIBER, capacity_release
from connectors.publisher import DurableProducer, durable_producer
from feeds.api.app import FeedApi
from feeds.api.audit import FeedAudit
from feeds.api.follower import FeedFollowers
from feeds.subscribers import Subscriber
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.settings import Settings
from privacy.audit.facts import Action
from privacy.audit.writer import writer_for
from schemas.topics import feed_topic, feed_topic_spec

ROUNDS = 10


class Unaudited(FeedAudit):
    """The baseline: the same calls, nothing written."""

    async def granted(
        self, subscriber: Subscriber, action: Action, detail: str | None = None
    ) -> None:
        return None

    async def stream_ended(self, subscriber: Subscriber, sent: int) -> None:
        return None


async def _snapshots(api: FeedApi, who: Subscriber, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await api.snapshot(who)
        times.append(time.perf_counter() - started)
    return times


async def _subscriptions(
    api: FeedApi, who: Subscriber, producer: DurableProducer, count: int, version: list[int]
) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = await api.stream(who, None)
        events = response.body_iterator  # type: ignore[attr-defined]
        first = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0)  # the stream registers its listener
        version[0] += 1
        await producer.send_and_wait(feed_topic(SUBSCRIBER), capacity_release(version[0]), key=KEY)
        await first
        await events.aclose()
        times.append(time.perf_counter() - started)
    return times


async def _entries(audit: FeedAudit, who: Subscriber, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await audit.granted(who, Action.FEED_SNAPSHOT, "benchmark")
        times.append(time.perf_counter() - started)
    return times


def _ms(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000


async def _run(admin: KafkaAccess, settings: Settings, args: argparse.Namespace) -> None:
    await ensure_topics(admin, [feed_topic_spec(SUBSCRIBER)])
    producer = durable_producer(admin)
    await producer.start()
    api = FeedApi(settings)
    who, _ = api.subscribers.add(SUBSCRIBER, "region", SUBSCRIBER)
    access = kafka_access(settings, HubPrincipal.FEEDAPI)
    api.followers = FeedFollowers(access.aiokafka_options(), 256, 10.0)
    writer = writer_for(settings, HubPrincipal.FEEDAPI, "bench-feed-api")
    audited = FeedAudit(writer, {"region": "benchmark"})
    unaudited = Unaudited(writer, {})
    results: dict[str, dict[str, list[float]]] = {
        name: {"snapshot": [], "subscription": []} for name in ("audited", "unaudited")
    }
    version = [0]
    try:
        await producer.send_and_wait(feed_topic(SUBSCRIBER), capacity_release(0), key=KEY)
        for variant in (audited, unaudited):  # warm up both: follower, producer, key
            api.audit = variant
            await _snapshots(api, who, 5)
            await _subscriptions(api, who, producer, 2, version)
        for _ in range(ROUNDS):
            for name, variant in (("audited", audited), ("unaudited", unaudited)):
                api.audit = variant
                kept = results[name]
                kept["snapshot"] += await _snapshots(api, who, args.reads // ROUNDS)
                kept["subscription"] += await _subscriptions(
                    api, who, producer, args.subscriptions // ROUNDS, version
                )
        entries = await _entries(audited, who, args.entries)
    finally:
        await api.followers.stop()
        await writer.stop()
        await producer.stop()
    for kind in ("snapshot", "subscription"):
        with_audit, without = results["audited"][kind], results["unaudited"][kind]
        print(
            f"{kind}: with audit p50 {_ms(with_audit, 50):.2f} ms, p99 {_ms(with_audit, 99):.2f} "
            f"ms; without p50 {_ms(without, 50):.2f} ms, p99 {_ms(without, 99):.2f} ms; "
            f"ratio p50 {_ms(with_audit, 50) / _ms(without, 50):.2f} "
            f"(n={len(with_audit)} each)"
        )
    print(f"one audit entry: p50 {_ms(entries, 50):.2f} ms, p99 {_ms(entries, 99):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reads", type=int, default=60, help="snapshots per variant")
    parser.add_argument("--entries", type=int, default=300, help="audit entries alone")
    parser.add_argument("--subscriptions", type=int, default=100, help="streams per variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with own_broker(state) as (admin, env):
            settings = Settings(
                state_dir=state,
                bootstrap_servers=env["JEUGDHUB_BOOTSTRAP_SERVERS"],
                kafka_credentials_dir=Path(env["JEUGDHUB_KAFKA_CREDENTIALS_DIR"]),
            )
            asyncio.run(_run(admin, settings, args))


if __name__ == "__main__":
    main()
