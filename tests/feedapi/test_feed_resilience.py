"""The feed API without Kafka, its CSV numbers, and schemathesis against its OpenAPI."""

import asyncio
from pathlib import Path

import httpx
import pytest

from feeds.api.csv_export import dutch_number
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.broker import free_port
from schemas.feeds import ReleaseKind
from tests.commands import run_schemathesis
from tests.feedapi.conftest import (
    RunningFeedApi,
    create_feed_topics,
    release,
    start_feed_api,
    stop_feed_api,
    write_releases,
)


def test_numbers_have_a_decimal_comma_only_where_they_have_decimals() -> None:
    assert [dutch_number(12), dutch_number(0.85), dutch_number(-3)] == ["12", "0,85", "-3"]


def test_not_ready_while_kafka_is_unreachable(kafka_env: dict[str, str], tmp_path: Path) -> None:
    # Nothing listens on this port: configured, with credentials, but unreachable.
    unreachable = {**kafka_env, "JEUGDHUB_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}
    api = start_feed_api(tmp_path, unreachable)
    try:
        ready = httpx.get(f"{api.url}/ready", timeout=15)
        feed = httpx.get(f"{api.url}/v1/feed", headers=api.headers(api.a), timeout=30)

        assert ready.status_code == 503 and ready.headers["retry-after"]
        assert httpx.get(f"{api.url}/health").status_code == 200
        assert feed.status_code == 503 and feed.headers["retry-after"]
        assert api.a in feed.json()["detail"]  # it names the feed that cannot be read
    finally:
        stop_feed_api(api)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_or_schema_violation(
    feed_api: RunningFeedApi, kafka_admin: KafkaAccess, tmp_path: Path
) -> None:
    # A feed with releases of both kinds, so snapshots and CSV have something to answer.
    items = [release(feed_api.a, kind, 1) for kind in ReleaseKind]

    async def write() -> None:
        await create_feed_topics(kafka_admin, feed_api.a)
        await write_releases(kafka_admin, feed_api.a, items)

    asyncio.run(write())
    tested = run_schemathesis(
        f"{feed_api.url}/openapi.json",
        feed_api.tokens[feed_api.a],
        tmp_path,
        # A stream that works never ends; its refusals are tested in test_feed_http.
        "--exclude-path-regex",
        "/stream$",
    )

    assert {"GET /v1/feed", "GET /v1/feed.csv", "GET /v1/feeds/{name}", "GET /ready"} <= tested
