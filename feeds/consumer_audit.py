"""Subscribers' own Kafka clients on the audit trail, from the broker's authorizer log.

From the broker's decisions to audit facts: a subscriber reading its feed topic with its
own Kafka client is one session per principal, client address and topic, from its first
fetch until it has fetched nothing for ``idle_s``; every denial is a refusal (the same
denial repeated within ``idle_s`` is one refusal, as a client retries many times)."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from feeds.subscribers import PRINCIPAL_PREFIX, SubscriberStore
from privacy.audit.broker_log import BrokerDecision, LogPosition, parse_line
from privacy.audit.facts import AccessFacts, Action, Outcome
from privacy.audit.writer import AuditUnavailableError, AuditWriter

POLL_S = 1.0


@dataclass(frozen=True)
class _Key:
    principal: str
    host: str
    resource: str
    operation: str


class ConsumerSessions:
    def __init__(
        self,
        subscribers: SubscriberStore,
        purposes: dict[str, str],
        own_organisation: str,
        idle_s: float,
    ) -> None:
        self._subscribers = subscribers
        self._purposes = purposes
        self._own_organisation = own_organisation
        self._idle = timedelta(seconds=idle_s)
        self._reading: dict[_Key, datetime] = {}  # open sessions: last fetch
        self._refused: dict[_Key, datetime] = {}  # recent denials: last seen

    def decided(self, decision: BrokerDecision) -> list[AccessFacts]:
        """The facts this decision starts (a session, a refusal); none when it continues one."""
        key = _Key(decision.principal, decision.host, decision.resource, decision.operation)
        if not decision.allowed:
            last = self._refused.get(key)
            self._refused[key] = decision.at
            if last is not None and decision.at - last < self._idle:
                return []
            detail = f"{decision.operation} {decision.resource_type} ({decision.request}) denied"
            return [self._facts(decision, Action.KAFKA_REFUSED, Outcome.REFUSED, detail)]
        is_fetch = decision.request == "Fetch" and decision.operation == "READ"
        if not (is_fetch and decision.principal.startswith(PRINCIPAL_PREFIX)):
            return []
        started = key not in self._reading
        self._reading[key] = decision.at
        if not started:
            return []
        return [self._facts(decision, Action.FEED_KAFKA_CONSUMER, Outcome.GRANTED, "started")]

    def idle(self, now: datetime) -> list[AccessFacts]:
        """The facts of sessions that have ended: no fetch for ``idle_s`` before ``now``."""
        ended = [key for key, last in self._reading.items() if now - last >= self._idle]
        facts = []
        for key in ended:
            last = self._reading.pop(key)
            decision = BrokerDecision(
                last, key.principal, True, key.operation, key.host, "TOPIC", key.resource, "Fetch"
            )
            facts.append(
                self._facts(
                    decision,
                    Action.FEED_KAFKA_CONSUMER,
                    Outcome.GRANTED,
                    f"stopped (last fetch {last.isoformat(timespec='seconds')})",
                )
            )
        self._refused = {k: t for k, t in self._refused.items() if now - t < self._idle}
        return facts

    def _facts(
        self, decision: BrokerDecision, action: Action, outcome: Outcome, detail: str
    ) -> AccessFacts:
        name = decision.principal.removeprefix(PRINCIPAL_PREFIX)
        subscriber = (
            self._subscribers.find(name)
            if decision.principal.startswith(PRINCIPAL_PREFIX)
            else None
        )
        return AccessFacts(
            action=action,
            user=f"kafka:{decision.principal}",
            role=(
                f"subscriber ({subscriber.regime})"
                if subscriber is not None
                else "hub process"
                if decision.principal.startswith("jeugdhub-")
                else "unknown"
            ),
            organisation=(
                self._own_organisation
                if subscriber is None
                else subscriber.scope or subscriber.name
            ),
            on_behalf_of=None if subscriber is None else subscriber.name,
            target=decision.resource,
            purpose=(
                "none given"
                if subscriber is None
                else self._purposes.get(subscriber.regime, f"regime {subscriber.regime}")
            ),
            outcome=outcome,
            channel="kafka",
            host=decision.host,
            detail=detail,
        )


async def watch(
    positions: list[LogPosition], sessions: ConsumerSessions, writer: AuditWriter
) -> None:
    """Audit what the brokers log (one log per node), for as long as they run.

    Lines are read once; their facts wait until written (a failed write is tried again),
    and each log's position moves past its lines only then. A watcher stopped with facts
    unwritten reads those lines again when it starts.
    """
    pending: list[AccessFacts] = []
    ends: list[int] = []
    while True:
        if not pending:
            read = [position.unread() for position in positions]
            ends = [end for _, end in read]
            decisions = [d for lines, _ in read for line in lines if (d := parse_line(line))]
            decisions.sort(key=lambda decision: decision.at)
            pending = [fact for decision in decisions for fact in sessions.decided(decision)]
            pending += sessions.idle(datetime.now(UTC))
        try:
            while pending:
                await writer.record(pending[0])
                pending.pop(0)
        except AuditUnavailableError:
            await asyncio.sleep(POLL_S)
            continue
        for position, end in zip(positions, ends, strict=True):
            position.move_to(end)
        await asyncio.sleep(POLL_S)
