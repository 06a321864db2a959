"""Both stream stages end to end, against a raw aiokafka consume->produce passthrough.

On a broker of its own: N simulated events (default 1,000,000) are vetted at the edge and
loaded onto the event topics first (not measured). Then, measured:

- baseline: a raw aiokafka consumer reads every event and produces it again (acks=all)
  to a scratch topic, committing its offsets;
- ``jeugdhub worker``: from its start until the last trajectory fact stage 1 sends
  (it commits no input offsets to watch).

Prints both rates, the worker's peak memory (VmHWM) and, last, the ratio.

    python -m bench.streams_throughput [--events 1000000] [--scale 60]
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from itertools import islice
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from tqdm import tqdm

from bench.common import new_keystore, own_broker
from connectors.publisher import EventPublisher, durable_producer
from connectors.simulator import Simulation
from jeugdhub.kafka_cluster import ensure_topics, partitions_of
from privacy.edge import Edge
from privacy.pseudonym import Pseudonymiser
from schemas.topics import CAPACITY, CARE_EVENTS, TRAJECTORY_FACTS, TopicSpec

INPUTS = [CARE_EVENTS, CAPACITY]
# Stage 1 counts as done when its output has not grown for this long.
QUIET_S = 8.0


async def _load(bootstrap: str, edge: Edge, events: int, scale: float) -> int:
    simulation = Simulation(seed=101, start=date(2026, 1, 1), days=3650, scale=scale)
    publisher = EventPublisher(lambda: durable_producer(bootstrap))
    await publisher.start()
    loaded = 0
    try:
        chunk = []
        for simulated in tqdm(
            islice(simulation.records(), events), total=events, desc="loading", file=sys.stderr
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


async def _passthrough(bootstrap: str, total: int) -> float:
    scratch = f"bench.passthrough.{uuid.uuid4().hex[:6]}"
    await ensure_topics(bootstrap, [TopicSpec(scratch, 6)])
    consumer = AIOKafkaConsumer(
        *INPUTS,
        bootstrap_servers=bootstrap,
        group_id=scratch,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=2000,
    )
    producer = durable_producer(bootstrap)
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


async def _ends(bootstrap: str, topic: str) -> tuple[int, float]:
    """Messages on the topic now, and the newest message's timestamp (seconds)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(bootstrap, [topic])
        ends = await consumer.end_offsets(partitions)
        newest = 0.0
        for tp, end in ends.items():
            if end:
                consumer.assign([tp])
                consumer.seek(tp, end - 1)
                for batch in (await consumer.getmany(tp, timeout_ms=2000)).values():
                    newest = max([newest, *(m.timestamp / 1000 for m in batch)])
        return sum(ends.values()), newest
    finally:
        await consumer.stop()


def _finished_at(bootstrap: str, worker: subprocess.Popen[bytes], log: Path) -> float:
    """When stage 1 sent its last trajectory fact, once it has gone quiet.

    The worker commits no input offsets (it re-reads its input on every start), so the
    end of its work shows in its output. Stage 2 only replaces table entries per fact and
    keeps up; its figures are republished on a timer, so they never go quiet.
    """
    quiet_since, seen = time.time(), -1
    while time.time() - quiet_since < QUIET_S:
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited early:\n{log.read_text()[-2000:]}")
        facts, _ = asyncio.run(_ends(bootstrap, TRAJECTORY_FACTS))
        if facts != seen or facts == 0:
            quiet_since, seen = time.time(), facts
        time.sleep(1)
    return asyncio.run(_ends(bootstrap, TRAJECTORY_FACTS))[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=60.0, help="simulator volume factor")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with own_broker(state / "broker") as bootstrap:
            asyncio.run(ensure_topics(bootstrap))
            keys, kek_env = new_keystore(state)
            total = asyncio.run(
                _load(bootstrap, Edge(Pseudonymiser(keys)), args.events, args.scale)
            )
            baseline_s = asyncio.run(_passthrough(bootstrap, total))
            group = f"bench-{uuid.uuid4().hex[:6]}"
            env = {
                **os.environ,
                **kek_env,
                "JEUGDHUB_STATE_DIR": str(state / "worker"),
                "JEUGDHUB_BOOTSTRAP_SERVERS": bootstrap,
                "JEUGDHUB_WORKER_APP_ID": group,
                "JEUGDHUB_FIGURES_INTERVAL_S": "1",
            }
            log = state / "worker.log"
            started = time.time()
            with log.open("wb") as out:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "jeugdhub", "worker"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            try:
                worker_s = _finished_at(bootstrap, worker, log) - started
                peak_mb = _peak_rss_mb(worker.pid)
            finally:
                worker.terminate()
                worker.wait(timeout=60)

    baseline_rate, worker_rate = total / baseline_s, total / worker_s
    print(f"events                              {total}")
    print(f"raw consume->produce (baseline)     {baseline_rate:>10,.0f} events/s")
    print(f"worker, both stages (incl. start)   {worker_rate:>10,.0f} events/s")
    print(f"worker peak memory (VmHWM)          {peak_mb:>10,.0f} MB")
    print(f"ratio worker/baseline               {worker_rate / baseline_rate:>10.2f}")


if __name__ == "__main__":
    main()
