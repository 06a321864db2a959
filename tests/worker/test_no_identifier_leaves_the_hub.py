"""A BSN, name, birth date, postcode, street and free text sent to the gateway, and a BSN
the gateway rejected, reach no topic (values, keys or headers), no feed, no feed API
response and no process log, after the whole hub (gateway, worker, egress, feed API) has
carried them to the regions' feeds."""

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from jeugdhub.kafka_cluster import read_to_end
from jeugdhub.localkafka.broker import free_port
from schemas.topics import REGION_FIGURES, feed_topic
from tests.commands import JeugdhubProcess
from tests.factories import Identity, person_records
from tests.feedapi.sse import events
from tests.feeds.outside_reader import read_feed
from tests.feeds.running import egress, subscribe
from tests.gateway.conftest import RunningGateway, start_gateway, stop_gateway
from tests.test_events_through_kafka import planted_forms
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess

PLANTED = Identity(
    bsn="123456782",
    name="Pietje Geplant",
    street="Plantsoenstraat",
    postcode="3811 XY",
    comment="vertrouwelijk: Pietje Geplant woont bij oma",
)
# Sent too, and rejected for its BSN: the rejected BSN may not show anywhere either (its
# dead letter holds it encrypted only).
REJECTED = Identity(bsn="123456783", name=PLANTED.name)
REGIONS = ("eemland", "utrecht-stad")  # home (Amersfoort) and provider region


def _wait_for_figures(kafka: dict[str, str], topic: str, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(
            r["kind"] == "FIGURES"
            for _, r in read_feed(kafka, topic, f"{kafka['sasl.username']}-scan")
        ):
            return
        time.sleep(2)
    raise AssertionError(f"no figures on {topic} after {timeout_s} s")


def _post(gateway: RunningGateway, records: list[dict[str, Any]], status: int = 200) -> None:
    for record in records:
        del record["source"]  # the gateway takes it from the token
    answer = httpx.post(
        f"{gateway.url}/v1/events", json={"records": records}, headers=gateway.headers(), timeout=60
    )
    assert answer.status_code == status, answer.text


def _wait_for_internal_figures(hub: dict[str, str], regions: tuple[str, ...]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        published = asyncio.run(_published_regions(hub))
        if set(regions) <= published:
            return
        time.sleep(1)
    raise AssertionError(f"the worker published no figures of {regions}")


async def _published_regions(hub: dict[str, str]) -> set[str]:
    return {
        message.key.decode()
        async for message in read_to_end(hub_admin(hub), [REGION_FIGURES])
        if message.key
    }


def _feed_api_answers(url: str, token: str) -> list[bytes]:
    """The snapshot, the CSV, and the stream resumed just before the newest release."""
    headers = {"Authorization": f"Bearer {token}"}
    snapshot = httpx.get(f"{url}/v1/feed", headers=headers, timeout=30)
    table = httpx.get(f"{url}/v1/feed.csv", headers=headers, timeout=30)
    newest = max(release["offset"] for release in snapshot.json()["releases"])
    assert newest >= 1, "the feed holds one release only"
    resume = {**headers, "Last-Event-ID": str(newest - 1)}
    received = asyncio.run(_first_streamed(f"{url}/v1/feed/stream", resume))
    return [snapshot.content, table.content, received]


async def _first_streamed(url: str, headers: dict[str, str]) -> bytes:
    async with (
        httpx.AsyncClient(timeout=30) as client,
        client.stream("GET", url, headers=headers) as response,
    ):
        async for event in events(response):
            assert event.event == "release"
            return f"id: {event.id}\nevent: {event.event}\ndata: {event.data}".encode()
    raise AssertionError("the stream ended without a release")


@pytest.mark.slow
def test_no_planted_identifier_reaches_a_topic_feed_response_or_log(
    hub: dict[str, str], tmp_path: Path
) -> None:
    broker_env = {k: v for k, v in hub.items() if "KAFKA" in k or "BOOTSTRAP" in k}
    subscriptions = {
        region: subscribe(hub, f"region-{region}", "region", region) for region in REGIONS
    }
    gateway = start_gateway(tmp_path / "gateway", broker_env)
    port = free_port()
    processes = [
        WorkerProcess(hub, tmp_path / "worker-state"),
        egress(hub, tmp_path / "egress.log"),
        JeugdhubProcess(hub, tmp_path / "feed-api.log", "feed-api", "--port", str(port)),
    ]
    try:
        _post(gateway, person_records(PLANTED, prefix="scan"))
        _post(gateway, person_records(REJECTED, prefix="scan-rejected")[:1], status=422)
        # Days close when later figures come: another youth's events in April, sent once
        # the worker has published the planted youth's March.
        _wait_for_internal_figures(hub, REGIONS)
        later = person_records(Identity(), prefix="later")
        _post(
            gateway, [{**r, "occurred_at": r["occurred_at"].replace("-03-", "-04-")} for r in later]
        )
        for region, subscription in subscriptions.items():
            _wait_for_figures(subscription.kafka, feed_topic(f"region-{region}"))
        answers = [
            body
            for subscription in subscriptions.values()
            for body in _feed_api_answers(f"http://127.0.0.1:{port}", subscription.api_token)
        ]
    finally:
        for process in processes:
            process.stop()
        stop_gateway(gateway)

    messages = asyncio.run(_everything_on(hub))
    logs = [path.read_bytes() for path in tmp_path.rglob("*.log")] + [gateway.log.read_bytes()]
    assert any(topic.startswith("jeugdhub.feed.") for topic, _ in messages)
    rejected_bsn = [REJECTED.bsn.encode(), REJECTED.bsn.encode("utf-16-le")]
    for form in [*planted_forms(PLANTED), *rejected_bsn]:
        for topic, blob in messages:
            assert form not in blob, (form, topic)
        for text in [*answers, *logs]:
            assert form not in text, form


async def _everything_on(hub: dict[str, str]) -> list[tuple[str, bytes]]:
    """Per message: its topic, and its key, value and headers as one byte string."""
    found = []
    async for message in read_to_end(hub_admin(hub)):
        parts = [message.key or b"", message.value or b""]
        parts += [name.encode() + b"=" + (value or b"") for name, value in message.headers]
        found.append((message.topic, b"\0".join(parts)))
    return found
