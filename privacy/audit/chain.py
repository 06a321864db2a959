"""One writer's hash chain: the entries it makes, and the hash each one is known by.

An entry's hash is the SHA-256 of its canonical JSON without the signature (keys sorted,
no spaces); the next entry of the chain carries it as ``previous_hash``, so the head's
hash commits to the whole chain before it. The signature is over that hash. A chain is
one process instance's (``<process>@<host>/<pid>/<random>``): several writers never share
a chain, so none of them needs to know what another wrote.
"""

import hashlib
import json
import os
import secrets
import socket
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from privacy.audit.facts import AccessFacts
from privacy.audit.signing import Signer
from schemas.audit import AuditEntry

GENESIS = "0" * 64
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def entry_hash(entry: AuditEntry) -> str:
    fields = entry.model_dump(mode="json", exclude={"signature"})
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def new_chain_id(process: str) -> str:
    return f"{process}@{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


class Chain:
    """The next entry of one chain: its sequence and the hash it must carry."""

    def __init__(self, chain_id: str, signer: Signer) -> None:
        self.chain_id = chain_id
        self._signer = signer
        self.sequence = 0
        self.head = GENESIS

    def next_entry(self, facts: AccessFacts, now: datetime | None = None) -> AuditEntry:
        """The entry that follows the head; the chain moves on only with :meth:`advance`."""
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        unsigned = AuditEntry(
            chain=self.chain_id,
            sequence=self.sequence,
            previous_hash=self.head,
            action=facts.action.value,
            at_utc=moment.isoformat(timespec="microseconds").replace("+00:00", "Z"),
            at_amsterdam=moment.astimezone(AMSTERDAM).isoformat(timespec="microseconds"),
            user=facts.user,
            role=facts.role,
            organisation=facts.organisation,
            on_behalf_of=facts.on_behalf_of,
            target=facts.target,
            data_subject=facts.data_subject,
            purpose=facts.purpose,
            outcome=facts.outcome.value,
            channel=facts.channel,
            host=facts.host,
            detail=facts.detail,
            key_id=self._signer.key_id,
            signature=b"",
        )
        digest = bytes.fromhex(entry_hash(unsigned))
        return unsigned.model_copy(update={"signature": self._signer.sign(digest)})

    def advance(self, written: AuditEntry) -> None:
        self.sequence = written.sequence + 1
        self.head = entry_hash(written)
