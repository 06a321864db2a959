"""`jeugdhub demo` from an empty state folder: it starts everything, shows the six
regions as their own feeds show them, and leaves no process behind, also when
interrupted with Ctrl-C."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.commands import run_jeugdhub

DASHBOARD_LINE = re.compile(
    r"dashboard (http://127\.0\.0\.1:[0-9]+)/ \(sign in as region ([a-z-]+) with token (\S+)\)"
)
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
    # As from a terminal: a shell that starts the tests in the background has them ignore
    # SIGINT, and an ignored signal stays ignored in every child; a handled one does not.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        demo = subprocess.Popen(
            [sys.executable, "-m", "jeugdhub", "demo", "--acceleration", "86400"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    dashboard = _dashboard_line(demo)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (tmp_path / "demo" / "worker.log").exists():
        time.sleep(0.5)
    time.sleep(5)
    _sign_in_to(dashboard)

    demo.send_signal(signal.SIGINT)
    demo.communicate(timeout=120)

    assert demo.returncode == 130
    assert _children_of_demo_gone(tmp_path), _processes_using(tmp_path)


def _dashboard_line(demo: subprocess.Popen[str]) -> re.Match[str]:
    """What the demo printed for the dashboard: its address and a region's token."""
    assert demo.stderr is not None
    for line in demo.stderr:
        found = DASHBOARD_LINE.search(line)
        if found:
            return found
    raise AssertionError("the demo printed no dashboard address")


def _sign_in_to(dashboard: re.Match[str]) -> None:
    """The printed token opens that region's dashboard while the demo runs."""
    url, region, token = dashboard.groups()
    deadline = time.monotonic() + 60
    while not _answers(f"{url}/health"):  # the feed API starts with the demo's other children
        assert time.monotonic() < deadline, "the dashboard's feed API did not start"
        time.sleep(0.5)
    with httpx.Client(base_url=url, timeout=30) as browser:
        assert browser.post("/session", data={"token": token}).status_code == 303
        page = browser.get("/")
    assert page.status_code == 200, page.text[:500]
    assert f"Ingelogd als <strong>region-{region}</strong>" in page.text


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False
