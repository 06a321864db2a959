"""A broker of their own for the access tests: they write raw bytes to the hub's topics
(care events, figures, a worker changelog), which the suite's other tests decode."""

from tests.own_broker import kafka_admin, kafka_broker, kafka_env

__all__ = ["kafka_admin", "kafka_broker", "kafka_env"]
