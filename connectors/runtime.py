"""The ingest pipeline wired from the settings: keys, registry, edge, producer, index."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from connectors.accepted import AcceptedIndex
from connectors.deadletters import DeadLetterSealer
from connectors.ingest import Ingestor
from connectors.keyring import FollowedKeyStore
from connectors.publisher import EventPublisher, durable_producer
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.kafka_cluster import require_topics
from jeugdhub.settings import Settings
from privacy.edge import Edge
from privacy.keys import load_kek
from privacy.pseudonym import Pseudonymiser
from registry.follower import following_async
from schemas.topics import CAPACITY, CARE_EVENTS, DEADLETTER, JUSTICE_EVENTS


@dataclass(frozen=True)
class IngestStack:
    ingestor: Ingestor
    sealer: DeadLetterSealer
    access: KafkaAccess


@asynccontextmanager
async def ingest_stack(settings: Settings) -> AsyncIterator[IngestStack]:
    """Everything a connector needs to ingest; the producer is flushed and closed at exit.

    The organisation registry is followed while it runs: who may submit, where each
    location lies and which care is contracted change without a restart. So is the key
    store: a rotated or retired version is used or dropped from the next batch on
    (``connectors.keyring``).
    """
    access = kafka_access(settings, HubPrincipal.INGEST)
    await require_topics(access, (CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, DEADLETTER))
    followed = FollowedKeyStore(settings.keystore_file, lambda: load_kek(settings))
    keys = followed.store
    sealer = DeadLetterSealer(keys)
    async with following_async(access), event_publisher(access) as publisher:
        accepted = await AcceptedIndex.from_topics(access)
        ingestor = Ingestor(Edge(Pseudonymiser(keys)), publisher, sealer, accepted, followed)
        yield IngestStack(ingestor, sealer, access)


@asynccontextmanager
async def event_publisher(access: KafkaAccess) -> AsyncIterator[EventPublisher]:
    """The one producer of the event topics, started, and flushed and closed at exit: the
    ingest's, and the erasure's (``jeugdhub subject erase``), which runs no edge."""
    publisher = EventPublisher(lambda: durable_producer(access))
    await publisher.start()
    try:
        yield publisher
    finally:
        await publisher.stop()
