"""iJw blocks become raw records that pass the real privacy edge as the hub's events."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from privacy.edge import Edge, RecordRejected
from schemas.person_events import (
    AssignmentDecided,
    EventRetracted,
    PersonEvent,
    PlacementEnded,
    PlacementStarted,
    PlacementSuspended,
    WaitingListRegistered,
)
from schemas.vocabulary import AgeBand, AssignmentDecision, Destination, EndReason, Referrer
from tests.ijw.messages import VALID, edited, message, records, submissions

E = TypeVar("E", bound=PersonEvent)


def _event(edge: Edge, record: Mapping[str, Any], kind: type[E]) -> E:
    event = edge.person_event(record).event
    assert isinstance(event, kind)
    return event


def _events(edge: Edge, data: bytes, kind: type[E]) -> list[E]:
    return [_event(edge, record, kind) for record in records(data)]


def _one(edge: Edge, data: bytes, kind: type[E], index: int = 0) -> E:
    return _event(edge, records(data)[index], kind)


@pytest.mark.parametrize("name", VALID)
def test_every_record_of_the_valid_messages_passes_the_edge(edge: Edge, name: str) -> None:
    found = submissions(message(name))

    assert found
    for submission in found:
        assert submission.record is not None, submission.problems
        edge.person_event(submission.record)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("jw315.xml", ["WaitingListRegistered", "WaitingListRegistered"]),
        ("jw301.xml", ["AssignmentDecided"] * 3),
        ("jw305.xml", ["PlacementStarted", "PlacementStarted"]),  # block 2 is ambulant
        ("jw305-correction.xml", ["EventRetracted", "PlacementStarted"]),
        ("jw307.xml", ["PlacementSuspended", "PlacementEnded"]),  # block 3 is ambulant
    ],
)
def test_one_record_per_block_in_scope_in_document_order(name: str, expected: list[str]) -> None:
    assert [record["event_type"] for record in records(message(name))] == expected


def test_every_submission_is_a_person_record_carrying_the_whole_message() -> None:
    data = message("jw305.xml")

    found = submissions(data)

    assert {(s.channel, s.kind, s.payload) for s in found} == {("ijw", "person", data)}
    assert [s.locator for s in found] == [
        "test.xml: JW305 message 'START-0001', StartProduct 1",
        "test.xml: JW305 message 'START-0001', StartProduct 3",
    ]


def test_the_sender_is_the_source_of_every_record() -> None:
    provider = {"organisation_type": "PROVIDER", "code": "99000001"}
    municipality = {"organisation_type": "MUNICIPALITY", "code": "0307"}

    for name in VALID:
        expected = municipality if name == "jw301.xml" else provider
        assert all(record["source"] == expected for record in records(message(name)))


# -- JW315 ----------------------------------------------------------------------------------


def test_a_request_registers_the_youth_on_the_waiting_list_on_the_request_date(
    edge: Edge,
) -> None:
    event = _one(edge, message("jw315.xml"), WaitingListRegistered)

    assert event.envelope.occurred_at == datetime(2026, 3, 1, 23, tzinfo=UTC)  # 2 March, CET
    assert event.care.care_function == "residential-clinical-mental-health"
    assert event.care.provider_agb == "99000001"
    assert str(event.requested_start) == "2026-04-01"
    assert str(event.requested_end) == "2026-12-31"
    assert event.referrer == Referrer.YOUTH_DOCTOR
    assert event.framework_contract is False
    # iJw has no residence: the commissioning municipality stands in for it.
    assert (event.youth.municipality, event.youth.home_region) == ("0307", "eemland")
    assert event.youth.age_band == AgeBand.AGE_0_16


def test_names_comments_and_referrer_names_never_reach_a_record_or_event(edge: Edge) -> None:
    data = message("jw315.xml")

    found = records(data)
    text = repr(found) + "".join(edge.person_event(r).event.model_dump_json() for r in found)

    for free_text in ("moeder belde", "opname gewenst", "jeugdarts Testdorp"):
        assert free_text not in text
    assert "Jantje" not in "".join(edge.person_event(r).event.model_dump_json() for r in found)


# -- JW301 ----------------------------------------------------------------------------------


def test_an_assignment_is_granted_changed_or_voided_by_its_reden_wijziging(edge: Edge) -> None:
    events = _events(edge, message("jw301.xml"), AssignmentDecided)

    assert [(e.decision, e.change_reason) for e in events] == [
        (AssignmentDecision.GRANTED, None),
        (AssignmentDecision.CHANGED, "05"),
        (AssignmentDecision.VOIDED, "13"),
    ]


def test_an_assignment_happened_at_its_decision_time_in_amsterdam(edge: Edge) -> None:
    winter = records(message("jw301.xml"))[0]
    summer = records(edited(message("jw301.xml"), ">2026-03-09<", ">2026-07-09<"))[0]

    assert winter["occurred_at"] == "2026-03-09T14:30:00+01:00"
    assert summer["occurred_at"] == "2026-07-09T14:30:00+02:00"
    event = _event(edge, summer, AssignmentDecided)
    assert event.envelope.occurred_at == datetime(2026, 7, 9, 12, 30, tzinfo=UTC)


def test_leading_zeros_and_a_plus_sign_do_not_make_another_assignment(edge: Edge) -> None:
    data = message("jw301.xml")
    variants = [edited(data, ">070010001<", f">{number}<") for number in ("70010001", "+070010001")]

    refs = {_one(edge, d, AssignmentDecided).assignment_ref for d in (data, *variants)}
    ids = {records(d)[0]["source_event_id"] for d in (data, *variants)}

    assert len(refs) == 1
    assert ids == {"JW301|70010001|2026-03-09T14:30:00"}
    assert records(data)[0]["assignment_ref"]["value"] == "70010001"


def test_request_assignment_and_placement_link_through_their_references(edge: Edge) -> None:
    request = _one(edge, message("jw315.xml"), WaitingListRegistered)
    assignment = _one(edge, message("jw301.xml"), AssignmentDecided)
    start = _one(edge, message("jw305.xml"), PlacementStarted)

    assert assignment.registration_ref == request.registration_ref
    assert start.assignment_ref == assignment.assignment_ref
    assert start.youth.pseudonym == assignment.youth.pseudonym == request.youth.pseudonym


# -- JW305 and JW307 ------------------------------------------------------------------------


def test_a_residential_start_becomes_a_placement_on_its_begin_date(edge: Edge) -> None:
    events = _events(edge, message("jw305.xml"), PlacementStarted)

    assert [e.care.care_function for e in events] == [
        "residential-clinical-mental-health",
        "closed",
    ]
    assert events[0].envelope.occurred_at == datetime(2026, 4, 1, 22, tzinfo=UTC)  # CEST


def test_ambulant_care_is_not_submitted_at_all() -> None:
    data = edited(message("jw305.xml"), ">43<", ">45<")
    data = edited(data, ">37<", ">31<")

    assert submissions(data) == []


@pytest.mark.parametrize("category", ["47", "48", "49"])
def test_justice_categories_never_become_placements(category: str) -> None:
    data = edited(message("jw305.xml"), "<ijw:Categorie>37", f"<ijw:Categorie>{category}")

    assert [r["care"]["ijw_category"] for r in records(data)] == ["43"]


def test_a_deleted_start_is_retracted_by_its_logical_key(edge: Edge) -> None:
    # The correction writes the assignment number without the leading zero.
    started = records(message("jw305.xml"))[0]
    retraction = records(message("jw305-correction.xml"))[0]

    assert retraction["event_type"] == "EventRetracted"
    assert retraction["retracts_source_event_id"] == started["source_event_id"]
    assert retraction["source_event_id"] != started["source_event_id"]
    assert retraction["details"] == {"reason": "SOURCE_DELETED"}
    retracted = _event(edge, retraction, EventRetracted)
    assert retracted.retracted_event_id == edge.person_event(started).event.envelope.event_id


def test_a_deleted_stop_is_retracted_by_its_logical_key_and_end_date(edge: Edge) -> None:
    stopped = records(message("jw307.xml"))[1]
    deletion = edited(message("jw307.xml"), "<jw307:StatusAanlevering>1", "<x/>", 3)
    deletion = deletion.replace(b"<x/>", b"<jw307:StatusAanlevering>3")

    retraction = records(deletion)[1]

    assert retraction["retracts_source_event_id"] == stopped["source_event_id"]
    retracted = _event(edge, retraction, EventRetracted)
    assert retracted.retracted_event_id == edge.person_event(stopped).event.envelope.event_id


def test_stop_reason_20_suspends_the_placement_the_start_began(edge: Edge) -> None:
    start = _one(edge, message("jw305.xml"), PlacementStarted)
    suspended = _one(edge, message("jw307.xml"), PlacementSuspended)

    assert suspended.placement_ref == start.placement_ref
    assert suspended.envelope.occurred_at == datetime(2026, 4, 30, 22, tzinfo=UTC)


def test_a_definitive_stop_after_a_suspension_ends_that_placement_as_another_fact(
    edge: Edge,
) -> None:
    data = message("jw307.xml")
    suspension = records(data)[0]
    definitive = records(edited(data, ">20<", ">31<"))[0]

    assert definitive["event_type"] == "PlacementEnded"
    assert definitive["source_event_id"] != suspension["source_event_id"]
    ended = _event(edge, definitive, PlacementEnded)
    assert ended.placement_ref == _one(edge, data, PlacementSuspended).placement_ref


@pytest.mark.parametrize(
    ("code", "reason", "destination"),
    [
        ("02", EndReason.DEATH, Destination.UNKNOWN),
        ("31", EndReason.PLANNED, Destination.UNKNOWN),
        ("32", EndReason.PREMATURE_BY_CLIENT, Destination.UNKNOWN),
        ("33", EndReason.PREMATURE_BY_PROVIDER, Destination.UNKNOWN),
        ("34", EndReason.MUTUAL, Destination.UNKNOWN),
        ("35", EndReason.EXTERNAL, Destination.UNKNOWN),
        ("36", EndReason.ADMINISTRATIVE, Destination.UNKNOWN),
        ("37", EndReason.ADMINISTRATIVE, Destination.UNKNOWN),
        ("38", EndReason.TRANSFER_TO_OTHER_PROVIDER, Destination.ANOTHER_PLACEMENT),
        ("39", EndReason.OTHER_DOMAIN, Destination.ADULT_CARE),
    ],
)
def test_a_stop_ends_the_placement_with_the_hub_class_of_its_reason(
    edge: Edge, code: str, reason: EndReason, destination: Destination
) -> None:
    data = edited(message("jw307.xml"), ">38<", f">{code}<")

    ended = _one(edge, data, PlacementEnded, index=1)

    assert (ended.end_reason, ended.ijw_end_reason, ended.destination) == (
        reason,
        code,
        destination,
    )
    assert ended.envelope.occurred_at == datetime(2026, 6, 29, 22, tzinfo=UTC)


def test_a_new_start_after_a_suspension_is_a_placement_start_on_the_same_assignment(
    edge: Edge,
) -> None:
    first = _one(edge, message("jw305.xml"), PlacementStarted)
    restart = edited(message("jw305.xml"), ">2026-04-02<", ">2026-05-10<")
    restart = edited(restart, "<ijw:Dagtekening>2026-04-03<", "<ijw:Dagtekening>2026-05-11<")

    resumed = _one(edge, restart, PlacementStarted)

    assert resumed.assignment_ref == first.assignment_ref
    assert resumed.placement_ref != first.placement_ref


# -- the client -----------------------------------------------------------------------------


def test_a_bsn_failing_the_11_proef_passes_the_connector_and_the_edge_names_it(
    edge: Edge,
) -> None:
    data = edited(message("jw305.xml"), ">999991103<", ">999991104<")

    (record, _) = records(data)
    with pytest.raises(RecordRejected) as rejected:
        edge.person_event(record)

    assert [(p.field, p.reason, p.rule) for p in rejected.value.problems] == [
        ("youth.bsn", "fails the 11-proef", "CS002")
    ]
    assert "999991104" not in str(rejected.value)


def test_a_partly_unknown_birth_date_is_passed_on_as_its_date_use(edge: Edge) -> None:
    data = edited(
        message("jw305.xml"),
        "<ijw:Datum>2009-05-17</ijw:Datum>",
        "<ijw:Datum>2009-01-01</ijw:Datum><ijw:DatumGebruik>2</ijw:DatumGebruik>",
    )

    record = records(data)[0]
    event = _event(edge, record, PlacementStarted)

    assert record["youth"]["birth_date_use"] == 2
    assert (event.youth.age_band, event.youth.age_band_approximate) == (AgeBand.AGE_0_16, True)


def test_the_same_message_read_twice_gives_the_same_records() -> None:
    for name in VALID:
        assert records(message(name)) == records(message(name))
