"""Who may do what on the broker: the ACLs of every hub principal and every subscriber.

The one place that says it, as data: a principal's grants are (resource type, name,
literal or prefixed, operation) and nothing else is allowed (the broker runs with
``allow.everyone.if.no.acl.found=false``). ``jeugdhub kafka start`` and ``kafka setup``
make each hub principal's ACLs exactly these (``jeugdhub.broker_admin``); ``subscribers
add`` gives a subscriber its own feed topic and consumer groups, nothing more. The admin
is the broker's super user and has no ACLs.
"""

from dataclasses import dataclass

from confluent_kafka.admin import AclOperation, ResourcePatternType, ResourceType

from jeugdhub.kafka_access import HubPrincipal
from schemas.topics import (
    CAPACITY,
    CARE_EVENTS,
    DEADLETTER,
    JUSTICE_EVENTS,
    REGISTRY,
    TRAJECTORY_FACTS,
    feed_topic,
)

CLUSTER = "kafka-cluster"  # the name Kafka gives the one cluster resource
AGGREGATES_PREFIX = "jeugdhub.agg."  # every full-detail aggregate (justice ones included)
FEEDS_PREFIX = "jeugdhub.feed."
EGRESS_GROUP = "jeugdhub-egress"  # the egress process's consumer group
FEEDAPI_GROUP_PREFIX = "jeugdhub-feedapi"  # the feed API's consumer groups start with this
AUDIT_PREFIX = "jeugdhub.audit."  # the audit trail (setting audit_topic) and its copies

LITERAL = ResourcePatternType.LITERAL
PREFIXED = ResourcePatternType.PREFIXED
TOPIC = ResourceType.TOPIC
GROUP = ResourceType.GROUP
READ, WRITE, DESCRIBE = AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE


@dataclass(frozen=True)
class Grant:
    """One allowed operation on one resource (by exact name, or by name prefix)."""

    resource: ResourceType
    name: str
    pattern: ResourcePatternType
    operation: AclOperation


def _on(
    resource: ResourceType, name: str, pattern: ResourcePatternType, *ops: AclOperation
) -> list[Grant]:
    return [Grant(resource, name, pattern, op) for op in ops]


# Producers are idempotent (acks=all, enable_idempotence): the cluster must allow it.
_IDEMPOTENT = _on(ResourceType.BROKER, CLUSTER, LITERAL, AclOperation.IDEMPOTENT_WRITE)
# Every hub process follows the organisation registry (registry.follower); only the
# operator, as the admin, changes it (``jeugdhub registry import|deactivate``).
_FOLLOW_REGISTRY = _on(TOPIC, REGISTRY, LITERAL, READ, DESCRIBE)
# Every process that audits may append to the trail; only the audit principal reads it.
_WRITES_AUDIT = _on(TOPIC, AUDIT_PREFIX, PREFIXED, WRITE, DESCRIBE)


def _ingest() -> list[Grant]:
    # Writes what enters; reads the event topics back for the resubmission index
    # (connectors/accepted.py) and the dead letters for `deadletter list` and `replay`.
    # Reading without a consumer group (assign, no commits) needs no group ACL.
    grants = [
        grant
        for topic in (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, DEADLETTER)
        for grant in _on(TOPIC, topic, LITERAL, READ, WRITE, DESCRIBE)
    ]
    return grants + _WRITES_AUDIT + _IDEMPOTENT + _FOLLOW_REGISTRY


def _worker(app_id: str) -> list[Grant]:
    # faust names its leader topic (and any table changelog) and its consumer group after
    # the app id, and creates the topics itself when they do not exist. The worker is the
    # only reader of the justice events: it counts them apart (streams.youth_stage.justice), and
    # only the certified-institution regime gets their figures (from the egress).
    return [
        *_on(TOPIC, CARE_EVENTS, LITERAL, READ, DESCRIBE),
        *_on(TOPIC, JUSTICE_EVENTS, LITERAL, READ, DESCRIBE),
        *_on(TOPIC, CAPACITY, LITERAL, READ, DESCRIBE),
        *_on(TOPIC, TRAJECTORY_FACTS, LITERAL, READ, WRITE, DESCRIBE),
        *_on(TOPIC, AGGREGATES_PREFIX, PREFIXED, READ, WRITE, DESCRIBE),
        *_on(TOPIC, app_id, PREFIXED, READ, WRITE, DESCRIBE, AclOperation.CREATE),
        *_on(GROUP, app_id, PREFIXED, READ),
        *_IDEMPOTENT,
        *_FOLLOW_REGISTRY,
    ]


def _egress() -> list[Grant]:
    # The whole aggregate prefix, justice aggregates too: the egress applies each regime.
    # It reads the feeds back at start, so that no period is released twice.
    return [
        *_on(TOPIC, AGGREGATES_PREFIX, PREFIXED, READ, DESCRIBE),
        *_on(TOPIC, FEEDS_PREFIX, PREFIXED, READ, WRITE, DESCRIBE),
        *_on(GROUP, EGRESS_GROUP, LITERAL, READ),
        *_WRITES_AUDIT,  # the regimes it applies (privacy.audit.regimes)
        *_IDEMPOTENT,
        *_FOLLOW_REGISTRY,
    ]


def _feedapi() -> list[Grant]:
    # Each read is audited before it is served (privacy.audit), so it writes the trail.
    return [
        *_on(TOPIC, FEEDS_PREFIX, PREFIXED, READ, DESCRIBE),
        *_on(GROUP, FEEDAPI_GROUP_PREFIX, PREFIXED, READ),
        *_WRITES_AUDIT,
        *_IDEMPOTENT,
    ]


def _audit() -> list[Grant]:
    # `audit verify|query|export` read the trail; they, `keys` and `tokens` write it.
    return [*_on(TOPIC, AUDIT_PREFIX, PREFIXED, READ), *_WRITES_AUDIT, *_IDEMPOTENT]


def hub_grants(worker_app_id: str) -> dict[HubPrincipal, list[Grant]]:
    """Every hub principal but the admin (the super user), with exactly its grants."""
    return {
        HubPrincipal.INGEST: _ingest(),
        HubPrincipal.WORKER: _worker(worker_app_id),
        HubPrincipal.EGRESS: _egress(),
        HubPrincipal.FEEDAPI: _feedapi(),
        HubPrincipal.AUDIT: _audit(),
    }


def subscriber_grants(subscriber_name: str, principal: str) -> list[Grant]:
    """A subscriber reads its own feed topic, in consumer groups named after its principal."""
    return [
        *_on(TOPIC, feed_topic(subscriber_name), LITERAL, READ, DESCRIBE),
        *_on(GROUP, principal, PREFIXED, READ),
    ]
