"""From simulated events to the feeds: the real worker and the real egress on a broker
of their own, and every feed's capacity equals the independent reference model's."""

import time
from pathlib import Path
from typing import Any

import pytest

from schemas.reference import reference_data
from schemas.topics import feed_topic
from tests.commands import run_jeugdhub
from tests.feeds.outside_reader import read_feed
from tests.feeds.running import egress, subscribe
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess, expected_figures, wait_for_reference_figures

SUBSCRIBERS = {
    "region-eemland": ("region", "eemland"),
    "region-flevoland": ("region", "flevoland"),
    "bovenregionaal": ("supra-regional", None),
    "altrecht": ("provider", "99000001"),
}


def reference_capacity(
    expected: dict[str, Any], regions: set[str]
) -> dict[tuple[str, str, str], int]:
    """(region, care function, figure) -> value, where the region has capacity at all."""
    return {
        (region, function, figure): now[figure]
        for region, figures in expected.items()
        if region in regions
        for function, now in figures["now"].items()
        if now["places_declared"] or now["base_availability"]
        for figure in ("places_declared", "base_availability", "shortfall")
    }


def fed_capacity(records: list[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str, str], int]:
    latest = {key: release for key, release in records if release["kind"] == "CAPACITY"}
    return {
        (cell["region"], cell["care_function"], cell["figure"]): cell["value"]
        for release in latest.values()
        for cell in release["cells"]
    }


@pytest.mark.slow
@pytest.mark.timeout(900)  # above the waits inside, so a failure shows the worker's log
def test_every_feed_carries_the_reference_capacity(hub: dict[str, str], tmp_path: Path) -> None:
    readers = {name: subscribe(hub, name, *how).kafka for name, how in SUBSCRIBERS.items()}
    simulated = run_jeugdhub(hub, "simulate", "--seed", "11", "--days", "40")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    admin = hub_admin(hub)
    worker = WorkerProcess(hub, tmp_path / "worker-state")
    publishing = egress(hub, tmp_path / "egress.log")
    try:
        # The reference is recomputed for four figure topics on every poll: give a loaded
        # machine room.
        problems = wait_for_reference_figures(admin, [worker], timeout_s=600)
        assert problems == [], worker.log_tail()
        expected = expected_figures(admin)
        wanted = {
            "region-eemland": {"eemland"},
            "region-flevoland": {"flevoland"},
            "bovenregionaal": {r.code for r in reference_data().regions("utrecht-flevoland")},
            # A provider sees the regions it has locations in.
            "altrecht": {loc.region_code for loc in reference_data().locations("99000001")},
        }
        deadline = time.monotonic() + 60
        while True:
            fed = {
                name: fed_capacity(read_feed(config, feed_topic(name), f"feed-{name}-t"))
                for name, config in readers.items()
            }
            want = {name: reference_capacity(expected, wanted[name]) for name in readers}
            if fed == want or time.monotonic() > deadline:
                break
            time.sleep(2)
    finally:
        publishing.stop()
        worker.stop()

    for name in readers:
        assert fed[name] == want[name], name
    assert all(want.values())
