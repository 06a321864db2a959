"""The real `jeugdhub egress` process on a real broker: what it writes to each
subscriber's feed topic, as the subscriber reads it with its own credentials and an
outside client, and that a restart releases nothing twice."""

import asyncio
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from schemas.topics import JUSTICE_REGION_FIGURES, REGION_FIGURES, feed_topic
from tests.conftest import start_hub_broker
from tests.feeds.figures import region_figures
from tests.feeds.outside_reader import read_feed
from tests.feeds.running import egress, publish, subscribe, wait_for

DAY = date(2026, 5, 4)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[tuple[dict[str, str], KafkaAccess]]:
    """A broker of this test's own: the egress reads every region figure on it."""
    broker, running = start_hub_broker(Settings(state_dir=tmp_path / "broker"))
    yield {"JEUGDHUB_STATE_DIR": str(tmp_path), **running.env()}, running.admin
    broker.stop()


@pytest.mark.slow
def test_a_region_reads_its_own_feed_exact_capacity_protected_figures_once(
    hub: tuple[dict[str, str], KafkaAccess], tmp_path: Path
) -> None:
    env, admin = hub
    region = subscribe(env, "region-utrecht-stad", "region", "utrecht-stad").kafka
    institution = subscribe(env, "gi-svmn", "certified-institution", "gi-svmn").kafka
    days = [DAY, DAY + timedelta(days=1)]
    truth = [region_figures("utrecht-stad", day, places=14, base=16) for day in days]
    asyncio.run(publish(admin, REGION_FIGURES, *truth, region_figures("eemland", DAY)))
    justice = [region_figures("utrecht-stad", DAY + timedelta(days=n), seed=5) for n in (0, 8)]
    asyncio.run(publish(admin, JUSTICE_REGION_FIGURES, *justice))

    process = egress(env, tmp_path / "egress.log")
    try:
        records = wait_for(region, feed_topic("region-utrecht-stad"), 2)
        gi_records = wait_for(institution, feed_topic("gi-svmn"), 1)
    finally:
        process.stop()

    by_kind = {release["kind"]: release for _, release in records}
    assert set(by_kind) == {"CAPACITY", "FIGURES"}, sorted(key for key, _ in records)
    capacity = {(c["figure"], c["care_function"]): c["value"] for c in by_kind["CAPACITY"]["cells"]}
    assert capacity[("places_declared", "closed")] == 14
    assert capacity[("base_availability", "crisis")] == 16
    assert capacity[("shortfall", "crisis")] == 2
    figures = by_kind["FIGURES"]
    assert figures["as_of"] == DAY  # DAY + 1 is still open
    assert figures["regime"] == "region" and figures["legal_basis"]
    true_occupied = {now.care_function: now.occupied for now in truth[0].now}
    for cell in figures["cells"]:
        assert cell["value"] != 1
        if cell["figure"] == "occupied" and cell["care_function"] in true_occupied:
            assert abs(cell["value"] - true_occupied[cell["care_function"]]) <= 3
    # Justice figures reach the institution (weekly), and never the region.
    assert any(r["kind"] == "FIGURES" for _, r in gi_records)
    assert all(r["regime"] == "region" for _, r in records)

    # A restart releases nothing twice; a new day closes and is released once.
    again = egress(env, tmp_path / "egress.log")
    try:
        time.sleep(8)
        assert (
            len(read_feed(region, feed_topic("region-utrecht-stad"), "feed-region-utrecht-stad-t"))
            == 2
        )
        later = region_figures("utrecht-stad", DAY + timedelta(days=2), places=14, base=16)
        asyncio.run(publish(admin, REGION_FIGURES, later))
        records = wait_for(region, feed_topic("region-utrecht-stad"), 3)
    finally:
        again.stop()
    released = sorted(r["as_of"] for _, r in records if r["kind"] == "FIGURES")
    assert released == [DAY, DAY + timedelta(days=1)]
