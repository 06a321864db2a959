"""What the worker tells operators: Prometheus metrics, served on
``JEUGDHUB_WORKER_METRICS_PORT`` when it is set (the consumer lag is in
``streams/worker/lag.py``).

Labels are stage names, public region codes and anomaly kinds only: never a pseudonym,
a location or anything else that narrows down a person.
"""

from datetime import date
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from streams.region_stage.figures import RegionFigures

MESSAGES = Counter(
    "jeugdhub_worker_messages", "Kafka messages the worker took, per stage", ["stage"]
)
REWINDS = Counter(
    "jeugdhub_worker_rewinds",
    "Holes in the worker's reading of an input topic, each sought back to and read again "
    "(streams/worker/input_passes.py), per topic",
    ["topic"],
)
OLDER_FACTS = Counter(
    "jeugdhub_worker_older_facts_refused",
    "Trajectory-facts messages older than the value their region already holds, left out "
    "(streams/messages.py): written by a worker that lost its partitions or by an attempt "
    "that crashed before it stored its states, and landed late",
)
ANOMALIES = Gauge(
    "jeugdhub_region_anomalies",
    "Events kept but counted nowhere because an event they depend on has not arrived "
    "(streams/DEFINITIONS.md), per region and kind, as last published",
    ["region", "kind"],
)
PUBLISHED = Counter(
    "jeugdhub_region_figures_published", "Region figures published, per region", ["region"]
)
AS_OF = Gauge(
    "jeugdhub_region_figures_as_of_days",
    "The event date the region's last published figures describe, in days since 1970-01-01",
    ["region"],
)
_EPOCH = date(1970, 1, 1)


def count_published(figures: RegionFigures) -> None:
    for kind, count in figures.anomalies.items():
        ANOMALIES.labels(figures.region, kind).set(count)
    PUBLISHED.labels(figures.region).inc()
    AS_OF.labels(figures.region).set((figures.as_of - _EPOCH).days)


LAST_PUBLISHED = Gauge(
    "jeugdhub_region_figures_last_published_timestamp_seconds",
    "When the worker last published the region's figures (Unix time)",
    ["region"],
)
LATENCY = Histogram(
    "jeugdhub_publication_latency_seconds",
    "From an event's arrival on Kafka (its Kafka timestamp, set when the hub accepted it) "
    "to the first publication of its region's figures that includes it; the oldest event "
    "of each publication is observed",
    buckets=(0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 10, 30, 60, 120, 300, 900, 3600),
)
# Stage 1 gives each facts bundle the Kafka time of the oldest event in it, so stage 2
# (perhaps in another worker) knows how old the news it publishes is.
ARRIVED_HEADER = "jeugdhub-arrived-s"


class PublicationLatency:
    """The oldest arrival per region not yet in published figures.

    Only events that arrived since this worker started are observed: after a restart the
    worker reads its whole history again, and those events were published before.
    """

    def __init__(self, started_s: float) -> None:
        self._started_s = started_s
        self._pending: dict[str, float] = {}

    def arrived(self, region: str, headers: Any) -> None:
        value = dict(headers or ()).get(ARRIVED_HEADER)
        if value is None:
            return
        arrived_s = float(value)
        if arrived_s >= self._started_s:
            self._pending[region] = min(arrived_s, self._pending.get(region, arrived_s))

    def published(self, region: str, now_s: float) -> None:
        LAST_PUBLISHED.labels(region).set(now_s)
        arrived_s = self._pending.pop(region, None)
        if arrived_s is not None:
            LATENCY.observe(max(now_s - arrived_s, 0.0))


def arrival_header(oldest_s: float) -> dict[str, bytes]:
    return {ARRIVED_HEADER: repr(oldest_s).encode()}
