"""How a command audits what it does: an entry before it acts, another if it fails.

The entry is written (and acknowledged) before the command touches anything, so a command
whose audit entry cannot be written does nothing and exits 1 (fail closed). The user is
the operator's account on this machine, the organisation the hub's own code.
"""

import asyncio
import getpass
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from jeugdhub.kafka_access import HubPrincipal
from jeugdhub.settings import Settings
from privacy.audit.facts import AccessFacts, Action, Outcome
from privacy.audit.writer import AuditWriter, writer_for


@dataclass(frozen=True)
class CommandAccess:
    """What one command does, for its audit entries."""

    action: Action
    target: str
    purpose: str
    data_subject: str | None = None
    detail: str | None = None

    def facts(self, settings: Settings, outcome: Outcome, detail: str | None) -> AccessFacts:
        return AccessFacts(
            action=self.action,
            user=f"operator:{getpass.getuser()}",
            role="operator",
            organisation=settings.audit_organisation,
            target=self.target,
            purpose=self.purpose,
            outcome=outcome,
            channel="cli",
            host=socket.gethostname(),
            data_subject=self.data_subject,
            detail=detail,
        )


def _failed(access: CommandAccess, error: Exception) -> str:
    return type(error).__name__ + (f"; {access.detail}" if access.detail else "")


@asynccontextmanager
async def audited_async(
    settings: Settings, principal: HubPrincipal, access: CommandAccess
) -> AsyncIterator[AuditWriter]:
    """Audit ``access`` around the block; the writer stays open for entries of its own."""
    writer = writer_for(settings, principal, f"cli-{access.action.value}")
    try:
        await writer.record(access.facts(settings, Outcome.GRANTED, access.detail))
        try:
            yield writer
        except Exception as error:
            await writer.record(access.facts(settings, Outcome.FAILED, _failed(access, error)))
            raise
    finally:
        await writer.stop()


async def _record_and_close(writer: AuditWriter, facts: AccessFacts) -> None:
    try:
        await writer.record(facts)
    finally:
        await writer.stop()


@contextmanager
def audited(settings: Settings, principal: HubPrincipal, access: CommandAccess) -> Iterator[None]:
    """The same for a command that does not run an event loop itself.

    Each entry has an event loop of its own; the chain goes on across them (the writer
    makes a new producer for each).
    """
    writer = writer_for(settings, principal, f"cli-{access.action.value}")
    asyncio.run(_record_and_close(writer, access.facts(settings, Outcome.GRANTED, access.detail)))
    try:
        yield
    except Exception as error:
        failed = access.facts(settings, Outcome.FAILED, _failed(access, error))
        asyncio.run(_record_and_close(writer, failed))
        raise
