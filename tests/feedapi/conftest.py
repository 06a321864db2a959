"""A really running feed API (``jeugdhub feed-api`` in its own process) on the test broker,
with two subscribers whose feed topics the tests write ``FeedRelease`` records to."""

import os
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from connectors.publisher import durable_producer
from feeds.subscribers import SubscriberStore
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka.broker import free_port
from schemas.codec import encode
from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind
from schemas.topics import feed_topic, feed_topic_spec
from tests.commands import start_serving


def release(recipient: str, kind: ReleaseKind, version: int) -> FeedRelease:
    """A release whose cells differ by ``version``, with a withheld and an exact cell."""
    capacity = kind is ReleaseKind.CAPACITY
    cells = [
        FeedCell(
            figure="places_declared" if capacity else "placements",
            region="utrecht-stad",
            care_function="residential-youth-parenting",
            value=40 + version,
            status=CellStatus.EXACT if capacity else CellStatus.PERTURBED,
        ),
        FeedCell(
            figure="base_availability" if capacity else "registrations",
            care_function="foster-care" if capacity else None,
            category=None if capacity else "other-regions",
            value=None if not capacity else version,
            status=CellStatus.EXACT if capacity else CellStatus.SUPPRESSED,
        ),
    ]
    return FeedRelease(
        release_id=f"{kind.value.lower()}-{version}",
        recipient=recipient,
        regime="region",
        kind=kind,
        as_of=date(2026, 4, 1 + version % 28),
        period_start=None if capacity else date(2026, 4, 1),
        next_release=None if capacity else date(2026, 5, 1),
        published_at=datetime(2026, 4, 2, 6, 0, version % 60, tzinfo=UTC),
        legal_basis="Jeugdwet art. 7.4.0a (test)",
        purpose="regional capacity planning (test)",
        protection="threshold 5 with secondary suppression (test)",
        cells=cells,
    )


def key_of(item: FeedRelease) -> str:
    return f"{item.kind.value}/utrecht-stad"


async def write_releases(
    admin: KafkaAccess,
    name: str,
    items: Sequence[FeedRelease],
    keys: Sequence[str] | None = None,
) -> list[int]:
    """Put the releases on the subscriber's feed topic (as egress would); their offsets.

    ``keys``: the record keys, one per release (default: ``key_of`` each)."""
    producer = durable_producer(admin)
    await producer.start()
    try:
        offsets = []
        for item, key in zip(items, keys or [key_of(item) for item in items], strict=True):
            metadata = await producer.send_and_wait(
                feed_topic(name), encode(item), key=key.encode()
            )
            offsets.append(metadata.offset)
        return offsets
    finally:
        await producer.stop()


async def create_feed_topics(admin: KafkaAccess, *names: str) -> None:
    await ensure_topics(admin, [feed_topic_spec(name) for name in names])


@dataclass(frozen=True)
class RunningFeedApi:
    url: str
    a: str  # subscriber names
    b: str
    tokens: dict[str, str]  # subscriber name -> bearer token
    store: SubscriberStore
    process: subprocess.Popen[bytes]
    log: Path

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}


def start_feed_api(state: Path, kafka_env: dict[str, str], **settings: str) -> RunningFeedApi:
    """The feed API as its own principal (``kafka_env``: the broker, the credential folder)."""
    env = {
        **os.environ,
        "JEUGDHUB_STATE_DIR": str(state),
        **kafka_env,
        **{f"JEUGDHUB_{name.upper()}": value for name, value in settings.items()},
    }
    store = SubscriberStore(state / "feeds" / "subscribers.json")
    suffix = uuid.uuid4().hex[:8]
    a, b = f"utrecht-stad-{suffix}", f"eemland-{suffix}"
    tokens = {
        name: store.add(name, "region", region)[1]
        for name, region in ((a, "utrecht-stad"), (b, "eemland"))
    }
    port = free_port()
    log = state / "feed-api.log"
    process = start_serving(env, log, port, "/health", "feed-api")
    return RunningFeedApi(f"http://127.0.0.1:{port}", a, b, tokens, store, process, log)


def stop_feed_api(api: RunningFeedApi) -> None:
    api.process.terminate()
    try:
        api.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        api.process.kill()
        api.process.wait()


@pytest.fixture(scope="module")
def feed_api(
    kafka_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningFeedApi]:
    running = start_feed_api(tmp_path_factory.mktemp("feed-api"), kafka_env)
    yield running
    stop_feed_api(running)
