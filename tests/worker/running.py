"""Shared by the worker tests: run workers, and compare their figures with the reference."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jeugdhub.kafka_access import KafkaAccess
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
from streams.publication import as_figures_dict
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


class WorkerProcess:
    """``jeugdhub worker`` with a state folder of its own, logging to a file, without the
    key-encryption key."""

    def __init__(self, env: dict[str, str], state: Path) -> None:
        self.state = state
        self.log_path = state / "worker.log"
        state.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jeugdhub", "worker", "--loglevel", "info"],
                cwd=REPO,
                env=_without_kek({**os.environ, **env, "JEUGDHUB_STATE_DIR": str(state)}),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no commit."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()

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


def differences(access: KafkaAccess) -> list[str]:
    """What the worker published (general, justice, municipality and provider figures,
    cell keys included) and the reference computes differently."""
    problems = []
    events = input_events(access)
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
    access: KafkaAccess, alive: list[WorkerProcess], timeout_s: float = 300
) -> list[str]:
    """Poll until the published figures equal the reference; the remaining differences."""
    problems = ["not checked"]
    deadline = time.monotonic() + timeout_s
    while problems and time.monotonic() < deadline:
        time.sleep(3)
        for worker in alive:
            assert worker.process.poll() is None, worker.log_tail()
        problems = differences(access)
    return problems
