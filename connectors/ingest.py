"""The ingest pipeline every connector shares: edge, deduplication, Kafka, dead letters.

A connector turns its input (a JSON batch, an iJw message, a CSV file, the simulator)
into :class:`Submission` s. :meth:`Ingestor.ingest` sends each through the privacy edge,
drops resubmissions of events already on Kafka, publishes the rest together with a dead
letter for every rejected record, and returns one :class:`Outcome` per submission only
after Kafka acknowledged all of it. If Kafka does not acknowledge, it raises
``KafkaUnavailableError`` and nothing of the submission counts as accepted.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from connectors.accepted import AcceptedIndex
from connectors.deadletters import DeadLetterSealer
from connectors.keyring import FollowedKeyStore
from connectors.metrics import count_outcomes
from connectors.publisher import EventPublisher
from jeugdhub.errors import InvalidInputError
from privacy.edge import Edge, RecordRejected, VettedEvent
from privacy.pseudonym import Pseudonymiser
from schemas.deadletter import DeadLetter
from schemas.person_events import EventRetracted
from schemas.records import Source

Kind = Literal["person", "capacity"]
Status = Literal["accepted", "duplicate", "rejected"]


@dataclass(frozen=True)
class Submission:
    """One record as a connector received it, before the edge."""

    channel: str  # json, ijw, csv:<template>, simulator, replay
    locator: str  # where in the input; never a value
    # The raw bytes, kept encrypted in a dead letter when rejected. Neither it nor the
    # record may show in a repr: both hold the BSN, name and birth date as sent.
    payload: bytes = field(repr=False)
    kind: Kind = "person"
    record: Mapping[str, Any] | None = field(default=None, repr=False)  # None: unreadable
    problems: tuple[InvalidInputError, ...] = ()


@dataclass(frozen=True)
class Outcome:
    locator: str
    status: Status
    event_id: str | None = None
    problems: tuple[InvalidInputError, ...] = ()
    dead_letter_id: str | None = None


@dataclass(frozen=True)
class _Either:
    """In one of two sets, without copying either."""

    first: set[str]
    second: set[str]

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second


class Ingestor:
    def __init__(
        self,
        edge: Edge,
        publisher: EventPublisher,
        sealer: DeadLetterSealer,
        accepted: AcceptedIndex,
        keys: FollowedKeyStore | None = None,
    ) -> None:
        """``keys``: the store to follow; when its file changes, the next batch gets an
        edge and a sealer of the store as it is now (``connectors.keyring``)."""
        self._edge = edge
        self._publisher = publisher
        self._sealer = sealer
        self._accepted = accepted
        self._keys = keys

    def _follow_keys(self) -> None:
        store = self._keys.changed() if self._keys is not None else None
        if store is not None:
            # A new pseudonymiser: nothing cached under the keys held before survives.
            self._edge = Edge(Pseudonymiser(store))
            self._sealer = DeadLetterSealer(store)

    async def ingest(
        self, submitted_by: Source, submissions: Sequence[Submission], replay_of: str | None = None
    ) -> list[Outcome]:
        self._follow_keys()
        outcomes: list[Outcome] = []
        to_publish: list[VettedEvent] = []
        letters: list[DeadLetter] = []
        in_this_batch: set[str] = set()
        justice_in_batch: set[str] = set()
        for submission in submissions:
            vetted, problems = self._vet(submission, in_this_batch, justice_in_batch)
            if not vetted:
                letter = self._sealer.seal(
                    payload=submission.payload,
                    submitted_by=submitted_by,
                    channel=submission.channel,
                    locator=submission.locator,
                    problems=problems,
                    replay_of=replay_of,
                )
                letters.append(letter)
                outcomes.append(
                    Outcome(
                        submission.locator,
                        "rejected",
                        problems=problems,
                        dead_letter_id=letter.dead_letter_id,
                    )
                )
                continue
            event_id = vetted[0].event.envelope.event_id
            if event_id in self._accepted or event_id in in_this_batch:
                outcomes.append(Outcome(submission.locator, "duplicate", event_id))
                continue
            in_this_batch.add(event_id)
            if any(item.justice for item in vetted):
                justice_in_batch.add(event_id)
            to_publish += vetted
            outcomes.append(Outcome(submission.locator, "accepted", event_id))
        await self._publisher.publish_all(to_publish, letters)
        for event_id in in_this_batch:
            self._accepted.add(event_id, justice=event_id in justice_in_batch)
        count_outcomes(
            submitted_by,
            [submission.channel for submission in submissions],
            [(o.status, o.problems[0].field if o.problems else None) for o in outcomes],
        )
        return outcomes

    def _vet(
        self, submission: Submission, in_batch: set[str], justice_in_batch: set[str]
    ) -> tuple[list[VettedEvent], tuple[InvalidInputError, ...]]:
        """The submission's event (two for a retraction of an event the hub does not hold
        yet, see ``_retraction_twin``), or the problems that reject it."""
        if submission.record is None:
            return [], submission.problems or (InvalidInputError("record", "could not be read"),)
        try:
            if submission.kind == "capacity":
                return [self._edge.capacity_event(submission.record)], ()
            justice_ids = _Either(self._accepted.justice_ids, justice_in_batch)
            vetted = self._edge.person_event(submission.record, justice_ids)
            twin = self._retraction_twin(vetted, submission.record, in_batch)
            return [vetted] if twin is None else [vetted, twin], ()
        except RecordRejected as rejected:
            return [], tuple(rejected.problems)

    def _retraction_twin(
        self, vetted: VettedEvent, record: Mapping[str, Any], in_batch: set[str]
    ) -> VettedEvent | None:
        """A retraction of an event the hub does not hold (not yet, or it reached another
        gateway process) also goes to the justice topic: whichever topic its event will be
        on, the retraction is there, and retracting an id a topic lacks changes nothing.
        The justice topic thus also holds such a retraction of a general event, never the
        general topic a retraction of a justice event the hub holds."""
        event = vetted.event
        if not isinstance(event, EventRetracted) or vetted.justice:
            return None
        retracted = event.retracted_event_id
        if retracted in self._accepted or retracted in in_batch:
            return None
        return self._edge.person_event(record, {retracted})
