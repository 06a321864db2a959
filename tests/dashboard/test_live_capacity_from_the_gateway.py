"""A capacity change sent to the gateway shows on a region's open dashboard within 5 s, through
the whole hub: gateway, worker, egress, feed API and the page's own stream."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from bench.capacity_to_feed import capacity_record
from jeugdhub.localkafka.broker import free_port
from tests.commands import start_serving
from tests.dashboard.browser import LAPTOP, chromium, screenshot, sign_in
from tests.feeds.running import egress, subscribe
from tests.gateway.conftest import RunningGateway, start_gateway, stop_gateway
from tests.worker.running import WorkerProcess

LIVE_WAIT_MS = 5000  # the bound, from the gateway's answer to the open page
FIRST_WAIT_MS = 240_000  # the first change also waits for the worker to start and join
REGION = "utrecht-stad"
FUNCTION = "residential-clinical-mental-health"  # declared at Altrecht's L01 in Utrecht


def _declare(gateway: RunningGateway, places: int, n: int) -> None:
    record = capacity_record(places, n)
    assert record["care_function"] == FUNCTION
    answer = httpx.post(
        f"{gateway.url}/v1/events",
        json={"records": [record]},
        headers=gateway.headers(),
        timeout=60,
    )
    assert answer.status_code == 200, answer.text


@pytest.fixture
def whole_hub(hub: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, str, RunningGateway]]:
    """The feed API's address, the region's API token, and the gateway."""
    env = {**hub, "JEUGDHUB_FIGURES_INTERVAL_S": "0.5"}
    token = subscribe(env, f"region-{REGION}", "region", REGION).api_token
    broker_env = {k: v for k, v in hub.items() if "KAFKA" in k or "BOOTSTRAP" in k}
    gateway = start_gateway(tmp_path / "gateway", broker_env)
    worker = WorkerProcess(env, tmp_path / "worker-state")
    egress_process = egress(env, tmp_path / "egress.log")
    port = free_port()
    feed_api = start_serving(env, tmp_path / "feed-api.log", port, "/ready", "feed-api")
    try:
        yield f"http://127.0.0.1:{port}", token, gateway
    finally:
        feed_api.terminate()
        feed_api.wait(timeout=30)
        for process in (worker, egress_process):
            process.stop()
        stop_gateway(gateway)


@pytest.mark.slow
def test_a_capacity_change_at_the_gateway_shows_on_the_open_page_within_5_s(
    whole_hub: tuple[str, str, RunningGateway],
) -> None:
    url, token, gateway = whole_hub
    with chromium() as browser:
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        sign_in(page, url, token)  # before anything was released: the page starts empty
        cell = page.locator(
            f"#capaciteit-tabel td[data-figure='places_declared'][data-care-function='{FUNCTION}']"
        )

        _declare(gateway, 100, 0)
        expect(cell).to_have_attribute("data-value", "100", timeout=FIRST_WAIT_MS)
        for n, places in enumerate((107, 93), start=1):
            _declare(gateway, places, n)
            expect(cell).to_have_attribute("data-value", str(places), timeout=LIVE_WAIT_MS)
            expect(cell).to_have_text(str(places))
        screenshot(page, "live-capacity-from-the-gateway")
        context.close()
