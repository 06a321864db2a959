"""How long an event takes from the gateway to the published figures, at a steady rate.

Runs a worker and the gateway on a broker of their own and posts new placements (one
youth each, in one region and care function) through the gateway at a steady rate, one
record per request. For each event it times, from the gateway's answer (the event is on
Kafka), until
- stage 1: the first trajectory-facts bundle sent after it whose oldest event (the
  arrival the worker stamps on each bundle) arrived no later than it;
- the figures: the first published region figures whose count of occupied places has
  reached the event's rank (events are numbered in the order the gateway accepted them;
  stage 1 handles a batch of up to a second together, so within one batch the count
  says "this many", not which ones).
Prints p50/p99 of each, the worker's own `jeugdhub_publication_latency_seconds` histogram
(scraped from its metrics port: the bucket that holds p50 and p99), and the worker's
publication interval, which is the floor of any figure's latency.

    python -m bench.event_latency [--rate 100] [--seconds 60] [--figures-interval S]
"""

import argparse
import asyncio
import math
import tempfile
import time
from pathlib import Path

import httpx
from aiokafka import ConsumerRecord
from prometheus_client.parser import text_string_to_metric_families

from bench.common import (
    PROVIDER,
    Watcher,
    follow_topic,
    new_keystore,
    own_broker,
    percentile,
    placement_records,
    start_jeugdhub,
    wait_ready,
    watch_topic,
)
from connectors.gateway.tokens import TokenStore
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.broker import free_port
from jeugdhub.settings import Settings
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any
from schemas.records import Source
from schemas.topics import REGION_FIGURES, TRAJECTORY_FACTS
from streams.worker.metrics import ARRIVED_HEADER

REGION = "utrecht-stad"  # where the placements' location and youths are
FUNCTION = "residential-clinical-mental-health"
WAIT_S = 120
_ATTEMPTS = 3  # per request


def _occupied(value: bytes) -> int | None:
    figures = decode_any(value)
    if not isinstance(figures, RegionFiguresPublished) or figures.region != REGION:
        return None
    return next((n.occupied for n in figures.now if n.care_function == FUNCTION), None)


async def _watch_facts(access: KafkaAccess, stamped: list[tuple[float, float]]) -> None:
    """(arrival stamped by stage 1, the bundle's Kafka time) of every facts bundle."""

    def note(record: ConsumerRecord[bytes, bytes]) -> None:
        arrived = dict(record.headers).get(ARRIVED_HEADER)
        if arrived is not None:
            stamped.append((float(arrived), record.timestamp / 1000))

    await follow_topic(access, TRAJECTORY_FACTS, note)


async def _post_steadily(
    gateway: str, token: str, rate: float, count: int
) -> list[tuple[float, float]]:
    """(acceptance on the perf clock, on the wall clock) per event, in acceptance order."""
    accepted: list[tuple[float, float]] = []
    headers = {"Authorization": f"Bearer {token}"}
    records = placement_records(count, per_youth=1)

    async def post(http: httpx.AsyncClient, record: dict[str, object]) -> None:
        body = {"records": [record]}
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                answer = await http.post(f"{gateway}/v1/events", json=body, headers=headers)
                break
            except httpx.TransportError:
                # A kept-alive connection the gateway closed as it was reused; resending
                # is safe (the same fact again is a duplicate), the answer is what counts.
                if attempt == _ATTEMPTS:
                    raise
        if answer.status_code != 200:
            raise SystemExit(f"gateway answered {answer.status_code}: {answer.text[:300]}")
        accepted.append((time.perf_counter(), time.time()))

    async with httpx.AsyncClient(timeout=60) as http:
        begin = time.perf_counter()
        posts = []
        for n, record in enumerate(records):
            # The n-th request leaves at n/rate s, however long the ones before take.
            await asyncio.sleep(max(0.0, begin + n / rate - time.perf_counter()))
            posts.append(asyncio.create_task(post(http, record)))
        await asyncio.gather(*posts)
    return accepted


async def _measure(
    gateway: str, token: str, admin: KafkaAccess, rate: float, count: int
) -> tuple[list[float], list[float]]:
    figures = Watcher()
    stamped: list[tuple[float, float]] = []
    watchers = [
        asyncio.create_task(watch_topic(admin, REGION_FIGURES, _occupied, figures)),
        asyncio.create_task(_watch_facts(admin, stamped)),
    ]
    try:
        await asyncio.sleep(1)  # the watchers are at the topics' ends
        accepted = await _post_steadily(gateway, token, rate, count)
        deadline = time.perf_counter() + WAIT_S
        while max(figures.seen, default=0) < count:
            if time.perf_counter() > deadline:
                raise SystemExit(f"figures show {max(figures.seen, default=0)} of {count}")
            await asyncio.sleep(0.05)
    finally:
        for task in watchers:
            task.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
    return _to_figures(accepted, figures), _to_facts(accepted, stamped)


def _to_figures(accepted: list[tuple[float, float]], figures: Watcher) -> list[float]:
    """Per event (by rank), from acceptance to the first figures counting that many."""
    latencies = []
    for rank, (at, _) in enumerate(accepted, start=1):
        shown = min(seen for value, seen in figures.seen.items() if value >= rank)
        latencies.append(max(shown - at, 0.0))
    return latencies


def _to_facts(
    accepted: list[tuple[float, float]], stamped: list[tuple[float, float]]
) -> list[float]:
    """Per event, from acceptance (wall clock, as Kafka's times are) to the first facts
    bundle sent after it whose oldest event arrived no later than it did."""
    latencies = []
    for _, wall in accepted:
        sent = [kafka_time for arrived, kafka_time in stamped if arrived <= wall <= kafka_time]
        if sent:
            latencies.append(min(sent) - wall)
    return latencies


def _histogram_quantiles(metrics_url: str) -> str:
    text = httpx.get(metrics_url, timeout=5).text
    buckets: list[tuple[float, float]] = []
    for family in text_string_to_metric_families(text):
        if family.name == "jeugdhub_publication_latency_seconds":
            samples = [s for s in family.samples if s.name.endswith("_bucket")]
            buckets = [(float(s.labels["le"]), s.value) for s in samples]
    total = buckets[-1][1] if buckets else 0
    if not total:
        return "no observations"

    def bucket_of(q: float) -> str:
        bound = next(le for le, n in sorted(buckets) if n >= q * total)
        return "> 3600 s" if math.isinf(bound) else f"<= {bound:g} s"

    return f"p50 {bucket_of(0.5)}, p99 {bucket_of(0.99)} ({total:.0f} publications observed)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=100, help="events per second")
    parser.add_argument("--seconds", type=float, default=60, help="how long to post")
    parser.add_argument(
        "--figures-interval",
        type=float,
        default=Settings.model_fields["figures_interval_s"].default,
        help="JEUGDHUB_FIGURES_INTERVAL_S (default: the worker's)",
    )
    args = parser.parse_args()
    count = int(args.rate * args.seconds)
    with (
        tempfile.TemporaryDirectory() as scratch,
        own_broker(Path(scratch) / "broker") as (admin, kafka_env),
    ):
        state = Path(scratch) / "hub"
        _, kek_env = new_keystore(state)
        gateway_port, metrics_port = free_port(), free_port()
        env = {
            "JEUGDHUB_STATE_DIR": str(state),
            **kafka_env,
            **kek_env,
            "JEUGDHUB_FIGURES_INTERVAL_S": str(args.figures_interval),
            "JEUGDHUB_WORKER_METRICS_PORT": str(metrics_port),
            # One provider sends all of it: its budget must not be what is measured.
            "JEUGDHUB_GATEWAY_RATE_PER_SECOND": str(args.rate * 2),
            "JEUGDHUB_GATEWAY_RATE_BURST": str(math.ceil(args.rate)),
        }
        _, token = TokenStore(state / "gateway" / "tokens.json").issue(Source(**PROVIDER))  # type: ignore[arg-type]
        worker_log, gateway_log = state / "worker.log", state / "gateway.log"
        worker = start_jeugdhub(["worker"], env, worker_log)
        gateway = start_jeugdhub(["gateway", "--port", str(gateway_port)], env, gateway_log)
        try:
            wait_ready(f"http://127.0.0.1:{gateway_port}", gateway, gateway_log)
            to_figures, to_facts = asyncio.run(
                _measure(f"http://127.0.0.1:{gateway_port}", token, admin, args.rate, count)
            )
            histogram = _histogram_quantiles(f"http://127.0.0.1:{metrics_port}/metrics")
        finally:
            for process in (worker, gateway):
                process.terminate()
                process.wait(timeout=30)
    print(
        f"{count} events at {args.rate:g}/s through the gateway, figures every "
        f"{args.figures_interval:g} s; from the gateway's acceptance:"
    )
    stage_one = percentile(to_facts, 50), percentile(to_facts, 99)  # the baseline
    for name, values in (("stage 1 (facts sent)", to_facts), ("published figures", to_figures)):
        p50, p99 = percentile(values, 50), percentile(values, 99)
        ratio = f"  ratio to stage 1 {p50 / stage_one[0]:.1f} / {p99 / stage_one[1]:.1f}"
        print(f"  {name:<21} p50 {p50 * 1000:7.0f} ms  p99 {p99 * 1000:7.0f} ms{ratio}")
    print(f"  the worker's histogram: {histogram}")


if __name__ == "__main__":
    main()
