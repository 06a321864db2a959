"""Both stream stages end to end, against a raw aiokafka consume->produce passthrough.

On a broker of its own: N simulated events (default 1,000,000) are vetted at the edge and
loaded onto the event topics first (not measured). Then, measured one after the other:

- baseline: a raw aiokafka consumer reads every event and produces it again (acks=all)
  to a scratch topic, committing its offsets;
- faust floor: a faust app that reads the same topics the way the worker does and does
  nothing (``bench.faust_floor``): what faust itself costs per message here;
- ``jeugdhub worker`` (``--workers`` processes in one group): from their start until the
  last trajectory fact stage 1 sends, and from its first fact to its last (after
  start-up). The worker commits no input offsets, so the end shows in its output.

Prints the rates, the workers' peak memory (VmHWM, the largest) and, last, the ratios:
faust doing nothing against the baseline, and the worker against both.

    python -m bench.streams_throughput [--events 1000000] [--scale 20] [--workers 1]
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import NamedTuple

from aiokafka import AIOKafkaConsumer

from bench.common import load_simulated, new_keystore, own_broker
from connectors.publisher import durable_producer
from connectors.simulator import Simulation
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics, partitions_of
from privacy.edge import Edge
from privacy.pseudonym import Pseudonymiser
from schemas.topics import EVENT_TOPICS, TRAJECTORY_FACTS, TopicSpec

INPUTS = list(EVENT_TOPICS)  # justice events included: the worker reads them too
# Stage 1 counts as done when its output has not grown for this long.
QUIET_S = 8.0


class Span(NamedTuple):
    """Wall-clock seconds of a first and a last message."""

    first: float
    last: float

    @property
    def seconds(self) -> float:
        return self.last - self.first


async def _passthrough(admin: KafkaAccess, total: int) -> float:
    scratch = f"bench.passthrough.{uuid.uuid4().hex[:6]}"
    await ensure_topics(admin, [TopicSpec(scratch, 6)])
    consumer = AIOKafkaConsumer(
        *INPUTS,
        **admin.aiokafka_options(),
        group_id=scratch,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=2000,
    )
    producer = durable_producer(admin)
    await consumer.start()
    await producer.start()
    try:
        started = time.perf_counter()
        done = 0
        while done < total:
            batches = await consumer.getmany(timeout_ms=1000)
            pending = [
                await producer.send(scratch, message.value, key=message.key)
                for batch in batches.values()
                for message in batch
            ]
            await asyncio.gather(*pending)
            await consumer.commit()
            done += len(pending)
        return time.perf_counter() - started
    finally:
        await producer.stop()
        await consumer.stop()


async def _output_times(admin: KafkaAccess, topic: str) -> tuple[int, float, float]:
    """Messages on the topic now, and the oldest and newest timestamps (seconds)."""
    consumer = AIOKafkaConsumer(**admin.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(admin, [topic])
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        stamps = []
        for tp, end in ends.items():
            for offset in {starts[tp], end - 1} if end > starts[tp] else ():
                consumer.assign([tp])
                consumer.seek(tp, offset)
                batches = await consumer.getmany(tp, timeout_ms=2000, max_records=1)
                stamps += [m.timestamp / 1000 for batch in batches.values() for m in batch]
        return sum(ends.values()), min(stamps, default=0.0), max(stamps, default=0.0)
    finally:
        await consumer.stop()


def _workers_output(admin: KafkaAccess, workers: list[subprocess.Popen[bytes]], log: Path) -> Span:
    """The first and last trajectory fact of stage 1, once it has gone quiet.

    The worker commits no input offsets (it re-reads its input on every start), so the
    end of its work shows in its output. Stage 2 takes bundles of facts and keeps up;
    its figures are republished on a timer, so they never go quiet.
    """
    quiet_since, seen = time.time(), -1
    while time.time() - quiet_since < QUIET_S:
        if any(worker.poll() is not None for worker in workers):
            raise SystemExit(f"a worker exited early:\n{log.read_text()[-2000:]}")
        facts, _, _ = asyncio.run(_output_times(admin, TRAJECTORY_FACTS))
        if facts != seen or facts == 0:
            quiet_since, seen = time.time(), facts
        time.sleep(1)
    _, first, last = asyncio.run(_output_times(admin, TRAJECTORY_FACTS))
    return Span(first, last)


def _faust_floor(admin: KafkaAccess, state: Path, total: int) -> tuple[float, Span]:
    """Seconds from the floor app's start to its last message, and its first-to-last span."""
    env = {
        **os.environ,
        "FLOOR_APP_ID": f"floor-{uuid.uuid4().hex[:6]}",
        "FLOOR_BOOTSTRAP": admin.bootstrap_servers,
        "FLOOR_USERNAME": admin.username or "",
        "FLOOR_PASSWORD": admin.password or "",
        "FLOOR_DATADIR": str(state / "floor"),
        "FLOOR_EXPECTED": str(total),
        "FLOOR_RESULT": str(state / "floor.json"),
    }
    started = time.time()
    subprocess.run(
        [sys.executable, "-m", "bench.faust_floor", "worker", "--loglevel", "error"],
        env=env,
        capture_output=True,
        check=True,
        timeout=3600,
    )
    times = json.loads((state / "floor.json").read_text())
    return times["last"] - started, Span(times["first"], times["last"])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run_workers(
    admin: KafkaAccess,
    kafka_env: dict[str, str],
    state: Path,
    kek_env: dict[str, str],
    count: int,
) -> tuple[float, Span, float]:
    """Seconds from the workers' start to their last fact, their first-to-last span,
    and the largest peak memory of a worker (MB)."""
    # Under the prefix the worker principal may use (jeugdhub.acls).
    group = f"jeugdhub-streams-bench-{uuid.uuid4().hex[:6]}"
    log = state / "worker.log"
    workers = []
    started = time.time()
    with log.open("wb") as out:
        for number in range(count):
            env = {
                **os.environ,
                **kek_env,
                "JEUGDHUB_STATE_DIR": str(state / f"worker-{number}"),
                **kafka_env,
                "JEUGDHUB_WORKER_APP_ID": group,
            }
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "jeugdhub", "worker"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        span = _workers_output(admin, workers, log)
        peak_mb = max(_peak_rss_mb(worker.pid) for worker in workers)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    return span.last - started, span, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--scale",
        type=float,
        default=20.0,
        help="simulator volume factor; 1M events are about 4 simulated years at 20 "
        "(above about 22 a location declares more places than the contract's 10,000)",
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes in one group")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with own_broker(state / "broker") as (admin, kafka_env):
            keys, kek_env = new_keystore(state)
            simulation = Simulation(seed=101, start=date(2026, 1, 1), days=3650, scale=args.scale)
            edge = Edge(Pseudonymiser(keys))
            total = asyncio.run(load_simulated(admin, edge, simulation.records(), args.events))
            baseline_s = asyncio.run(_passthrough(admin, total))
            floor_s, floor_span = _faust_floor(admin, state, total)
            worker_s, worker_span, peak_mb = _run_workers(
                admin, kafka_env, state, kek_env, args.workers
            )

    baseline = total / baseline_s
    worker = total / worker_s
    workers = f"worker x{args.workers}, both stages"
    rows = [
        ("events", f"{total:,}"),
        ("raw consume->produce (baseline)", f"{baseline:,.0f} events/s"),
        ("faust doing nothing, from its start", f"{total / floor_s:,.0f} events/s"),
        ("faust doing nothing, after start-up", f"{total / floor_span.seconds:,.0f} events/s"),
        (f"{workers}, from their start", f"{worker:,.0f} events/s"),
        (f"{workers}, after start-up", f"{total / worker_span.seconds:,.0f} events/s"),
        ("worker peak memory (VmHWM, largest)", f"{peak_mb:,.0f} MB"),
        ("ratio faust doing nothing/baseline", f"{total / floor_s / baseline:.2f}"),
        ("ratio worker/baseline", f"{worker / baseline:.2f}"),
        # the target: the worker at >= 0.5 of faust doing nothing, same run
        ("ratio worker/faust doing nothing", f"{worker / (total / floor_s):.2f}"),
    ]
    for label, value in rows:
        print(f"{label:<40}{value:>18}")


if __name__ == "__main__":
    main()
