"""The registry's broker tests: a broker of their own, and a really running gateway on it.

Their own broker, because they register providers the demo registry does not know and
put those providers' events on the event topics: tests that recompute the figures of
every event on the shared broker must not meet them.
"""

from tests.gateway.conftest import gateway
from tests.own_broker import kafka_admin, kafka_broker, kafka_env

__all__ = ["gateway", "kafka_admin", "kafka_broker", "kafka_env"]
