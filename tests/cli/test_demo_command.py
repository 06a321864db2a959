"""`jeugdhub demo` from an empty state folder: it starts everything, shows the six
regions as their own feeds show them, and leaves no process behind, also when
interrupted with Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.commands import run_jeugdhub

REGIONS = ("eemland", "flevoland", "lekstroom", "utrecht-stad", "utrecht-west", "zuid-oost-utrecht")


def _processes_using(folder: Path) -> list[str]:
    """Processes whose command line or environment names the folder (the broker by its
    config path; the worker and gateway by JEUGDHUB_STATE_DIR)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or proc.name == str(os.getpid()):
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in cmdline + environ and b"pytest" not in cmdline:
            found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _children_of_demo_gone(state: Path) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not _processes_using(state):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_demo_shows_the_six_regions_and_stops_everything(tmp_path: Path) -> None:
    env = {"JEUGDHUB_STATE_DIR": str(tmp_path), "JEUGDHUB_BOOTSTRAP_SERVERS": ""}

    # At the demo's own pace (8 simulated days a second), so the worker publishes several
    # event days and the feeds have closed days to release.
    result = run_jeugdhub(env, "demo", "--days", "45", timeout=400)

    assert result.returncode == 0, result.stderr[-3000:]
    *table, legend = [line for line in result.stdout.splitlines() if line.strip()]
    rows = [line.split()[0] for line in table[2:]]
    assert rows == list(REGIONS)
    # What each region's own feed shows: capacity exact, person-derived figures marked.
    assert legend.startswith("regime: region;")
    assert all("~" in line for line in table[2:])
    assert "gateway http://127.0.0.1:" in result.stderr
    assert _children_of_demo_gone(tmp_path), _processes_using(tmp_path)


@pytest.mark.slow
def test_ctrl_c_stops_the_demo_and_all_it_started(tmp_path: Path) -> None:
    env = {**os.environ, "JEUGDHUB_STATE_DIR": str(tmp_path), "JEUGDHUB_BOOTSTRAP_SERVERS": ""}
    demo = subprocess.Popen(
        [sys.executable, "-m", "jeugdhub", "demo", "--acceleration", "86400"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (tmp_path / "demo" / "worker.log").exists():
        time.sleep(0.5)
    time.sleep(5)

    demo.send_signal(signal.SIGINT)
    demo.communicate(timeout=120)

    assert demo.returncode == 130
    assert _children_of_demo_gone(tmp_path), _processes_using(tmp_path)
