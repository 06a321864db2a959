"""Fixtures for a test module that needs a broker of its own instead of the suite's.

A conftest that imports these three overrides the suite's session broker for its
directory, module by module: for tests that put on the hub's topics what the suite's
other tests must not read.
"""

from collections.abc import Iterator

import pytest

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from tests.conftest import HubBroker, start_hub_broker


@pytest.fixture(scope="module")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubBroker]:
    broker, running = start_hub_broker(Settings(state_dir=tmp_path_factory.mktemp("broker")))
    yield running
    broker.stop()


@pytest.fixture(scope="module")
def kafka_admin(kafka_broker: HubBroker) -> KafkaAccess:
    return kafka_broker.admin


@pytest.fixture(scope="module")
def kafka_env(kafka_broker: HubBroker) -> dict[str, str]:
    return kafka_broker.env()
