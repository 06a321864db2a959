"""A real `jeugdhub worker` process on the real broker publishes exactly the figures that
the independent reference model computes from the same events."""

import base64
import os
import uuid
from pathlib import Path

import pytest

from privacy.keys import KeyStore
from tests.commands import run_jeugdhub
from tests.worker.running import WorkerProcess, wait_for_reference_figures


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


@pytest.mark.slow
def test_worker_publishes_the_reference_figures(
    operator: dict[str, str], kafka_bootstrap: str, tmp_path: Path
) -> None:
    simulated = run_jeugdhub(operator, "simulate", "--seed", "21", "--days", "60")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    worker = WorkerProcess(operator, tmp_path / "worker-state")
    try:
        problems = wait_for_reference_figures(kafka_bootstrap, [worker], timeout_s=240)
    finally:
        worker.stop()

    assert problems == [], worker.log_tail()
