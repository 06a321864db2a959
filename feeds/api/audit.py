"""The feed API's audit: every read is written to the audit trail before it is served.

``FeedApi``'s reading methods call :class:`FeedAudit` themselves, so every route that
reads through them (the dashboard's too) is audited; refusals (401, 403) are audited
where they are answered. An entry that cannot be written is an
``AuditUnavailableError``, which the app answers with 503: nothing is served unaudited.
The access point (the client's address) is taken per request by :class:`AccessPoint`.
"""

import logging
from contextvars import ContextVar
from typing import Any

import anyio

from feeds.subscribers import Subscriber
from privacy.audit.facts import AccessFacts, Action, Outcome
from privacy.audit.writer import AuditUnavailableError, AuditWriter

log = logging.getLogger(__name__)

_client: ContextVar[str] = ContextVar("feed_api_client", default="unknown")


class AccessPoint:
    """ASGI middleware: the client's address, for the audit entries of this request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("client"):
            _client.set(str(scope["client"][0]))
        await self.app(scope, receive, send)


class FeedAudit:
    """Entries of one feed API process, in its own chain."""

    def __init__(self, writer: AuditWriter, purposes: dict[str, str]) -> None:
        self.writer = writer
        self._purposes = purposes  # regime name -> the purpose its policy file states

    def _facts(
        self, subscriber: Subscriber, action: Action, outcome: Outcome, detail: str | None
    ) -> AccessFacts:
        return AccessFacts(
            action=action,
            user=f"token:{subscriber.token_id}",
            role=f"subscriber ({subscriber.regime})",
            organisation=subscriber.scope or subscriber.name,
            on_behalf_of=subscriber.name,
            target=subscriber.feed_topic,
            purpose=self._purposes.get(subscriber.regime, f"regime {subscriber.regime}"),
            outcome=outcome,
            channel="sse" if action.value.startswith("feed.stream") else "http",
            host=_client.get(),
            detail=detail,
        )

    async def granted(
        self, subscriber: Subscriber, action: Action, detail: str | None = None
    ) -> None:
        """Raises ``AuditUnavailableError`` when the entry is not written: refuse then."""
        await self.writer.record(self._facts(subscriber, action, Outcome.GRANTED, detail))

    async def failed(self, subscriber: Subscriber, action: Action, detail: str) -> None:
        """A read that could not be served; it is refused anyway, so a lost entry is logged."""
        try:
            await self.writer.record(self._facts(subscriber, action, Outcome.FAILED, detail))
        except AuditUnavailableError:
            log.error("audit entry of a failed %s not written", action.value)

    async def stream_ended(self, subscriber: Subscriber, sent: int) -> None:
        # Shielded: a stream usually ends because its client went away, which cancels it.
        with anyio.CancelScope(shield=True):
            try:
                await self.writer.record(
                    self._facts(
                        subscriber, Action.FEED_STREAM_END, Outcome.GRANTED, f"{sent} releases sent"
                    )
                )
            except AuditUnavailableError:
                log.error("audit entry of a stream's end not written")

    async def refused(
        self, status: int, path: str, subscriber: Subscriber | None, token_id: str | None
    ) -> None:
        """A 401 or 403; raises ``AuditUnavailableError`` when the entry is not written."""
        if subscriber is not None:
            detail = f"{status} {path}"
            facts = self._facts(subscriber, Action.FEED_REFUSED, Outcome.REFUSED, detail)
        else:
            facts = AccessFacts(
                action=Action.FEED_REFUSED,
                user="anonymous" if token_id is None else f"token:{token_id}",
                role="unknown",
                organisation="unknown",
                target=path,
                purpose="none given",
                outcome=Outcome.REFUSED,
                channel="http",
                host=_client.get(),
                detail=str(status),
            )
        await self.writer.record(facts)
