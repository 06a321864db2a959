"""The gateway under pressure: rate limits, a broker that goes away, and schemathesis."""

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from schemas.topics import CARE_EVENTS
from tests.commands import run_schemathesis
from tests.conftest import HubBroker, start_hub_broker
from tests.factories import person_records
from tests.gateway.conftest import RunningGateway, start_gateway, stop_gateway
from tests.kafka_reading import read_to_end


def _records(prefix: str, count: int) -> list[dict[str, object]]:
    """``count`` registrations of one youth, each its own fact."""
    template = person_records(prefix=prefix)[0]
    del template["source"]
    return [{**template, "source_event_id": f"{prefix}-{n}"} for n in range(count)]


def test_rate_limit_per_organisation_is_429_with_retry_after(
    kafka_env: dict[str, str], tmp_path: Path
) -> None:
    gateway = start_gateway(
        tmp_path, kafka_env, gateway_rate_per_second="0.2", gateway_rate_burst="2"
    )
    try:
        body = json.dumps({"records": _records("rate", 1)}).encode()
        answers = [
            httpx.post(f"{gateway.url}/v1/events", content=body, headers=gateway.headers())
            for _ in range(3)
        ]
        other = httpx.post(
            f"{gateway.url}/v1/events", content=body, headers=gateway.headers("municipality")
        )
    finally:
        stop_gateway(gateway)

    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429
    assert int(answers[2].headers["Retry-After"]) >= 1
    assert other.status_code == 200  # another organisation has its own budget


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[tuple[LocalBroker, HubBroker]]:
    broker, running = start_hub_broker(Settings(state_dir=tmp_path / "broker"))
    yield broker, running
    broker.stop()


@pytest.mark.slow
def test_broker_stopped_mid_stream_loses_nothing_answered_2xx(
    own_broker: tuple[LocalBroker, HubBroker], tmp_path: Path
) -> None:
    broker, running = own_broker
    address = running.admin.bootstrap_servers
    gateway = start_gateway(
        tmp_path / "gateway",
        running.env(),
        gateway_rate_per_second="1000",
        gateway_rate_burst="1000",
    )
    answered: list[tuple[int, list[str]]] = []
    unhinted_503s = 0  # counted here, asserted in the main thread: a thread's assert only warns
    stop_posting = threading.Event()

    def post_batches() -> None:
        nonlocal unhinted_503s
        batch = 0
        while not stop_posting.is_set():
            body = json.dumps({"records": _records(f"outage-{batch}", 50)}).encode()
            try:
                response = httpx.post(
                    f"{gateway.url}/v1/events",
                    content=body,
                    headers=gateway.headers(),
                    timeout=60,
                )
            except httpx.HTTPError:
                continue
            ids = [r["event_id"] for r in response.json().get("results", [])]
            answered.append((response.status_code, ids))
            if response.status_code == 503:
                if int(response.headers.get("Retry-After", "0")) < 1:
                    unhinted_503s += 1
                time.sleep(0.5)
            batch += 1

    poster = threading.Thread(target=post_batches)
    poster.start()
    try:
        _wait_for(lambda: sum(code == 200 for code, _ in answered) >= 5)
        broker.stop()
        _wait_for(lambda: any(code == 503 for code, _ in answered))
        restarted, _ = broker.start()
        assert restarted == address
        count_before = len(answered)
        _wait_for(lambda: any(code == 200 for code, _ in answered[count_before:]))
    finally:
        stop_posting.set()
        poster.join(timeout=120)
        stop_gateway(gateway)

    acknowledged = {event_id for code, ids in answered if code == 200 for event_id in ids}
    on_kafka = {
        value.decode()
        for record in asyncio.run(read_to_end(running.admin, [CARE_EVENTS]))
        for name, value in record.headers
        if name == "event-id"
    }
    assert {code for code, _ in answered} <= {200, 503}
    assert unhinted_503s == 0  # every 503 told the client when to come back
    assert all(len(ids) == 50 for code, ids in answered if code == 200)
    assert len(acknowledged) >= 300
    assert acknowledged <= on_kafka


def _wait_for(condition: object, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_or_schema_violation(
    gateway: RunningGateway, tmp_path: Path
) -> None:
    tested = run_schemathesis(f"{gateway.url}/openapi.json", gateway.tokens["provider"], tmp_path)

    assert {"POST /v1/events", "POST /v1/ijw"} <= tested
