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
from connectors.metrics import count_outcomes
from connectors.publisher import EventPublisher
from jeugdhub.errors import InvalidInputError
from privacy.edge import Edge, RecordRejected, VettedEvent
from schemas.deadletter import DeadLetter
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


class Ingestor:
    def __init__(
        self,
        edge: Edge,
        publisher: EventPublisher,
        sealer: DeadLetterSealer,
        accepted: AcceptedIndex,
    ) -> None:
        self._edge = edge
        self._publisher = publisher
        self._sealer = sealer
        self._accepted = accepted

    async def ingest(
        self, submitted_by: Source, submissions: Sequence[Submission], replay_of: str | None = None
    ) -> list[Outcome]:
        outcomes: list[Outcome] = []
        to_publish: list[VettedEvent] = []
        letters: list[DeadLetter] = []
        in_this_batch: set[str] = set()
        for submission in submissions:
            vetted, problems = self._vet(submission)
            if vetted is None:
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
            event_id = vetted.event.envelope.event_id
            if event_id in self._accepted or event_id in in_this_batch:
                outcomes.append(Outcome(submission.locator, "duplicate", event_id))
                continue
            in_this_batch.add(event_id)
            to_publish.append(vetted)
            outcomes.append(Outcome(submission.locator, "accepted", event_id))
        await self._publisher.publish_all(to_publish, letters)
        for event_id in in_this_batch:
            self._accepted.add(event_id)
        count_outcomes(
            submitted_by,
            [submission.channel for submission in submissions],
            [(o.status, o.problems[0].field if o.problems else None) for o in outcomes],
        )
        return outcomes

    def _vet(
        self, submission: Submission
    ) -> tuple[VettedEvent | None, tuple[InvalidInputError, ...]]:
        if submission.record is None:
            return None, submission.problems or (InvalidInputError("record", "could not be read"),)
        try:
            if submission.kind == "person":
                return self._edge.person_event(submission.record), ()
            return self._edge.capacity_event(submission.record), ()
        except RecordRejected as rejected:
            return None, tuple(rejected.problems)
