"""The feed API without Kafka, its CSV numbers, and schemathesis against its OpenAPI."""

import asyncio
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from feeds.api.csv_export import dutch_number
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.localkafka.broker import free_port
from schemas.feeds import ReleaseKind
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
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{feed_api.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {feed_api.tokens[feed_api.a]}",
            # A stream that works never ends; its refusals are tested in test_feed_http.
            "--exclude-path-regex",
            "/stream$",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance,response_headers_conformance",
            "--max-examples",
            "40",
            "--generation-deterministic",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-6000:]
    (report,) = tmp_path.glob("junit*.xml")
    suite = ElementTree.parse(report).getroot()
    tested = {case.get("name") for case in suite.iter("testcase")}
    assert {"GET /v1/feed", "GET /v1/feed.csv", "GET /v1/feeds/{name}", "GET /ready"} <= tested
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
