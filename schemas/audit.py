"""One entry of the audit trail ``jeugdhub.audit.v1``: who did what, when, why, with what.

The fields follow NEN 7513 (logging of access to personal health data): the action, the
moment (UTC and Europe/Amsterdam), the user with role and organisation, on whose behalf,
the object, the data subject's pseudonym where there is one, the purpose, the outcome and
the access point. Every entry is in one writer's hash chain (``chain``, ``sequence``,
``previous_hash``) and signed (``privacy.audit``). No raw identifier is ever in an entry:
users are principals, token ids or operator accounts, data subjects only pseudonyms.
"""

from typing import Annotated, ClassVar

from pydantic import Field

from schemas.records import AVRO_LONG, Record


class AuditEntry(Record):
    """One audited access or change, signed, in its writer's hash chain."""

    avro_name: ClassVar[str] = "AuditEntry"
    chain: str = Field(max_length=200, description="the writing process instance's chain id")
    sequence: Annotated[int, AVRO_LONG] = Field(ge=0, description="position in its chain, from 0")
    previous_hash: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the chain's previous entry (0s at 0)"
    )
    action: str = Field(max_length=60, description="e.g. feed.snapshot, deadletter.replay")
    at_utc: str = Field(max_length=40, description="ISO 8601, UTC")
    at_amsterdam: str = Field(max_length=40, description="the same moment, Europe/Amsterdam")
    user: str = Field(max_length=200, description="principal, token id or operator account")
    role: str = Field(max_length=100)
    organisation: str = Field(max_length=200, description="AGB, CBS, region or own code")
    on_behalf_of: str | None = Field(default=None, max_length=200)
    target: str = Field(max_length=300, description="the object: feed, topic, letter, key")
    data_subject: str | None = Field(
        default=None, max_length=200, description="a pseudonym, where one person is concerned"
    )
    purpose: str = Field(max_length=1000, description="the regime's, or --purpose")
    outcome: str = Field(pattern=r"^(granted|refused|failed)$")
    channel: str = Field(max_length=40, description="http, sse, kafka, cli")
    host: str = Field(max_length=200, description="the access point: client or machine")
    detail: str | None = Field(default=None, max_length=500, description="never a value")
    key_id: str = Field(max_length=64, description="the signing key (its public key's hash)")
    signature: bytes = Field(description="Ed25519 over the entry's hash")
