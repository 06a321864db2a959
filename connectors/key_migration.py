"""Key migration against Kafka: read the person-event topics, publish the plan.

``privacy.migration`` decides what to publish; this reads what it decides from and sends
it through the publisher like any vetted event, as the ingest principal (which writes
and reads both person-event topics). A run reads every event on both topics into memory.
"""

from collections.abc import Iterable

from aiokafka import ConsumerRecord

from connectors.publisher import EventPublisher
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import read_to_end
from privacy.keys import PSEUDONYM_DOMAINS, KeyStore, KeyStoreError
from privacy.migration import MigrationPlan, TopicEvent, plan_migration
from privacy.pseudonym import Rekeyer
from registry.follower import read_registry
from schemas.codec import decode_record
from schemas.topics import CARE_EVENTS, JUSTICE_EVENTS

PERSON_TOPICS = (CARE_EVENTS, JUSTICE_EVENTS)


class MigrationIncompleteError(KeyStoreError):
    def __init__(self, version: int, missing: int) -> None:
        super().__init__(
            f"key version {version} is not fully migrated: {missing} re-keyed copies or "
            "retractions of its events are missing from the person-event topics: run "
            "`jeugdhub keys migrate` (again: something wrote under the old version after the "
            "last run, or it has not run yet), then retire again"
        )


async def person_events(access: KafkaAccess) -> list[TopicEvent]:
    """Every event now on the care-events and justice-events topics, decoded."""
    await read_registry(access)  # an event names registered organisations, checked again
    return still_held([message async for message in read_to_end(access, PERSON_TOPICS)])


def still_held(messages: Iterable[ConsumerRecord[bytes, bytes]]) -> list[TopicEvent]:
    """The events of ``messages`` (in topic order) less those erased since: a tombstone
    under an event's message key (``jeugdhub subject erase``) takes it out, so a
    migration never brings an erased event back under a new pseudonym."""
    held: dict[tuple[str, bytes | None], TopicEvent] = {}
    for message in messages:
        key = (message.topic, message.key)
        if message.value is None:
            held.pop(key, None)
        else:
            justice = message.topic == JUSTICE_EVENTS
            held[key] = TopicEvent(*decode_record(message.value), justice=justice)
    return list(held.values())


def old_versions(keys: KeyStore) -> list[int]:
    """The kept versions of the pseudonym domains other than the current one."""
    (status,) = (s for s in keys.status() if s.domain == PSEUDONYM_DOMAINS[0])
    return [version for version in status.versions if version != status.current_version]


def plans(
    keys: KeyStore, events: Iterable[TopicEvent], versions: Iterable[int]
) -> list[MigrationPlan]:
    """Per old version, what carries its events to the current version."""
    held = list(events)
    current, _ = keys.current(PSEUDONYM_DOMAINS[0])
    return [plan_migration(held, Rekeyer(keys, version, current)) for version in versions]


async def migrate(access: KafkaAccess, publisher: EventPublisher, keys: KeyStore) -> None:
    """Publish the plan of every old version; returns once Kafka acknowledged all."""
    for plan in plans(keys, await person_events(access), old_versions(keys)):
        await publisher.publish_all(plan.events, [])
        await publisher.restrict(
            [(JUSTICE_EVENTS if justice else CARE_EVENTS, m) for justice, m in plan.restrictions]
        )


async def require_migrated(access: KafkaAccess, keys: KeyStore, version: int) -> None:
    """Refuse, naming how many, while events under ``version`` lack their migration."""
    (plan,) = plans(keys, await person_events(access), [version])
    if plan.pending:
        raise MigrationIncompleteError(version, plan.pending)
