"""A rejected record kept for an operator: why it was rejected, and the payload sealed.

The payload may hold a BSN, a name or a birth date, so it travels only encrypted
(``connectors.deadletters``); everything else in a dead letter is free of personal data.
"""

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import Field

from schemas.records import Record, Source

DeadLetterId = Annotated[
    str, Field(pattern=r"^[0-9a-f]{32}$", description="random dead-letter id (hex UUID)")
]


class Problem(Record):
    """One reason a record was rejected: a field and why, never the value."""

    avro_name: ClassVar[str] = "Problem"
    field: str = Field(max_length=300)
    reason: str = Field(max_length=1000)
    rule: str | None = Field(default=None, max_length=20)


class DeadLetter(Record):
    """A rejected record on the dead-letter topic (key: who submitted it)."""

    avro_name: ClassVar[str] = "DeadLetter"
    dead_letter_id: DeadLetterId
    received_at: datetime
    submitted_by: Source = Field(description="the authenticated organisation, or HUB for files")
    channel: str = Field(max_length=40, description="json, ijw, csv:<template>, replay, ...")
    locator: str = Field(max_length=300, description="where in the input; never a value")
    problems: list[Problem]
    payload_key_version: int = Field(ge=1, description="version of the deadletter key")
    payload_nonce: bytes
    payload_ciphertext: bytes = Field(description="AES-256-GCM; associated data: the id")
    replay_of: DeadLetterId | None = Field(default=None, description="the dead letter replayed")

    @property
    def key(self) -> str:
        return f"{self.submitted_by.organisation_type}:{self.submitted_by.code}"
