"""What the code that grants, refuses or performs an access says about it (NEN 7513).

The writer adds the moment, the chain and the signature. Nothing here may be a raw
identifier: a user is a principal, a token id or an operator account; a data subject is a
pseudonym.
"""

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    FAILED = "failed"


class Action(StrEnum):
    """Every audited action; the value is what an entry's ``action`` holds."""

    FEED_SNAPSHOT = "feed.snapshot"
    FEED_CSV = "feed.csv"
    FEED_STREAM_START = "feed.stream.start"
    FEED_STREAM_END = "feed.stream.end"
    FEED_KAFKA_CONSUMER = "feed.kafka-consumer"
    FEED_REFUSED = "feed.refused"
    KAFKA_REFUSED = "kafka.refused"
    AUDIT_EXPORT = "audit.export"
    AUDIT_QUERY = "audit.query"
    DEADLETTER_LIST = "deadletter.list"
    DEADLETTER_REPLAY = "deadletter.replay"
    KEYS_INIT = "keys.init"
    KEYS_ROTATE = "keys.rotate"
    KEYS_STATUS = "keys.status"
    TOKEN_ISSUE = "token.issue"
    TOKEN_REVOKE = "token.revoke"
    SUBSCRIBER_ADD = "subscriber.add"
    SUBSCRIBER_REMOVE = "subscriber.remove"
    REGISTRY_IMPORT = "registry.import"
    REGISTRY_DEACTIVATE = "registry.deactivate"
    REGIME_APPLIED = "regime.applied"
    KEYS_RETIRE = "keys.retire"
    KEYS_REWRAP = "keys.rewrap"
    KEYS_MIGRATE = "keys.migrate"
    SUBJECT_EXPORT = "subject.export"
    SUBJECT_ERASE = "subject.erase"
    SUBJECT_RESTRICT = "subject.restrict"
    SUBJECT_LIFT_RESTRICTION = "subject.lift-restriction"


@dataclass(frozen=True)
class AccessFacts:
    """One access as its caller knows it; see ``schemas.audit.AuditEntry`` for each field."""

    action: Action
    user: str
    role: str
    organisation: str
    target: str
    purpose: str
    outcome: Outcome
    channel: str
    host: str
    on_behalf_of: str | None = None
    data_subject: str | None = None
    detail: str | None = None
