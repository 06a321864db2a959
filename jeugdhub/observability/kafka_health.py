"""Whether Kafka answers this process, and how many brokers the cluster lists.

A thread of its own probes every ``metrics_kafka_probe_s`` as the process's own principal,
so the gauges say what this process sees (its credentials, its network), not what an
admin would. ``jeugdhub_kafka_brokers`` falling below what it was is a broker missing
from the cluster (the alert ``KafkaBrokerMissing``).
"""

import threading

from prometheus_client import Gauge

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_probe import brokers_answering

REACHABLE = Gauge(
    "jeugdhub_kafka_reachable", "1 when this process could log in to Kafka at its last probe"
)
BROKERS = Gauge("jeugdhub_kafka_brokers", "Brokers the cluster's metadata listed at the last probe")


def probe_once(access: KafkaAccess) -> None:
    brokers = brokers_answering(access)
    REACHABLE.set(0 if brokers is None else 1)
    if brokers is not None:
        BROKERS.set(brokers)


def watch_kafka(access: KafkaAccess, interval_s: float) -> threading.Thread:
    """Probe now and then every ``interval_s`` for the life of the process."""

    def run() -> None:
        while True:
            probe_once(access)
            stopped.wait(interval_s)

    stopped = threading.Event()  # never set: the thread ends with the process
    thread = threading.Thread(target=run, name="kafka-health", daemon=True)
    thread.start()
    return thread
