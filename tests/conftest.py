"""Fixtures shared by the whole suite: one real Kafka broker per test run.

The broker is the same local single-node KRaft broker that ``jeugdhub kafka start`` runs,
with its state in a temporary folder. Every test that needs topics gets its own, with
unique names, so tests never see each other's messages.
"""

import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings

TopicFactory = Callable[..., Awaitable[str]]


@pytest.fixture(scope="session")
def broker_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("broker-state")


@pytest.fixture(scope="session")
def kafka_bootstrap(broker_state_dir: Path, pytestconfig: pytest.Config) -> Iterator[str]:
    """Bootstrap address of a real broker started for this test run."""
    broker = LocalBroker(Settings(state_dir=broker_state_dir))
    address, _ = broker.start()
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n[jeugdhub] Apache Kafka broker started for this run at {address}")  # noqa: T201
    yield address
    broker.stop()


async def _create_topic(bootstrap: str, name: str, partitions: int, config: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name, partitions, 1, topic_configs=config)], validate_only=False
        )
    finally:
        await admin.close()


@pytest.fixture
def new_topic(kafka_bootstrap: str, request: pytest.FixtureRequest) -> TopicFactory:
    """Create a topic that only this test uses; returns its name."""

    async def create(
        stem: str = "t", partitions: int = 1, config: dict[str, str] | None = None
    ) -> str:
        name = f"test.{request.node.name[:40]}.{stem}.{uuid.uuid4().hex[:8]}"
        name = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
        await _create_topic(kafka_bootstrap, name, partitions, config or {})
        return name

    return create


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no tests is a failure, never a silent pass."""
    if session.testscollected == 0 and exitstatus == 0:
        session.exitstatus = 1
