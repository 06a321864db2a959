"""The registry's broker tests: a broker of their own, and a really running gateway on it.

Their own broker, because they register providers the demo registry does not know and
put those providers' events on the event topics: tests that recompute the figures of
every event on the shared broker must not meet them.
"""

from collections.abc import Iterator

import pytest

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from tests.conftest import HubBroker, start_hub_broker
from tests.gateway.conftest import gateway  # noqa: F401 - the gateway fixture, on this broker


@pytest.fixture(scope="module")
def registry_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubBroker]:
    broker, running = start_hub_broker(Settings(state_dir=tmp_path_factory.mktemp("broker")))
    yield running
    broker.stop()


@pytest.fixture(scope="module")
def kafka_admin(registry_broker: HubBroker) -> KafkaAccess:
    return registry_broker.admin


@pytest.fixture(scope="module")
def kafka_env(registry_broker: HubBroker) -> dict[str, str]:
    return registry_broker.env()
