"""Data-subject requests (AVG art. 15): every event the hub holds under one youth's
pseudonyms.

A youth has one pseudonym per kept key version of the youth domain, and one per kept
version of the justice-youth domain (justice data travels apart under its own keys).
From the BSN and the key store this computes them all and reads the event topics for
messages keyed by any of them. A version that was retired can no longer be computed,
which is the point of retiring it: events under it no longer link to this BSN.

Erasure (AVG art. 17) is a tombstone under the key of every event found: the event topics
are compacted with one key per event (``schemas.topics``), so the log cleaner removes
the events, and the worker, which reads the tombstones like any message, removes them
from the youth's state and the figures at once (``streams.youth_stage.step``).

Restriction (AVG art. 18) is a marker (``schemas.restriction``) under each pseudonym, on
the topic of its domain; lifting it is a tombstone under each marker held.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import read_to_end
from privacy.bsn import validate_bsn
from privacy.keys import KeyDomain, KeyStore
from privacy.pseudonym import Pseudonymiser
from schemas.codec import decode_any
from schemas.person_events import subject_of
from schemas.restriction import ProcessingRestricted, restriction_marker
from schemas.topics import CARE_EVENTS, ERASABLE_TOPICS, JUSTICE_EVENTS

YOUTH_DOMAINS = (KeyDomain.YOUTH, KeyDomain.JUSTICE_YOUTH)


@dataclass(frozen=True)
class HeldEvent:
    """One event of the youth, where it is held and what it says."""

    topic: str
    partition: int
    offset: int
    key: str  # <pseudonym>/<event id>: what the tombstone that erases it is keyed by
    event: dict[str, Any]
    type: str = ""  # the record type (Avro name): an event's, or ProcessingRestricted


def current_pseudonym(keys: KeyStore, bsn: str) -> str:
    """The youth's general pseudonym under the current key: how the audit trail names it."""
    valid = validate_bsn(bsn, field="the BSN on standard input")
    return Pseudonymiser(keys).pseudonymise(KeyDomain.YOUTH, valid).value


def subject_pseudonyms(keys: KeyStore, bsn: str) -> frozenset[str]:
    """The youth's pseudonyms under every kept version of the youth domains."""
    valid = validate_bsn(bsn, field="the BSN on standard input")
    pseudonymiser = Pseudonymiser(keys)
    return frozenset(
        pseudonymiser.pseudonymise_with(status.domain, valid, version).value
        for status in keys.status()
        if status.domain in YOUTH_DOMAINS
        for version in status.versions
    )


async def held_events(access: KafkaAccess, pseudonyms: Iterable[str]) -> list[HeldEvent]:
    """Every event on the person-event topics under one of the pseudonyms; an erased one
    until the log cleaner has removed it (it is still readable there until then)."""
    keys = {pseudonym.encode() for pseudonym in pseudonyms}
    return [
        HeldEvent(
            message.topic,
            message.partition,
            message.offset,
            message.key.decode(),
            record.model_dump(mode="json"),
            record.avro_name,
        )
        async for message in read_to_end(access, ERASABLE_TOPICS)
        if message.key is not None and message.value is not None and subject_of(message.key) in keys
        for record in (decode_any(message.value),)
    ]


def tombstones(held: Iterable[HeldEvent]) -> list[tuple[str, int, bytes]]:
    """Where each held event's tombstone goes: (topic, partition, message key)."""
    return sorted({(event.topic, event.partition, event.key.encode()) for event in held})


def restriction_markers(
    keys: KeyStore, bsn: str, at: datetime
) -> list[tuple[str, ProcessingRestricted]]:
    """(topic, marker) for each of the youth's pseudonyms: every kept version of the
    youth domain on the care-events topic, of the justice-youth domain on the justice
    topic (where the youth's events under it are, or will be)."""
    valid = validate_bsn(bsn, field="the BSN on standard input")
    pseudonymiser = Pseudonymiser(keys)
    topics = {KeyDomain.YOUTH: CARE_EVENTS, KeyDomain.JUSTICE_YOUTH: JUSTICE_EVENTS}
    return [
        (
            topics[status.domain],
            restriction_marker(
                pseudonymiser.pseudonymise_with(status.domain, valid, version).value, version, at
            ),
        )
        for status in keys.status()
        if status.domain in YOUTH_DOMAINS
        for version in status.versions
    ]


def held_restrictions(held: Iterable[HeldEvent]) -> list[HeldEvent]:
    """The restriction markers among the held events (a migration's copies included)."""
    return [event for event in held if event.type == ProcessingRestricted.avro_name]
