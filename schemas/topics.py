"""Every Kafka topic of the hub, named in this one module.

Partition counts are the unit of scale: a region that outgrows one worker runs more workers
on more partitions. The audit trail is never compacted and never expires.
"""

from dataclasses import dataclass, field

CARE_EVENTS = "jeugdhub.care-events.v1"  # key: youth pseudonym; no justice data
# Child protection and youth probation (``schemas.vocabulary.is_justice_data``), under the
# justice pseudonym domains: only the ingest writes it and only the worker reads it.
JUSTICE_EVENTS = "jeugdhub.justice-events.v1"  # key: justice youth pseudonym
CAPACITY = "jeugdhub.capacity.v1"  # key: provider location
DEADLETTER = "jeugdhub.deadletter.v1"  # key: source; payload encrypted
# What enters the hub: the worker's inputs, and where a resubmission is recognised.
EVENT_TOPICS = (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY)
TRAJECTORY_FACTS = "jeugdhub.trajectory-facts.v3"  # key: region; bundles (streams.messages)
AUDIT = "jeugdhub.audit.v1"  # append-only, hash-chained


def aggregate_topic(name: str) -> str:
    """Full-detail aggregates, internal only."""
    return f"jeugdhub.agg.{name}.v1"


def feed_topic(recipient: str) -> str:
    """What one recipient may see, after its privacy regime."""
    return f"jeugdhub.feed.{recipient}.v1"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


KEEP_FOREVER = {"retention.ms": "-1", "cleanup.policy": "delete"}

REGION_FIGURES = aggregate_topic("region-figures")  # key: region; without justice data
# The same figures of justice data alone (streams.justice): for the certified-institution
# regime only, never mixed into the general figures.
JUSTICE_REGION_FIGURES = aggregate_topic("justice-region-figures")  # key: region
# The general figures per municipality of residence (streams.residents), same record type:
# for the municipality regime, whose scope is its own residents.
MUNICIPALITY_FIGURES = aggregate_topic("municipality-figures")  # key: CBS municipality code

# A recipient may re-read its feed's history (a year of daily closes and more), but what
# left the hub for it is not kept for ever: two years, then Kafka deletes it.
FEED_RETENTION_MS = 2 * 365 * 24 * 3600 * 1000


def feed_topic_spec(recipient: str) -> TopicSpec:
    """One partition, so a recipient reads its publications in the order they were made."""
    config = {"cleanup.policy": "delete", "retention.ms": str(FEED_RETENTION_MS)}
    return TopicSpec(feed_topic(recipient), 1, config)


CORE_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(CARE_EVENTS, 6, KEEP_FOREVER),
    TopicSpec(JUSTICE_EVENTS, 6, KEEP_FOREVER),
    TopicSpec(CAPACITY, 3, KEEP_FOREVER),
    TopicSpec(DEADLETTER, 1, KEEP_FOREVER),
    TopicSpec(TRAJECTORY_FACTS, 6, KEEP_FOREVER),
    TopicSpec(AUDIT, 1, KEEP_FOREVER),
    # Only the latest figures of a region matter: compacted.
    TopicSpec(REGION_FIGURES, 6, {"cleanup.policy": "compact"}),
    TopicSpec(JUSTICE_REGION_FIGURES, 6, {"cleanup.policy": "compact"}),
    TopicSpec(MUNICIPALITY_FIGURES, 6, {"cleanup.policy": "compact"}),
)
