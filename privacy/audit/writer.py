"""Putting audit entries on the audit topic, and refusing the access when that fails.

:meth:`AuditWriter.record` returns only once the broker has acknowledged the entry
(acks=all, idempotent producer); otherwise it raises :class:`AuditUnavailableError`, and
the caller refuses the access (HTTP 503, a command exits 1): nothing is served unaudited.

Entries of one writer are written one at a time, in chain order, so the order on the
topic is the order of the chain. After a failure the writer cannot know whether the entry
reached the log (an acknowledgement may be lost), so it drops its producer and continues
in a new chain: the old one ends where the log says it ends, with no hole to explain.
"""

import asyncio
import contextlib
import logging

from aiokafka.errors import KafkaError

from connectors.publisher import DurableProducer, durable_producer
from jeugdhub.errors import JeugdhubError
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess, kafka_access
from jeugdhub.settings import Settings
from privacy.audit import metrics
from privacy.audit.chain import Chain, new_chain_id
from privacy.audit.facts import AccessFacts
from privacy.audit.signing import Signer, load_or_create_signer
from schemas.audit import AuditEntry
from schemas.codec import encode

log = logging.getLogger(__name__)


class AuditUnavailableError(JeugdhubError):
    """The audit entry of an access was not acknowledged, so the access is refused."""

    def __init__(self, topic: str, cause: BaseException) -> None:
        super().__init__(
            f"the audit trail {topic} cannot be written ({type(cause).__name__}), so this "
            "access is refused; check that Kafka runs and that this process may write the "
            "audit topic (`jeugdhub kafka start` or `kafka setup` grants it)"
        )


class AuditWriter:
    """One process's writer: its own chain, one producer, started on first use."""

    def __init__(
        self, access: KafkaAccess, signer: Signer, topic: str, process: str, timeout_s: float
    ) -> None:
        self._access = access
        self._signer = signer
        self.topic = topic
        self._process = process
        self._timeout_s = timeout_s
        self.chain = Chain(new_chain_id(process), signer)
        self._producer: DurableProducer | None = None
        self._one_at_a_time = asyncio.Lock()

    async def record(self, facts: AccessFacts) -> AuditEntry:
        """Write the entry and wait for the broker; the access may go ahead only after this."""
        async with self._one_at_a_time:
            entry = self.chain.next_entry(facts)
            try:
                producer = await self._ready()
                await asyncio.wait_for(
                    producer.send_and_wait(self.topic, encode(entry), key=entry.chain.encode()),
                    self._timeout_s,
                )
            except (KafkaError, TimeoutError, OSError) as error:
                metrics.WRITE_FAILURES.inc()
                await self._restart_chain()
                raise AuditUnavailableError(self.topic, error) from None
            self.chain.advance(entry)
            metrics.written()
            return entry

    async def _ready(self) -> DurableProducer:
        if self._producer is None:
            producer = durable_producer(
                self._access, request_timeout_ms=int(self._timeout_s * 1000), linger_ms=0
            )
            try:
                await asyncio.wait_for(producer.start(), self._timeout_s)
            except BaseException:
                with contextlib.suppress(Exception):
                    await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _restart_chain(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), self._timeout_s)
        self.chain = Chain(new_chain_id(self._process), self._signer)
        log.warning("audit trail %s not writable; later entries in a new chain", self.topic)

    async def stop(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            await producer.stop()


def writer_for(settings: Settings, principal: HubPrincipal, process: str) -> AuditWriter:
    """The audit writer of a hub process that logs in to Kafka as ``principal``."""
    return AuditWriter(
        kafka_access(settings, principal),
        load_or_create_signer(settings.audit_signing_key_file),
        settings.audit_topic,
        process,
        settings.audit_write_timeout_s,
    )
