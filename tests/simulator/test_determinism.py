"""The same seed gives the same stream, in any process; the mistakes never change the facts."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from connectors.simulator import SimulatedRecord, Simulation
from tests.simulator.conftest import START
from tests.simulator.facts import facts

REPO = Path(__file__).resolve().parents[2]
DIGEST_SCRIPT = """
import hashlib, json
from datetime import date
from connectors.simulator import Simulation
from tests.demo_registry import install_demo_registry
install_demo_registry()
run = Simulation(5, date(2026, 1, 1), 20)
stream = [(r.reported_at.isoformat(), r.kind, r.record) for r in run.records()]
print(hashlib.sha256(json.dumps(stream, sort_keys=True).encode()).hexdigest())
"""


def _digest(records: list[SimulatedRecord]) -> str:
    stream = [(r.reported_at.isoformat(), r.kind, r.record) for r in records]
    return hashlib.sha256(json.dumps(stream, sort_keys=True).encode()).hexdigest()


def _without_report_time(record: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "reported_at"}, sort_keys=True)


def test_the_same_seed_gives_the_same_records() -> None:
    first = list(Simulation(5, START, 20).records())
    second = list(Simulation(5, START, 20).records())

    assert first == second


def test_another_seed_gives_other_records() -> None:
    first = [r.record for r in Simulation(5, START, 20).records()]
    other = [r.record for r in Simulation(6, START, 20).records()]

    assert first != other
    assert {r["youth"]["bsn"] for r in first if "youth" in r}.isdisjoint(
        {r["youth"]["bsn"] for r in other if "youth" in r}
    )


def test_the_same_seed_gives_the_same_records_in_another_process() -> None:
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", DIGEST_SCRIPT],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert done.stdout.strip() == _digest(list(Simulation(5, START, 20).records()))


def test_switching_the_mistakes_on_leaves_the_facts_as_they_were() -> None:
    clean = Simulation(5, START, 30, late_reports=0, retractions=0, duplicates=0)
    messy = Simulation(5, START, 30, late_reports=0.3, retractions=0.1, duplicates=0.1)

    clean_facts = {_without_report_time(r) for r in facts(clean.records())}
    messy_facts = {_without_report_time(r) for r in facts(messy.records())}

    assert clean_facts == messy_facts
