"""Shared by the worker tests: run workers, and compare their figures with the reference."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.node import free_port
from privacy.keys import KEK_FILE_VARIABLE, KEK_VARIABLE
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, decode_record
from schemas.topics import (
    ERASABLE_TOPICS,
    EVENT_TOPICS,
    JUSTICE_REGION_FIGURES,
    MUNICIPALITY_FIGURES,
    PROVIDER_FIGURES,
    REGION_FIGURES,
)
from tests.kafka_reading import read_to_end
from tests.reference_model import (
    recompute,
    recompute_justice,
    recompute_providers,
    recompute_residents,
)

REPO = Path(__file__).resolve().parents[2]


def _without_kek(env: dict[str, str]) -> dict[str, str]:
    """The worker needs no key: every worker test runs it without the KEK."""
    return {
        name: value for name, value in env.items() if name not in (KEK_VARIABLE, KEK_FILE_VARIABLE)
    }


Samples = dict[str, list[tuple[dict[str, str], float]]]


def scrape(port: int) -> Samples:
    """A process's /metrics as Prometheus parses it: per sample name, labels and value."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


class WorkerProcess:
    """``jeugdhub worker`` with a state folder of its own, logging to a file, without the
    key-encryption key. Its metrics are served on a port of its own, and it is a static
    member of its group under the state folder's name, as a restarted worker in a
    StatefulSet is."""

    def __init__(self, env: dict[str, str], state: Path) -> None:
        self.state = state
        self.log_path = state / "worker.log"
        # The port the caller's environment names (a Prometheus scrapes it), else its own.
        self.metrics_port = int(env.get("JEUGDHUB_WORKER_METRICS_PORT") or free_port())
        state.mkdir(parents=True, exist_ok=True)
        own = {
            "JEUGDHUB_STATE_DIR": str(state),
            "JEUGDHUB_WORKER_METRICS_PORT": str(self.metrics_port),
            "JEUGDHUB_WORKER_INSTANCE_ID": state.name,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jeugdhub", "worker", "--loglevel", "info"],
                cwd=REPO,
                env=_without_kek({**os.environ, **env, **own}),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no commit."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def pause(self) -> None:
        """SIGSTOP: the process keeps its sockets and state but does nothing, heartbeats
        included, until :meth:`resume`."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.resume()  # a paused process would not act on SIGTERM
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()

    def messages_taken(self) -> float:
        """The messages its stages took so far (its progress counter); 0 before the
        metrics are served."""
        try:
            samples = scrape(self.metrics_port)
        except OSError:
            return 0.0
        return sum(value for _, value in samples.get("jeugdhub_worker_messages_total", []))

    def wait_for_progress(self, timeout_s: float = 180) -> None:
        """Until its progress counter moves: it has joined its group and is processing."""
        deadline = time.monotonic() + timeout_s
        before = self.messages_taken()
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_tail()
            time.sleep(0.2)
            now = self.messages_taken()
            if now > before > 0:
                return
            before = now
        raise AssertionError(f"no progress in {timeout_s:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]


# What each figures topic publishes, as the reference model computes it.
REFERENCE_OF = {
    REGION_FIGURES: recompute,
    JUSTICE_REGION_FIGURES: recompute_justice,
    MUNICIPALITY_FIGURES: recompute_residents,
    PROVIDER_FIGURES: recompute_providers,
}


def expected_figures(access: KafkaAccess, topic: str = REGION_FIGURES) -> dict[str, dict[str, Any]]:
    """The reference's figures of what ``topic`` publishes: the general figures, those of
    the justice events alone, or those per municipality of residence."""
    return REFERENCE_OF[topic](input_events(access))


def input_events(access: KafkaAccess) -> list[tuple[str, dict[str, Any]]]:
    """Every event on the input topics, decoded; on the erasable topics an event whose
    key has a tombstone after it is erased (whether the log cleaner removed it yet or not)."""
    records = asyncio.run(read_to_end(access, list(EVENT_TOPICS)))
    latest = {
        (record.topic, record.key): record.value
        for record in records
        if record.topic in ERASABLE_TOPICS
    }
    return [
        decode_record(record.value)
        for record in records
        if record.value is not None
        and (record.topic not in ERASABLE_TOPICS or latest[(record.topic, record.key)] is not None)
    ]


def latest_published(
    access: KafkaAccess, topic: str = REGION_FIGURES
) -> dict[str, RegionFiguresPublished]:
    latest: dict[str, RegionFiguresPublished] = {}
    for record in asyncio.run(read_to_end(access, [topic])):
        figures = decode_any(record.value)
        assert isinstance(figures, RegionFiguresPublished)
        latest[figures.region] = figures
    return latest


def published_window(expected: dict[str, Any], daily_from: str) -> dict[str, Any]:
    """The reference figures with daily flows and matrix starts (and their keys) cut to the
    published window."""
    daily = {
        cf: {day: flows for day, flows in days.items() if day >= daily_from}
        for cf, days in expected["daily"].items()
    }
    matrix = {
        home: {
            **row,
            "started": {d: n for d, n in row["started"].items() if d >= daily_from},
            "started_key": {d: k for d, k in row["started_key"].items() if d >= daily_from},
        }
        for home, row in expected["flow_matrix"].items()
    }
    return {
        **expected,
        "daily": {cf: days for cf, days in daily.items() if days},
        "flow_matrix": matrix,
    }


def differences(
    access: KafkaAccess, events: list[tuple[str, dict[str, Any]]] | None = None
) -> list[str]:
    """What the worker published (general, justice, municipality and provider figures,
    cell keys included) and the reference computes differently, from ``events`` (default:
    the events on the input topics)."""
    problems = []
    events = input_events(access) if events is None else events
    for topic, reference in REFERENCE_OF.items():
        expected = reference(events)
        published = latest_published(access, topic)
        missing = sorted(expected.keys() - published.keys())
        problems += [f"{topic} {region}: not published" for region in missing]
        for region, figures in sorted(published.items()):
            if region not in expected:
                problems.append(f"{topic} {region}: published, the reference has no figures")
                continue
            want = published_window(expected[region], figures.daily_from.isoformat())
            got = as_figures_dict(figures)
            if got != want:
                parts = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
                problems.append(f"{topic} {region}: {', '.join(parts)} differ from the reference")
    return problems


def wait_for_reference_figures(
    access: KafkaAccess,
    alive: list[WorkerProcess],
    timeout_s: float = 300,
    events: list[tuple[str, dict[str, Any]]] | None = None,
) -> list[str]:
    """Poll until the published figures equal the reference (of ``events``, default the
    input topics'); the remaining differences."""
    problems = ["not checked"]
    deadline = time.monotonic() + timeout_s
    while problems and time.monotonic() < deadline:
        time.sleep(3)
        for worker in alive:
            assert worker.process.poll() is None, worker.log_tail()
        problems = differences(access, events)
    return problems


def as_figures_dict(record: RegionFiguresPublished) -> dict[str, Any]:
    """The published record in the plain shape of ``RegionFigures.to_dict()``."""
    daily: dict[str, dict[str, Any]] = {}
    for flow in record.daily:
        values = flow.model_dump(exclude={"care_function", "day", "discharges"})
        entry: dict[str, Any] = {}
        for name, value in values.items():
            if not name.endswith("_key") and value:
                entry[name] = value
                entry[f"{name}_key"] = values[f"{name}_key"]
        if flow.discharges:
            entry["discharges"] = {d.destination: d.count for d in flow.discharges}
            entry["discharges_key"] = {d.destination: d.key for d in flow.discharges}
        daily.setdefault(flow.care_function, {})[flow.day.isoformat()] = dict(sorted(entry.items()))
    return {
        "anomalies": {a.kind: a.count for a in record.anomalies},
        "as_of": record.as_of.isoformat(),
        "daily": daily,
        "flow_matrix": {
            m.home_region: {
                "open": m.open,
                "open_key": m.open_key,
                "started": {d.day.isoformat(): d.count for d in m.started},
                "started_key": {d.day.isoformat(): d.key for d in m.started},
            }
            for m in record.flow_matrix
        },
        "now": {n.care_function: n.model_dump(exclude={"care_function"}) for n in record.now},
        "region": record.region,
    }
