"""Facts become raw records as their sources send them: ids, report times and mistakes.

A source numbers its records itself (``source_event_id``, unique per source), reports
most within the hour and some days late, now and then enters a fact twice and retracts
the second entry, and a flaky connection may send a record again. The mistakes come from
their own random stream, so switching them on or off never changes the facts.
"""

import copy
from dataclasses import dataclass
from random import Random
from typing import Any

from connectors.simulator import assumptions
from connectors.simulator.clock import DAY, MINUTE, local_text
from connectors.simulator.outbox import Kind, Outbox
from connectors.simulator.people import Youth
from connectors.simulator.state import Organisation, Reference
from schemas.reference import Location
from schemas.vocabulary import RetractionReason


@dataclass(frozen=True, slots=True)
class Mess:
    """How messy the sources are; every share is a chance per record."""

    late_reports: float  # reported 1 to max_late_days days after the fact
    max_late_days: float
    retractions: float  # a person record is entered twice and the copy retracted
    duplicates: float  # the same record (same source_event_id) is sent again later


class Reporter:
    def __init__(self, rng: Random, outbox: Outbox, tag: str, end: float, mess: Mess) -> None:
        self._rng = rng
        self._outbox = outbox
        self._tag = tag
        self._end = end
        self._mess = mess
        self._last_id: dict[tuple[str, str], int] = {}
        self._on_time_rate = 1 / (assumptions.REPORT_DELAY_MINUTES * MINUTE)

    def person(
        self,
        event_type: str,
        source: Organisation,
        at: float,
        youth: Youth,
        *,
        care: dict[str, Any] | None = None,
        registration_ref: Reference | None = None,
        assignment_ref: Reference | None = None,
        placement_ref: Reference | None = None,
        details: dict[str, Any] | None = None,
        reported: float | None = None,
    ) -> None:
        """Report a fact about a youth at ``at``; ``reported`` overrides the report time."""
        record: dict[str, Any] = self._header(event_type, source, at)
        record["youth"] = youth.as_sent()
        if care is not None:
            record["care"] = dict(care)
        if registration_ref is not None:
            record["registration_ref"] = dict(registration_ref)
        if assignment_ref is not None:
            record["assignment_ref"] = dict(assignment_ref)
        if placement_ref is not None:
            record["placement_ref"] = dict(placement_ref)
        if details is not None:
            record["details"] = details
        sent = self._send("person", record, self._report_time(at) if reported is None else reported)
        if self._rng.random() < self._mess.retractions:
            self._entered_twice(record, sent, youth)

    def capacity(
        self,
        event_type: str,
        source: Organisation,
        at: float,
        *,
        location: Location,
        function: str,
        details: dict[str, Any],
    ) -> None:
        record = self._header(event_type, source, at)
        record["provider_agb"] = location.agb_code
        record["location_code"] = location.location_code
        record["care_function"] = function
        record["details"] = details
        self._send("capacity", record, self._report_time(at))

    def _header(self, event_type: str, source: Organisation, at: float) -> dict[str, Any]:
        key = (source["organisation_type"], source["code"])
        number = self._last_id.get(key, 0) + 1
        self._last_id[key] = number
        return {
            "event_type": event_type,
            "source": dict(source),
            "source_event_id": f"{self._tag}-{number}",
            "occurred_at": local_text(at),
        }

    def _report_time(self, at: float) -> float:
        rng = self._rng
        if rng.random() < self._mess.late_reports:
            return at + rng.uniform(1, self._mess.max_late_days) * DAY
        return at + rng.expovariate(self._on_time_rate)

    def _send(self, kind: Kind, record: dict[str, Any], reported: float) -> float:
        record["reported_at"] = local_text(reported)
        self._outbox.put(reported, kind, record)
        if self._rng.random() < self._mess.duplicates:
            # A retry re-sends the identical payload, so it keeps its reported_at.
            again = reported + self._rng.uniform(1 * MINUTE, DAY)
            self._outbox.put(again, kind, copy.deepcopy(record))
        return reported

    def _entered_twice(self, record: dict[str, Any], reported: float, youth: Youth) -> None:
        """The source enters the fact again by mistake and later retracts that entry.

        The copy and its retraction number after the original (``-2``, ``-3``) instead of
        taking the source's next numbers, so switching retractions on keeps every other
        source_event_id as it was.
        """
        rng = self._rng
        copy_reported = reported + rng.uniform(1, 30) * MINUTE
        retracted_at = copy_reported + rng.expovariate(1 / (2 * DAY))
        if retracted_at >= self._end:
            return  # every fact of a run happens within it
        twin = copy.deepcopy(record)
        twin["source_event_id"] = f"{record['source_event_id']}-2"
        self._send("person", twin, copy_reported)
        reason = (
            RetractionReason.ASSIGNMENT_VOIDED
            if record["event_type"] == "AssignmentDecided"
            else RetractionReason.SOURCE_DELETED
        )
        retraction = {
            "event_type": "EventRetracted",
            "source": dict(record["source"]),
            "source_event_id": f"{record['source_event_id']}-3",
            "occurred_at": local_text(retracted_at),
            "youth": youth.as_sent(),
            "retracts_source_event_id": twin["source_event_id"],
            "details": {"reason": reason.value},
        }
        self._send("person", retraction, retracted_at + rng.expovariate(self._on_time_rate))
