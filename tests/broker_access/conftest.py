"""A broker of their own for the access tests: they write raw bytes to the hub's topics
(care events, figures, a worker changelog), which the suite's other tests decode."""

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
