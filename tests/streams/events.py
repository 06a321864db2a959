"""Events for the stream tests, made the way the hub makes them: raw records through the
real privacy edge, encoded and decoded, so each is exactly what a stage receives."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from privacy.edge import Edge
from schemas.codec import decode_record, encode
from streams.youth_stage.record_key import record_key

PROVIDER = {"organisation_type": "PROVIDER", "code": "99000001"}
REGION = {"organisation_type": "REGION", "code": "utrecht-stad"}
CLINICAL = "residential-clinical-mental-health"
# Care at demo locations; the comment names the location's region.
UTRECHT_CLINIC = {  # utrecht-stad
    "care_function": CLINICAL,
    "provider_agb": "99000001",
    "provider_location": "L01",
}
ZEIST_CLINIC = {**UTRECHT_CLINIC, "provider_location": "L02"}  # zuid-oost-utrecht, same AGB
ALMERE_CLINIC = {  # flevoland, another provider
    "care_function": CLINICAL,
    "provider_agb": "99000007",
    "provider_location": "L01",
}
FAMILY_HOME = {"care_function": "family-home", "provider_agb": "99000003"}  # no location
AMERSFOORT = "0307"  # eemland
UTRECHT = "0344"  # utrecht-stad
ALMERE = "0034"  # flevoland
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def valid_bsn(n: int) -> str:
    """The n-th 9-digit number (from 100000000 up) that passes the 11-proef."""
    found = -1
    prefix = 10_000_000
    while True:
        digits = [int(c) for c in str(prefix)]
        check = sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11
        if check <= 9:
            found += 1
            if found == n:
                return f"{prefix}{check}"
        prefix += 1


@dataclass(frozen=True)
class Kid:
    """A youth as a source knows it."""

    bsn: str
    born: date = date(2009, 5, 17)
    municipality: str = AMERSFOORT

    def raw(self) -> dict[str, Any]:
        return {
            "bsn": self.bsn,
            "birth_date": self.born.isoformat(),
            "municipality": self.municipality,
        }


@dataclass(frozen=True)
class Made:
    """A decoded event and the source's id of it."""

    name: str
    record: dict[str, Any]
    source_event_id: str

    @property
    def event_id(self) -> str:
        return str(self.record["envelope"]["event_id"])

    @property
    def pair(self) -> tuple[str, dict[str, Any]]:
        return self.name, self.record


def key_of(*events: Made) -> int:
    """The cell key of a cell that counts one record per event: the record keys of the
    events' youths summed mod 2**32."""
    return sum(record_key(event.record["youth"]["pseudonym"]) for event in events) % 2**32


@dataclass
class EventMaker:
    edge: Edge
    _made: int = field(default=0)

    def kid(self, n: int, born: date = date(2009, 5, 17), municipality: str = AMERSFOORT) -> Kid:
        return Kid(valid_bsn(n), born, municipality)

    # -- person events ------------------------------------------------------------------

    def person(self, event_type: str, when: str, kid: Kid, **fields: Any) -> Made:
        """``when``: a date (Dutch midnight) or an ISO date-time with zone."""
        self._made += 1
        source_event_id = f"t-{self._made}"
        raw = {
            "event_type": event_type,
            "source": PROVIDER,
            "source_event_id": source_event_id,
            "occurred_at": when,
            "youth": kid.raw(),
            **{key: value for key, value in fields.items() if value is not None},
        }
        name, record = decode_record(encode(self.edge.person_event(raw).event))
        return Made(name, record, source_event_id)

    def registered(
        self, when: str, kid: Kid, ref: str, care: dict[str, Any] = UTRECHT_CLINIC
    ) -> Made:
        return self.person(
            "WaitingListRegistered", when, kid, care=care, registration_ref={"value": ref}
        )

    def status(
        self,
        when: str,
        kid: Kid,
        ref: str,
        status: str,
        care: dict[str, Any] = UTRECHT_CLINIC,
    ) -> Made:
        details: dict[str, Any] = {"status": status}
        if status == "OFFER_REFUSED":
            details["refusal_reason"] = "NO_CAPACITY"
        return self.person(
            "WaitingListStatusChanged",
            when,
            kid,
            care=care,
            registration_ref={"value": ref},
            details=details,
        )

    def removed(
        self, when: str, kid: Kid, ref: str, reason: str, care: dict[str, Any] = UTRECHT_CLINIC
    ) -> Made:
        return self.person(
            "WaitingListRemoved",
            when,
            kid,
            care=care,
            registration_ref={"value": ref},
            details={"reason": reason},
        )

    def assignment(
        self,
        when: str,
        kid: Kid,
        ref: str,
        decision: str,
        care: dict[str, Any] = UTRECHT_CLINIC,
    ) -> Made:
        return self.person(
            "AssignmentDecided",
            when,
            kid,
            care=care,
            assignment_ref={"value": ref},
            details={"decision": decision, "valid_from": when[:10]},
        )

    def started(
        self,
        when: str,
        kid: Kid,
        ref: str,
        *,
        care: dict[str, Any] = UTRECHT_CLINIC,
        registration: str | None = None,
        assignment: str | None = None,
    ) -> Made:
        return self.person(
            "PlacementStarted",
            when,
            kid,
            care=care,
            placement_ref={"value": ref},
            registration_ref=None if registration is None else {"value": registration},
            assignment_ref=None if assignment is None else {"value": assignment},
        )

    def suspended(
        self, when: str, kid: Kid, ref: str, care: dict[str, Any] = UTRECHT_CLINIC
    ) -> Made:
        return self.person("PlacementSuspended", when, kid, care=care, placement_ref={"value": ref})

    def resumed(self, when: str, kid: Kid, ref: str, care: dict[str, Any] = UTRECHT_CLINIC) -> Made:
        return self.person("PlacementResumed", when, kid, care=care, placement_ref={"value": ref})

    def ended(
        self,
        when: str,
        kid: Kid,
        ref: str,
        destination: str = "HOME",
        care: dict[str, Any] = UTRECHT_CLINIC,
    ) -> Made:
        return self.person(
            "PlacementEnded",
            when,
            kid,
            care=care,
            placement_ref={"value": ref},
            details={"end_reason": "PLANNED", "destination": destination},
        )

    def retracted(self, when: str, kid: Kid, target: Made) -> Made:
        return self.person(
            "EventRetracted",
            when,
            kid,
            retracts_source_event_id=target.source_event_id,
            details={"reason": "SOURCE_DELETED"},
        )

    # -- capacity events ----------------------------------------------------------------

    def capacity(
        self,
        event_type: str,
        when: str,
        details: dict[str, Any],
        *,
        agb: str = "99000001",
        location: str = "L01",
        care_function: str = CLINICAL,
    ) -> Made:
        self._made += 1
        source_event_id = f"t-{self._made}"
        raw = {
            "event_type": event_type,
            "source": REGION if event_type == "BaseAvailabilityAgreed" else PROVIDER,
            "source_event_id": source_event_id,
            "occurred_at": when,
            "provider_agb": agb,
            "location_code": location,
            "care_function": care_function,
            "details": details,
        }
        name, record = decode_record(encode(self.edge.capacity_event(raw).event))
        return Made(name, record, source_event_id)

    def declared(self, when: str, places: int, valid_from: str, **where: str) -> Made:
        details = {"places": places, "valid_from": valid_from}
        return self.capacity("PlacesDeclared", when, details, **where)

    def agreed(
        self, when: str, places: int, valid_from: str, valid_until: str | None = None, **where: str
    ) -> Made:
        details: dict[str, Any] = {
            "places": places,
            "agreed_by": "utrecht-stad",
            "valid_from": valid_from,
        }
        if valid_until is not None:
            details["valid_until"] = valid_until
        return self.capacity("BaseAvailabilityAgreed", when, details, **where)

    def changed(self, when: str, change: str, places: int, **where: str) -> Made:
        details = {"change": change, "places": places}
        return self.capacity("PlacesChanged", when, details, **where)
