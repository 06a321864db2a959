"""Fixtures shared by the whole suite: one real Kafka broker per test run.

The broker is the same local single-node KRaft broker that ``jeugdhub kafka start`` runs
(SASL/SCRAM only, ACLs enforced, the hub's topics and principals set up), with its state
in a temporary folder. Tests work on it as the admin (``kafka_admin``); processes they
launch get the broker and the principals' credential folder through the environment
(``kafka_env``) and log in as their own principal, as in production. Every test that
needs topics gets its own, with unique names, so tests never see each other's messages.

The demo's organisations are registered on that broker through ``registry import``, as
the demo does it, and installed in the test process itself, which follows no registry.
"""

import asyncio
import base64
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from jeugdhub.hub_setup import start_local_hub
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import read_to_end
from jeugdhub.localkafka import LocalBroker
from jeugdhub.settings import Settings
from privacy.keys import KeyStore
from registry.operations import DEMO_DIR, import_directory
from schemas.reference import ReferenceData, reference_data
from tests.demo_registry import install_demo_registry
from tests.factories import Identity

# What the test factories plant (tests.factories), the valid youth and BSNs the tests send
# to be rejected. Shorter forms (a postcode's four digits) occur in hex pseudonyms by
# chance, so only forms of eight characters and more are looked for in every message.
REJECTED_BSNS = ("999991104", "123456783", "123456789")
_PLANTED = Identity()
SCANNED_FORMS = tuple(
    form.encode()
    for form in (
        _PLANTED.bsn,
        _PLANTED.name,
        _PLANTED.street,
        _PLANTED.comment,
        _PLANTED.birth_date.isoformat(),
        _PLANTED.birth_date.strftime("%d-%m-%Y"),
        *REJECTED_BSNS,
    )
)

TopicFactory = Callable[..., Awaitable[str]]


@dataclass(frozen=True)
class HubBroker:
    """A running local broker, set up for the hub."""

    admin: KafkaAccess
    credentials_dir: Path

    def env(self) -> dict[str, str]:
        """What a hub process needs to find the broker and its own credentials."""
        return {
            "JEUGDHUB_BOOTSTRAP_SERVERS": self.admin.bootstrap_servers,
            "JEUGDHUB_KAFKA_CREDENTIALS_DIR": str(self.credentials_dir),
        }


def start_hub_broker(
    settings: Settings, brokers: int | None = None
) -> tuple[LocalBroker, HubBroker]:
    broker = LocalBroker(settings, brokers=brokers)
    address, _ = start_local_hub(settings, brokers)
    admin = broker.admin_access(address)
    asyncio.run(import_directory(admin, DEMO_DIR))
    return broker, HubBroker(admin, broker.principals.folder)


def pytest_configure(config: pytest.Config) -> None:
    """The demo registry in this process, as a hub process following it would have it.

    Before collection: test modules build events of demo organisations at import.
    """
    install_demo_registry()


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    """The reference data as the hub loads it, with the demo registry installed."""
    return reference_data()


@pytest.fixture(scope="session")
def broker_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("broker-state")


@pytest.fixture(scope="session")
def kafka_broker(broker_state_dir: Path, pytestconfig: pytest.Config) -> Iterator[HubBroker]:
    """A real broker started for this test run."""
    broker, hub = start_hub_broker(Settings(state_dir=broker_state_dir))
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        address = hub.admin.bootstrap_servers
        print(f"\n[jeugdhub] Apache Kafka broker started for this run at {address}")  # noqa: T201
    yield hub
    broker.stop()


@pytest.fixture(scope="session")
def kafka_admin(kafka_broker: HubBroker) -> KafkaAccess:
    """The test broker as its super user."""
    return kafka_broker.admin


@pytest.fixture(scope="session")
def kafka_env(kafka_broker: HubBroker) -> dict[str, str]:
    return kafka_broker.env()


@pytest.fixture
def operator(kafka_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """What an operator's shell holds: the shared broker, a state folder of the test's
    own with a new key store, and its key-encryption key."""
    kek = os.urandom(32)
    KeyStore.create(tmp_path / "keys" / "keystore.json", kek)
    return {
        "JEUGDHUB_STATE_DIR": str(tmp_path),
        **kafka_env,
        "JEUGDHUB_KEY_ENCRYPTION_KEY": base64.b64encode(kek).decode(),
    }


async def _create_topic(
    access: KafkaAccess, name: str, partitions: int, config: dict[str, str]
) -> None:
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name, partitions, 1, topic_configs=config)], validate_only=False
        )
    finally:
        await admin.close()


@pytest.fixture
def new_topic(kafka_admin: KafkaAccess, request: pytest.FixtureRequest) -> TopicFactory:
    """Create a topic that only this test uses; returns its name."""

    async def create(
        stem: str = "t", partitions: int = 1, config: dict[str, str] | None = None
    ) -> str:
        name = f"test.{request.node.name[:40]}.{stem}.{uuid.uuid4().hex[:8]}"
        name = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
        await _create_topic(kafka_admin, name, partitions, config or {})
        return name

    return create


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no tests is a failure, never a silent pass."""
    if session.testscollected == 0 and exitstatus == 0:
        session.exitstatus = 1


async def planted_on(admin: KafkaAccess) -> list[tuple[str, bytes]]:
    """(topic, form) of every planted identifier found in a message of the broker."""
    found = []
    async for message in read_to_end(admin):
        parts = [message.key or b"", message.value or b""]
        parts += [name.encode() + b"=" + (value or b"") for name, value in message.headers]
        blob = b"\0".join(parts)
        found += [(message.topic, form) for form in SCANNED_FORMS if form in blob]
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After the last test of every module that used the shared broker (before its
    fixtures are torn down): no planted identifier, valid or rejected, in any message of
    any topic (keys, values and headers)."""
    module = getattr(item, "module", None)
    if nextitem is not None and getattr(nextitem, "module", None) is module:
        return
    in_module = [other for other in item.session.items if getattr(other, "module", None) is module]
    if not any("kafka_broker" in getattr(other, "fixturenames", ()) for other in in_module):
        return
    broker: HubBroker = item._request.getfixturevalue("kafka_broker")  # type: ignore[attr-defined]
    # In a thread of its own: a module's last test may leave an event loop running in
    # this one (Playwright's sync API does), and asyncio.run refuses to nest.
    with ThreadPoolExecutor(1) as scanner:
        found = scanner.submit(asyncio.run, planted_on(broker.admin)).result()
    assert found == [], f"after {item.nodeid}"
