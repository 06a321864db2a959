"""Key migration: every event under an old key version, again under the current one.

For each person event on the care-events and justice-events topics whose pseudonyms are
of an old version (``youth.pseudonym_key_version``; the pseudonym domains share one
version, ``privacy.keys.PSEUDONYM_DOMAINS``), the plan holds

- its copy with every pseudonym re-keyed (``privacy.pseudonym.Rekeyer``): the youth, the
  case references, the event id and a retraction's retracted id; the copy is keyed by the
  new youth pseudonym, so it joins the events the youth has under the current version;
- unless it is itself a retraction, an ``EventRetracted`` of it under the old youth
  pseudonym, so the youth's state under the old pseudonym empties.

A restriction marker (``schemas.restriction``) is carried as the marker of the re-keyed
pseudonym, so the youth stays restricted under the current version; the old one is not
retracted (a marker has nothing to count; every event beside it is retracted anyway).

The worker needs no change for this: its state per youth is a set of events, and a
retraction removes an event of the same youth's set (streams/DEFINITIONS.md "Input"). A
source's own retraction under the old version is carried over like any event and then
removes the re-keyed copy of what it retracted; a fact sent again after the rotation gets
the re-keyed id (``privacy.edge``) and is a duplicate of the copy.

The plan leaves out what is already on the topic (a re-keyed copy or a migration
retraction with the same id), so a migration run twice publishes nothing the second time,
and an empty plan is what ``jeugdhub keys retire`` requires before it destroys a version.
"""

import copy
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from privacy.edge import VettedEvent, migrated
from privacy.keys import KeyDomain
from privacy.pseudonym import Rekeyer
from schemas.catalog import EVENT_TYPES_BY_NAME
from schemas.person_events import EventRetracted, PersonEvent
from schemas.restriction import ProcessingRestricted, restriction_marker
from schemas.vocabulary import RetractionReason

_RETRACTION_ID_LABEL = b"jeugdhub-key-migration-retraction-v1:"
_CASE_REFERENCES = ("registration_ref", "assignment_ref", "placement_ref")
RETRACTED = EventRetracted.avro_name
RESTRICTED = ProcessingRestricted.avro_name


@dataclass(frozen=True)
class TopicEvent:
    """A decoded event on an event topic, and whether that is the justice topic."""

    name: str
    record: dict[str, Any]
    justice: bool


@dataclass
class MigrationPlan:
    """What a migration publishes, and how many events it found under the old version."""

    copies: list[VettedEvent] = field(default_factory=list)
    retractions: list[VettedEvent] = field(default_factory=list)
    restrictions: list[tuple[bool, ProcessingRestricted]] = field(default_factory=list)
    under_old_version: int = 0

    @property
    def events(self) -> list[VettedEvent]:
        return [*self.copies, *self.retractions]

    @property
    def pending(self) -> int:
        """How many messages the plan publishes: events and restriction markers
        (each with whether it goes to the justice topic)."""
        return len(self.copies) + len(self.retractions) + len(self.restrictions)


def migration_retraction_id(retracted_event_id: str) -> str:
    """The id of the migration's retraction of an event: deterministic, so a second run
    recognises it; a plain hash of an id that is a keyed pseudonym already."""
    return hashlib.sha256(_RETRACTION_ID_LABEL + retracted_event_id.encode()).hexdigest()


def plan_migration(held: Iterable[TopicEvent], rekeyer: Rekeyer) -> MigrationPlan:
    """What moves every person event of ``rekeyer``'s old version to its new version."""
    events = list(held)
    on_topic = {(event.justice, event.record["envelope"]["event_id"]) for event in events}
    plan = MigrationPlan()
    for event in events:
        if not _under(event, rekeyer.old_version) or _is_migration_retraction(event):
            continue
        plan.under_old_version += 1
        if event.name == RESTRICTED:
            marker = _rekeyed_marker(event, rekeyer)
            if _new(on_topic, event.justice, marker.model_dump()):
                plan.restrictions.append((event.justice, marker))
            continue
        rekeyed = _rekeyed(event, rekeyer)
        if _new(on_topic, event.justice, rekeyed):
            plan.copies.append(_vetted(event.name, rekeyed, event.justice))
        if event.name != RETRACTED:
            retraction = _retraction_of(event)
            if _new(on_topic, event.justice, retraction):
                plan.retractions.append(_vetted(RETRACTED, retraction, event.justice))
    return plan


def _new(planned: set[tuple[bool, str]], justice: bool, record: dict[str, Any]) -> bool:
    """Whether the record is neither on its topic nor in the plan yet (then it is now):
    an event on a topic twice is copied and retracted once."""
    slot = (justice, record["envelope"]["event_id"])
    if slot in planned:
        return False
    planned.add(slot)
    return True


def _rekeyed(event: TopicEvent, rekeyer: Rekeyer) -> dict[str, Any]:
    """The event's record with every pseudonym under the new version."""
    youth_domain, case_domain = (
        (KeyDomain.JUSTICE_YOUTH, KeyDomain.JUSTICE_CASE)
        if event.justice
        else (KeyDomain.YOUTH, KeyDomain.CASE)
    )
    record = copy.deepcopy(event.record)
    youth = record["youth"]
    youth["pseudonym"] = rekeyer.rekey(youth_domain, youth["pseudonym"])
    youth["pseudonym_key_version"] = rekeyer.new_version
    for name in _CASE_REFERENCES:
        if record.get(name) is not None:
            record[name] = rekeyer.rekey(case_domain, record[name])
    # Event ids are in the general case domain on both topics (``privacy.edge``).
    envelope = record["envelope"]
    envelope["event_id"] = rekeyer.rekey(KeyDomain.CASE, envelope["event_id"])
    if event.name == RETRACTED:
        record["retracted_event_id"] = rekeyer.rekey(KeyDomain.CASE, record["retracted_event_id"])
    return record


def _rekeyed_marker(event: TopicEvent, rekeyer: Rekeyer) -> ProcessingRestricted:
    """The restriction marker of the youth's pseudonym under the new version."""
    domain = KeyDomain.JUSTICE_YOUTH if event.justice else KeyDomain.YOUTH
    pseudonym = rekeyer.rekey(domain, event.record["youth"]["pseudonym"])
    at = event.record["envelope"]["occurred_at"]
    return restriction_marker(pseudonym, rekeyer.new_version, at)


def _under(event: TopicEvent, version: int) -> bool:
    youth = event.record.get("youth")
    return youth is not None and youth["pseudonym_key_version"] == version


def _is_migration_retraction(event: TopicEvent) -> bool:
    record = event.record
    return event.name == RETRACTED and record["envelope"]["event_id"] == migration_retraction_id(
        record["retracted_event_id"]
    )


def _retraction_of(event: TopicEvent) -> dict[str, Any]:
    """The migration's retraction of an event, under its old youth pseudonym; its times
    and source are the event's, so that every run makes the same retraction."""
    record = event.record
    retracted = record["envelope"]["event_id"]
    return {
        "envelope": {**record["envelope"], "event_id": migration_retraction_id(retracted)},
        "youth": record["youth"],
        "retracted_event_id": retracted,
        "reason": RetractionReason.CORRECTED,
    }


def _vetted(name: str, record: dict[str, Any], justice: bool) -> VettedEvent:
    event = EVENT_TYPES_BY_NAME[name].model_validate(record)
    assert isinstance(event, PersonEvent)  # only person events carry a youth
    return migrated(event, justice)
