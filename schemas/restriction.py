"""The restriction of processing of one youth (AVG art. 18), as a message on the
person-event topics.

``jeugdhub subject restrict`` publishes one marker under each of the youth's pseudonyms
(every kept key version, general and justice domain); while the youth's set holds one,
its events are kept (stored, exportable) but contribute to no figure (streams/
DEFINITIONS.md "Restriction"). ``jeugdhub subject lift-restriction`` is a tombstone under
the marker's message key. Not an event a source can send: it is in no ingest path
(``schemas.catalog.EVENT_TYPES``), only the hub writes it.
"""

import hashlib
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from schemas.person_events import message_key_for
from schemas.records import Envelope, PseudonymValue, Record, Source
from schemas.vocabulary import OrganisationType

_MARKER_ID_LABEL = b"jeugdhub-restriction-v1:"
HUB_SOURCE_CODE = "jeugdhub"


class RestrictedYouth(Record):
    """Whom a restriction marker is about: the pseudonym alone, nothing generalised."""

    avro_name: ClassVar[str] = "RestrictedYouth"
    pseudonym: PseudonymValue
    pseudonym_key_version: int = Field(ge=1)


class ProcessingRestricted(Record):
    """Processing of the youth's events is restricted (AVG art. 18) until this marker
    is erased by a tombstone under its key: they are kept but counted in no figure."""

    avro_name: ClassVar[str] = "ProcessingRestricted"
    envelope: Envelope
    youth: RestrictedYouth

    @property
    def key(self) -> str:
        """The partitioning key: beside the youth's other events."""
        return self.youth.pseudonym

    @property
    def message_key(self) -> str:
        return message_key_for(self.key, self.envelope.event_id)


def restriction_id(pseudonym: str) -> str:
    """The marker's event id: one per pseudonym, so restricting twice publishes the same
    message again (compaction keeps one); a plain hash of an already keyed pseudonym."""
    return hashlib.sha256(_MARKER_ID_LABEL + pseudonym.encode()).hexdigest()


def restriction_marker(pseudonym: str, key_version: int, at: datetime) -> ProcessingRestricted:
    """The marker of one pseudonym, made by the hub at ``at``."""
    envelope = Envelope(
        event_id=restriction_id(pseudonym),
        occurred_at=at,
        reported_at=at,
        source=Source(organisation_type=OrganisationType.HUB, code=HUB_SOURCE_CODE),
    )
    return ProcessingRestricted(
        envelope=envelope,
        youth=RestrictedYouth(pseudonym=pseudonym, pseudonym_key_version=key_version),
    )
