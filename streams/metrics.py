"""What the worker tells operators: Prometheus metrics, served on
``JEUGDHUB_WORKER_METRICS_PORT`` when it is set.

Labels are stage names, public region codes and anomaly kinds only: never a pseudonym,
a location or anything else that narrows down a person.
"""

from datetime import date

from prometheus_client import Counter, Gauge

from streams.figures import RegionFigures

MESSAGES = Counter(
    "jeugdhub_worker_messages", "Kafka messages the worker took, per stage", ["stage"]
)
REWINDS = Counter(
    "jeugdhub_worker_rewinds",
    "Holes in the worker's reading of an input topic, each sought back to and read again "
    "(streams/input_passes.py), per topic",
    ["topic"],
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
