"""A real `jeugdhub worker` process on the real broker publishes exactly the figures that
the independent reference model computes from the same events."""

import asyncio
import base64
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from privacy.keys import KeyStore
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, decode_record
from schemas.topics import CAPACITY, CARE_EVENTS, REGION_FIGURES
from streams.publication import as_figures_dict
from tests.commands import run_jeugdhub
from tests.kafka_reading import read_to_end
from tests.reference_model import recompute

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def operator(kafka_bootstrap: str, tmp_path: Path) -> dict[str, str]:
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    return {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        "JEUGDHUB_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
        "JEUGDHUB_WORKER_APP_ID": f"test-{uuid.uuid4().hex[:8]}",
        "JEUGDHUB_FIGURES_INTERVAL_S": "1",
    }


def _expected(bootstrap: str) -> dict[str, dict[str, Any]]:
    records = asyncio.run(read_to_end(bootstrap, [CARE_EVENTS, CAPACITY]))
    return recompute(decode_record(record.value) for record in records)


def _latest_published(bootstrap: str) -> dict[str, RegionFiguresPublished]:
    latest: dict[str, RegionFiguresPublished] = {}
    for record in asyncio.run(read_to_end(bootstrap, [REGION_FIGURES])):
        figures = decode_any(record.value)
        assert isinstance(figures, RegionFiguresPublished)
        latest[figures.region] = figures
    return latest


def _window(expected: dict[str, Any], daily_from: str) -> dict[str, Any]:
    """The reference figures with daily flows cut to the published window."""
    daily = {
        cf: {day: flows for day, flows in days.items() if day >= daily_from}
        for cf, days in expected["daily"].items()
    }
    return {**expected, "daily": {cf: days for cf, days in daily.items() if days}}


def _differences(bootstrap: str) -> list[str]:
    expected = _expected(bootstrap)
    published = _latest_published(bootstrap)
    problems = [f"{region}: not published" for region in sorted(expected.keys() - published.keys())]
    for region, figures in sorted(published.items()):
        want = _window(expected[region], figures.daily_from.isoformat())
        if as_figures_dict(figures) != want:
            problems.append(f"{region}: published figures differ from the reference")
    return problems


@pytest.mark.slow
def test_worker_publishes_the_reference_figures(
    operator: dict[str, str], kafka_bootstrap: str, tmp_path: Path
) -> None:
    simulated = run_jeugdhub(operator, "simulate", "--seed", "21", "--days", "60")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "jeugdhub", "worker", "--loglevel", "info"],
        cwd=REPO,
        env={**os.environ, **operator},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    problems = ["not checked"]
    try:
        deadline = time.monotonic() + 240
        while problems and time.monotonic() < deadline:
            time.sleep(3)
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            problems = _differences(kafka_bootstrap)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()

    assert problems == [], (tmp_path / "worker.log").read_text()[-3000:]
