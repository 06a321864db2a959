"""The ingest pipeline wired from the settings: keys, edge, producer, accepted index."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from connectors.accepted import AcceptedIndex
from connectors.deadletters import DeadLetterSealer
from connectors.ingest import Ingestor
from connectors.publisher import EventPublisher, durable_producer
from jeugdhub.kafka_cluster import bootstrap_servers, ensure_topics
from jeugdhub.settings import Settings
from privacy.edge import Edge
from privacy.keys import KeyStore, load_kek
from privacy.pseudonym import Pseudonymiser


@dataclass(frozen=True)
class IngestStack:
    ingestor: Ingestor
    sealer: DeadLetterSealer
    bootstrap_servers: str


@asynccontextmanager
async def ingest_stack(settings: Settings) -> AsyncIterator[IngestStack]:
    """Everything a connector needs to ingest; the producer is flushed and closed at exit."""
    bootstrap = bootstrap_servers(settings)
    await ensure_topics(bootstrap, replication_factor=settings.topic_replication_factor)
    keys = KeyStore.open(settings.keystore_file, load_kek(settings))
    sealer = DeadLetterSealer(keys)
    publisher = EventPublisher(lambda: durable_producer(bootstrap))
    await publisher.start()
    try:
        accepted = await AcceptedIndex.from_topics(bootstrap)
        ingestor = Ingestor(Edge(Pseudonymiser(keys)), publisher, sealer, accepted)
        yield IngestStack(ingestor, sealer, bootstrap)
    finally:
        await publisher.stop()
