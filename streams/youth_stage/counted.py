"""Steps 1-3 of DEFINITIONS.md "Input": which of a youth's events count, in which order.

Deduplication (step 1) is done when an event is added to the state, which keeps one copy
per ``event_id``. Retracted and voided events stay in the state (a retraction may arrive
before, and a void after, the event it removes) and are dropped here, every time.

Two readings of step 2, chosen because they are the plain ones:

- Retractions apply all at once: every ``EventRetracted`` in the set removes its target,
  whether or not it is itself the target of another retraction (no "un-retracting").
- A voiding ``AssignmentDecided`` that is itself retracted voids nothing: retractions are
  applied first, then the voids of the decisions that are left.
"""

from collections.abc import Iterable

from schemas.person_events import AssignmentDecided, EventRetracted
from schemas.vocabulary import AssignmentDecision
from streams.youth_stage.youth_event import YouthEvent

RETRACTED = EventRetracted.avro_name
ASSIGNMENT_DECIDED = AssignmentDecided.avro_name
VOIDED = AssignmentDecision.VOIDED


def counted_events(events: Iterable[YouthEvent]) -> list[YouthEvent]:
    """The events that count, ordered by (event date, occurred_at, event_id).

    Retractions themselves never count. Sorting by (occurred_at, event_id) alone gives the
    same order: the event date is a non-decreasing function of occurred_at.
    """
    events = list(events)
    retracted = {event.retracted_event_id for event in events if event.name == RETRACTED}
    remaining = [
        event for event in events if event.name != RETRACTED and event.event_id not in retracted
    ]
    voided = {
        event.assignment_ref
        for event in remaining
        if event.name == ASSIGNMENT_DECIDED and event.decision == VOIDED
    }
    if voided:
        remaining = [event for event in remaining if event.assignment_ref not in voided]
    remaining.sort(key=lambda event: (event.at, event.event_id))
    return remaining
