"""Every Kafka topic of the hub, named in this one module.

Partition counts are the unit of scale: a region that outgrows one worker runs more workers
on more partitions. The audit trail is never compacted and never expires.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

# v2: one message key per event (``<youth pseudonym>/<event id>``, partitioned by the
# pseudonym) and compacted, so that erasing a youth (``privacy.subjects``) removes its
# events; v1 was keyed by the pseudonym alone, where compaction would keep one event per
# youth.
CARE_EVENTS = "jeugdhub.care-events.v2"  # key: youth pseudonym/event id; no justice data
# Child protection and youth probation (``schemas.vocabulary.is_justice_data``), under the
# justice pseudonym domains: only the ingest writes it and only the worker reads it.
JUSTICE_EVENTS = "jeugdhub.justice-events.v2"  # key: justice youth pseudonym/event id
CAPACITY = "jeugdhub.capacity.v1"  # key: provider location
DEADLETTER = "jeugdhub.deadletter.v1"  # key: source; payload encrypted
# Compacted, so that erasing a youth removes its events (privacy.subjects).
ERASABLE_TOPICS = (CARE_EVENTS, JUSTICE_EVENTS)
# What enters the hub: the worker's inputs, and where a resubmission is recognised.
EVENT_TOPICS = (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY)
TRAJECTORY_FACTS = "jeugdhub.trajectory-facts.v4"  # key: region; bundles (streams.messages)
AUDIT = "jeugdhub.audit.v1"  # append-only, hash-chained
# key: the entry (provider:AGB, location:AGB/CODE, ...); compacted, every process follows it
REGISTRY = "jeugdhub.registry.v1"


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


REGION_FIGURES = aggregate_topic("region-figures")  # key: region; without justice data
# The same figures of justice data alone (streams.youth_stage.justice): for the
# certified-institution regime only, never mixed into the general figures.
JUSTICE_REGION_FIGURES = aggregate_topic("justice-region-figures")  # key: region
# The general figures per municipality of residence (streams.youth_stage.residents), same record
# type: for the municipality regime, whose scope is its own residents.
MUNICIPALITY_FIGURES = aggregate_topic("municipality-figures")  # key: CBS municipality code
# The same per provider's part of a region (streams.youth_stage.providers): for the provider regime.
PROVIDER_FIGURES = aggregate_topic("provider-figures")  # key: <AGB code>@<region code>

# A recipient may re-read its feed's history (a year of daily closes and more), but what
# left the hub for it is not kept for ever: two years, then Kafka deletes it.
FEED_RETENTION_MS = 2 * 365 * 24 * 3600 * 1000


def feed_topic_spec(recipient: str) -> TopicSpec:
    """One partition, so a recipient reads its publications in the order they were made."""
    config = {"cleanup.policy": "delete", "retention.ms": str(FEED_RETENTION_MS)}
    return TopicSpec(feed_topic(recipient), 1, config)


DAY_MS = 24 * 3600 * 1000
# How long each topic keeps a message by default (days; None: no time limit), and why.
# An operator changes one with JEUGDHUB_RETENTION_DAYS (jeugdhub.settings); `kafka start`
# and `kafka setup` apply it to existing topics too. The legal grounds are in the README
# ("Retention").
DEFAULT_RETENTION_DAYS: dict[str, int | None] = {
    # The worker reads these again from their first offset after every start and
    # rebalance (streams.worker.replay): a message that expired would leave the figures.
    # Kept until the worker resumes from verified state instead (the streams issue).
    CARE_EVENTS: None,
    JUSTICE_EVENTS: None,
    CAPACITY: None,
    TRAJECTORY_FACTS: None,
    # A rejected record is kept for its sender to correct and replay, not longer.
    DEADLETTER: 90,
    # The accountability of every access (AVG art. 5(2)): never expires.
    AUDIT: None,
}
# Topics whose retention may not be shortened while the worker replays them in full.
REPLAYED_TOPICS = frozenset({CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, TRAJECTORY_FACTS, AUDIT})


def kept(days: int | None) -> dict[str, str]:
    """The configuration of a topic that keeps a message ``days`` days (None: for ever)."""
    return {
        "cleanup.policy": "delete",
        "retention.ms": "-1" if days is None else str(days * DAY_MS),
    }


# Erasable topics are compacted: a tombstone under an event's key removes the event. How
# long an erased event stays readable is bounded by the log cleaner's maximum lag (it
# also rolls the active segment, which is never compacted); the tombstone itself (the
# key, no content) goes after DELETE_RETENTION_MS, once every reader has had a day to see it.
MAX_COMPACTION_LAG_MS = DAY_MS
DELETE_RETENTION_MS = DAY_MS


def erasable(days: int | None) -> dict[str, str]:
    """A topic whose events can be erased one by one: compacted, and besides kept
    ``days`` days (None: for ever). With "delete" in the policy an operator can still cut
    a partition's head (Kafka refuses deleteRecords on a topic that is compacted only)."""
    return {
        "cleanup.policy": "compact,delete",
        "retention.ms": kept(days)["retention.ms"],
        "max.compaction.lag.ms": str(MAX_COMPACTION_LAG_MS),
        "delete.retention.ms": str(DELETE_RETENTION_MS),
    }


def core_topics(retention_days: Mapping[str, int | None] | None = None) -> tuple[TopicSpec, ...]:
    """The hub's own topics, with the default retention overridden per topic."""
    retention = {**DEFAULT_RETENTION_DAYS, **(retention_days or {})}
    return (
        TopicSpec(CARE_EVENTS, 6, erasable(retention[CARE_EVENTS])),
        TopicSpec(JUSTICE_EVENTS, 6, erasable(retention[JUSTICE_EVENTS])),
        TopicSpec(CAPACITY, 3, kept(retention[CAPACITY])),
        TopicSpec(DEADLETTER, 1, kept(retention[DEADLETTER])),
        TopicSpec(TRAJECTORY_FACTS, 6, kept(retention[TRAJECTORY_FACTS])),
        TopicSpec(AUDIT, 1, kept(retention[AUDIT])),
        # One partition: an import is one transaction, read in the order it was written.
        TopicSpec(REGISTRY, 1, {"cleanup.policy": "compact"}),
        # Only the latest figures of a region matter: compacted.
        TopicSpec(REGION_FIGURES, 6, {"cleanup.policy": "compact"}),
        TopicSpec(JUSTICE_REGION_FIGURES, 6, {"cleanup.policy": "compact"}),
        TopicSpec(MUNICIPALITY_FIGURES, 6, {"cleanup.policy": "compact"}),
        TopicSpec(PROVIDER_FIGURES, 6, {"cleanup.policy": "compact"}),
    )


CORE_TOPICS = core_topics()
