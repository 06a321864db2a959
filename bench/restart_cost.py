"""How long a worker restarted after a SIGKILL takes to publish current figures again, by
the size of the history, and what static group membership changes.

On a broker of its own, simulated events are loaded onto the event topics (not
measured), first up to the smallest history size. A worker takes them all; once it has
settled (every event read, nothing more published for a while) it is killed
with SIGKILL and started again on the same state folder, and the next ``--fresh``
simulated events are sent at once. Measured from the restart:

- republished: until every region's figures are published again (stage 2 publishes
  only once it has read its facts again to where they ended, so these are complete:
  each is checked to be as of no earlier than before the kill);
- fresh: until a publication includes the fresh events (a region's figures as of a day
  later than any before the kill): the time until figures are current again.

Each size is measured with the group membership of before (dynamic, faust's 60 s
session timeout: the group first waits for the dead member) and with the current one
(a static member under ``JEUGDHUB_WORKER_INSTANCE_ID``, which the restarted worker takes
over at once, and the settings' session timeout). Then more history is loaded up to the
next size, in the same run. Prints the seconds and the ratios.

    python -m bench.restart_cost [--sizes 200000 1000000] [--fresh 5000] [--scale 20]
"""

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client.parser import text_string_to_metric_families

from bench.common import load_simulated, new_keystore, own_broker
from connectors.simulator import SimulatedRecord, Simulation
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import partitions_of, read_to_end
from jeugdhub.localkafka.node import free_port
from privacy.edge import Edge
from privacy.pseudonym import Pseudonymiser
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any
from schemas.topics import CORE_TOPICS, EVENT_TOPICS, REGION_FIGURES, TRAJECTORY_FACTS

# Settled: the worker took every input message, and its outputs have not grown this long.
QUIET_S = 10.0
EVENT_PARTITIONS = sum(spec.partitions for spec in CORE_TOPICS if spec.name in EVENT_TOPICS)
WAIT_S = 1800.0  # for any one step; then the benchmark stops with the worker's log
MEMBERSHIPS = {
    "before (dynamic, 60 s session)": {"JEUGDHUB_WORKER_SESSION_TIMEOUT_S": "60"},
    "now (static member)": {"JEUGDHUB_WORKER_INSTANCE_ID": "bench-worker"},
}


class Worker:
    """``jeugdhub worker`` on the benchmark's state folder, with its metrics on a port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jeugdhub", "worker"],
                env={**os.environ, **env, "JEUGDHUB_WORKER_METRICS_PORT": str(self.port)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def events_lag(self) -> float | None:
        """The consumer lag summed over the event partitions (None until its metrics
        report every one of them): 0 once it has read every event."""
        try:
            url = f"http://127.0.0.1:{self.port}/metrics"
            with urllib.request.urlopen(url, timeout=10) as response:
                text = response.read().decode()
        except OSError:
            return None
        lags = [
            sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == "jeugdhub_consumer_lag" and sample.labels["topic"] in EVENT_TOPICS
        ]
        return sum(lags) if len(lags) == EVENT_PARTITIONS else None

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise SystemExit(f"the worker exited:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


@dataclass(frozen=True)
class Restart:
    republished_s: float
    fresh_s: float
    regressed: int  # regions first republished as of an earlier day than before the kill


async def _ends(access: KafkaAccess, topics: list[str]) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(
            await partitions_of(access, topics)
        )
        return ends
    finally:
        await consumer.stop()


def _settle(admin: KafkaAccess, worker: Worker) -> None:
    """Until the worker read every event (a restarted one reads only what came since its
    stores' marks) and its outputs went quiet."""
    deadline = time.monotonic() + WAIT_S
    seen: dict[TopicPartition, int] = {}
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET_S or worker.events_lag() != 0:
        worker.check_alive()
        if time.monotonic() > deadline:
            raise SystemExit(f"the worker did not settle:\n{worker.log.read_text()[-3000:]}")
        now = asyncio.run(_ends(admin, [TRAJECTORY_FACTS, REGION_FIGURES]))
        if now != seen:
            seen, quiet_since = now, time.monotonic()
        time.sleep(1)


async def _latest_figures(
    admin: KafkaAccess,
) -> tuple[dict[TopicPartition, int], dict[str, date]]:
    """The figures topic's end offsets, and each region's as-of there (the worker has
    settled: nothing is published in between)."""
    ends = await _ends(admin, [REGION_FIGURES])
    as_of = {}
    async for record in read_to_end(admin, [REGION_FIGURES]):
        figures = _figures(record.value)
        as_of[figures.region] = figures.as_of
    return ends, as_of


def _figures(value: bytes | None) -> RegionFiguresPublished:
    figures = decode_any(value or b"")
    assert isinstance(figures, RegionFiguresPublished)
    return figures


async def _after_restart(
    admin: KafkaAccess,
    worker: Worker,
    since: dict[TopicPartition, int],
    before: dict[str, date],
    restarted: float,
) -> Restart:
    """Follow the figures topic from where it ended before the kill."""
    newest_before = max(before.values())
    first: dict[str, date] = {}
    republished: float | None = None
    fresh: float | None = None
    consumer = AIOKafkaConsumer(**admin.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(list(since))
        for tp, offset in since.items():
            consumer.seek(tp, offset)
        while republished is None or fresh is None:
            worker.check_alive()
            if time.perf_counter() - restarted > WAIT_S:
                raise SystemExit(f"no current figures:\n{worker.log.read_text()[-3000:]}")
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                for record in batch:
                    figures = _figures(record.value)
                    first.setdefault(figures.region, figures.as_of)
                    if fresh is None and figures.as_of > newest_before:
                        fresh = time.perf_counter() - restarted
            if republished is None and before.keys() <= first.keys():
                republished = time.perf_counter() - restarted
    finally:
        await consumer.stop()
    regressed = sum(1 for region, day in before.items() if first[region] < day)
    assert republished is not None and fresh is not None  # the loop ends only then
    return Restart(republished, fresh, regressed)


def _restart_once(
    admin: KafkaAccess,
    env: dict[str, str],
    log: Path,
    worker: Worker,
    fresh: tuple[Edge, Iterator[SimulatedRecord], int],
) -> tuple[Worker, Restart]:
    """SIGKILL the settled worker, start it again, send ``fresh`` events (the edge, the
    simulation, how many); what it took."""
    since, before = asyncio.run(_latest_figures(admin))
    worker.kill()
    restarted = time.perf_counter()
    worker = Worker(env, log)
    asyncio.run(load_simulated(admin, *fresh))
    return worker, asyncio.run(_after_restart(admin, worker, since, before, restarted))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--fresh", type=int, default=5000, help="events sent at each restart")
    parser.add_argument("--scale", type=float, default=20.0, help="simulator volume factor")
    args = parser.parse_args()

    results: dict[tuple[int, str], Restart] = {}
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with own_broker(state / "broker") as (admin, kafka_env):
            keys, _ = new_keystore(state)
            edge = Edge(Pseudonymiser(keys))
            simulation = Simulation(seed=101, start=date(2026, 1, 1), days=3650, scale=args.scale)
            stream = simulation.records()
            loaded = 0
            worker: Worker | None = None
            base = {
                **kafka_env,
                "JEUGDHUB_STATE_DIR": str(state / "worker"),
                # Under the prefix the worker principal may use (jeugdhub.acls).
                "JEUGDHUB_WORKER_APP_ID": f"jeugdhub-streams-bench-{uuid.uuid4().hex[:6]}",
            }
            log = state / "worker.log"
            try:
                for size in sorted(args.sizes):
                    loaded += asyncio.run(load_simulated(admin, edge, stream, size - loaded))
                    for name, membership in MEMBERSHIPS.items():
                        if worker is not None:
                            worker.stop()
                        env = {**base, **membership}
                        worker = Worker(env, log)
                        _settle(admin, worker)
                        worker, results[size, name] = _restart_once(
                            admin, env, log, worker, (edge, stream, args.fresh)
                        )
                        loaded += args.fresh
                        print(f"{size:,} events, {name}: {results[size, name]}", file=sys.stderr)
            finally:
                if worker is not None:
                    worker.stop()

    _print(results, sorted(args.sizes))


def _print(results: dict[tuple[int, str], Restart], sizes: list[int]) -> None:
    before, now = MEMBERSHIPS
    for size in sizes:
        for name in MEMBERSHIPS:
            result = results[size, name]
            label = f"{size:,} events, {name}"
            print(f"{label + ', republished':<62}{result.republished_s:>8.1f} s")
            print(f"{label + ', fresh event published':<62}{result.fresh_s:>8.1f} s")
            print(f"{label + ', regions regressed':<62}{result.regressed:>8}")
        ratio = results[size, now].fresh_s / results[size, before].fresh_s
        print(f"{f'{size:,} events, ratio now/before (fresh)':<62}{ratio:>8.2f}")
    if len(sizes) > 1:
        for name in MEMBERSHIPS:
            ratio = results[sizes[-1], name].fresh_s / results[sizes[0], name].fresh_s
            label = f"{name}, ratio {sizes[-1]:,}/{sizes[0]:,} events (fresh)"
            print(f"{label:<62}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
