"""Each youth's story hangs together: references, sources, order, identity, age, residence."""

from collections import defaultdict

from connectors.simulator import SimulatedRecord
from privacy.bsn import validate_bsn
from schemas.reference import reference_data
from tests.simulator.conftest import BEGIN
from tests.simulator.facts import Record, age_on, facts, occurred, of_type, source_key

UTRECHT_FLEVOLAND = {r.code for r in reference_data().regions("utrecht-flevoland")}


def _ref(record: Record, name: str) -> tuple[str, str]:
    return record[name]["issued_by"], record[name]["value"]


def test_every_discharge_follows_the_start_of_that_placement_at_that_source(
    year: list[SimulatedRecord],
) -> None:
    stream = list(facts(year))
    starts = {
        (source_key(r), _ref(r, "placement_ref")): (index, r)
        for index, r in enumerate(stream)
        if r["event_type"] == "PlacementStarted"
    }
    reported_before_start = 0
    ends = [(index, r) for index, r in enumerate(stream) if r["event_type"] == "PlacementEnded"]
    for index, end in ends:
        start_index, start = starts[source_key(end), _ref(end, "placement_ref")]
        assert occurred(start) < occurred(end)
        assert start["youth"]["bsn"] == end["youth"]["bsn"]
        reported_before_start += start_index > index  # only when the start came in late

    assert reported_before_start < 0.02 * len(ends)


def test_every_retraction_points_to_an_earlier_record_of_its_own_source(
    month: list[SimulatedRecord],
) -> None:
    sent: set[tuple[str, str, str]] = set()
    retractions = 0
    for simulated in month:
        record = simulated.record
        if record["event_type"] == "EventRetracted":
            retractions += 1
            assert (*source_key(record), record["retracts_source_event_id"]) in sent
        sent.add((*source_key(record), record["source_event_id"]))

    assert retractions > 0


def test_a_registration_ref_belongs_to_one_youth_and_was_registered(
    year: list[SimulatedRecord],
) -> None:
    registered = {
        _ref(r, "registration_ref") for r in of_type(facts(year), "WaitingListRegistered")
    }
    youths: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in facts(year):
        if "registration_ref" in record:
            youths[_ref(record, "registration_ref")].add(record["youth"]["bsn"])

    assert set(youths) == registered
    assert all(len(bsns) == 1 for bsns in youths.values())


def test_a_placement_ref_is_issued_by_the_provider_that_reports_the_placement(
    year: list[SimulatedRecord],
) -> None:
    for record in facts(year):
        if "placement_ref" in record:
            assert record["placement_ref"]["issued_by"] == f"PROVIDER:{record['source']['code']}"


def test_a_youth_has_one_valid_bsn_birth_date_and_home_in_the_run_s_regions(
    year: list[SimulatedRecord],
) -> None:
    identities: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for record in facts(year):
        if "youth" in record:
            youth = record["youth"]
            identities[youth["bsn"]].add(
                (youth["birth_date"], youth["name"], youth["municipality"])
            )

    for bsn, seen in identities.items():
        assert validate_bsn(bsn) == bsn
        assert len(seen) == 1
        ((_, _, municipality),) = seen
        assert reference_data().municipality(municipality).region_code in UTRECHT_FLEVOLAND


def test_youths_are_first_registered_at_0_to_17_and_for_closed_care_at_12_or_older(
    year: list[SimulatedRecord],
) -> None:
    first: dict[str, Record] = {}
    for record in sorted(of_type(facts(year), "WaitingListRegistered"), key=occurred):
        first.setdefault(record["youth"]["bsn"], record)
    registrations = [r for r in first.values() if occurred(r) >= BEGIN]
    closed = [age_on(r) for r in registrations if r["care"]["care_function"] == "closed"]

    assert all(0 <= age_on(r) <= 17 for r in registrations)
    assert min(age_on(r) for r in registrations) <= 3
    assert closed and min(closed) >= 12
