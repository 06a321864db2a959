"""The stream as a driver sees it: ordered by report time, each record from its source."""

from collections import defaultdict
from datetime import timedelta

from connectors.simulator import SimulatedRecord
from tests.simulator.conftest import BEGIN, MONTH_END
from tests.simulator.facts import occurred, reported, source_key

CAPACITY_TYPES = {"PlacesDeclared", "BaseAvailabilityAgreed", "PlacesChanged"}
REPORTED_BY = {
    "PROVIDER": {
        "WaitingListRegistered",
        "WaitingListStatusChanged",
        "WaitingListRemoved",
        "PlacementStarted",
        "PlacementSuspended",
        "PlacementResumed",
        "PlacementEnded",
        "PlacesDeclared",
        "PlacesChanged",
        "EventRetracted",
    },
    "MUNICIPALITY": {"AssignmentDecided", "EventRetracted"},
    "CERTIFIED_INSTITUTION": {"WaitingListRegistered", "WaitingListRemoved", "EventRetracted"},
    "REGION": {"BaseAvailabilityAgreed"},
}


def test_records_come_out_sorted_by_reported_at(month: list[SimulatedRecord]) -> None:
    times = [simulated.reported_at for simulated in month]

    assert times == sorted(times)


def test_each_record_names_the_organisation_that_reports_it(
    month: list[SimulatedRecord],
) -> None:
    for simulated in month:
        record = simulated.record
        assert simulated.source == record["source"]
        assert simulated.kind == (
            "capacity" if record["event_type"] in CAPACITY_TYPES else "person"
        )
        assert record["event_type"] in REPORTED_BY[record["source"]["organisation_type"]]


def test_regions_agree_base_availability_in_their_own_name(month: list[SimulatedRecord]) -> None:
    agreed = [s.record for s in month if s.record["event_type"] == "BaseAvailabilityAgreed"]

    assert agreed
    assert all(r["details"]["agreed_by"] == r["source"]["code"] for r in agreed)


def test_certified_institutions_register_youths_under_a_measure_or_probation(
    month: list[SimulatedRecord],
) -> None:
    by_gi = [
        s.record
        for s in month
        if s.source["organisation_type"] == "CERTIFIED_INSTITUTION"
        and s.record["event_type"] == "WaitingListRegistered"
    ]

    assert by_gi
    assert {r["care"]["legal_framework"] for r in by_gi} == {
        "CHILD_PROTECTION_MEASURE",
        "YOUTH_PROBATION",
    }


def test_a_source_event_id_is_used_once_per_source_except_by_identical_resubmissions(
    month: list[SimulatedRecord],
) -> None:
    sent: dict[tuple[str, str, str], list[SimulatedRecord]] = defaultdict(list)
    for simulated in month:
        sent[(*source_key(simulated.record), simulated.record["source_event_id"])].append(simulated)

    resubmitted = [copies for copies in sent.values() if len(copies) > 1]
    assert resubmitted  # the month runs with duplicates switched on
    for copies in resubmitted:
        assert all(c.record == copies[0].record for c in copies)
        assert copies[0].reported_at < copies[1].reported_at


def test_facts_happen_within_the_run_and_are_reported_after_they_happen(
    month: list[SimulatedRecord],
) -> None:
    for simulated in month:
        record = simulated.record
        assert occurred(record) < MONTH_END
        assert reported(record) >= occurred(record)


def test_a_few_records_are_reported_days_late(month: list[SimulatedRecord]) -> None:
    delays = [
        reported(s.record) - occurred(s.record)
        for s in month
        if occurred(s.record) >= BEGIN  # the opening balance reports the past on purpose
    ]
    late = [delay for delay in delays if delay >= timedelta(days=1)]

    assert 0.02 < len(late) / len(delays) < 0.10
    assert max(late) <= timedelta(days=14)
