"""Input: duplicates, retractions, voided assignments, event dates (DEFINITIONS.md, "Input")."""

from pathlib import Path

from tests.reference_model.scenario import (
    MENTAL_HEALTH,
    MUNICIPALITY,
    Scenario,
    raw_care,
    raw_youth,
)

HOME_ONLY = raw_care(location=None)  # no location: only the youth's home region is touched


def test_a_duplicate_counts_once(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    scenario.events.append(scenario.events[0])

    eemland = scenario.figures()["eemland"]

    assert eemland["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"registrations": 1}}}
    assert eemland["now"][MENTAL_HEALTH]["waiting_now"] == 1


def test_a_retracted_event_and_the_retraction_count_nowhere(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    wrong = scenario.person(
        "WaitingListRegistered", "2026-03-02", care=HOME_ONLY, registration="R2"
    )
    scenario.person("EventRetracted", "2026-03-10", retracts=wrong, reason="CORRECTED")

    eemland = scenario.figures()["eemland"]

    # Neither the retracted registration nor the retraction moves the as-of date.
    assert eemland["as_of"] == "2026-03-01"
    assert eemland["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"registrations": 1}}}
    assert eemland["now"][MENTAL_HEALTH]["waiting_now"] == 1


def test_a_region_that_only_retracted_events_touch_has_no_figures(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    wrong = scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    scenario.person("EventRetracted", "2026-03-02", retracts=wrong, reason="SOURCE_DELETED")

    assert scenario.figures() == {}


def test_retracting_a_retraction_does_not_bring_the_event_back(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    wrong = scenario.person(
        "WaitingListRegistered", "2026-03-02", care=HOME_ONLY, registration="R2"
    )
    retraction = scenario.person(
        "EventRetracted", "2026-03-03", retracts=wrong, reason="SOURCE_DELETED"
    )
    scenario.person("EventRetracted", "2026-03-04", retracts=retraction, reason="CORRECTED")

    eemland = scenario.figures()["eemland"]

    assert eemland["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"registrations": 1}}}


def _voidable_stay(scenario: Scenario) -> None:
    """A stay under assignment A1 that started on 03-02 and ended on 03-20."""
    scenario.person(
        "AssignmentDecided",
        "2026-03-01",
        source=MUNICIPALITY,
        assignment="A1",
        decision="GRANTED",
        valid_from="2026-03-01",
    )
    scenario.person("PlacementStarted", "2026-03-02", placement="P1", assignment="A1")
    scenario.person("PlacementEnded", "2026-03-20", placement="P1", end_reason="PLANNED")


def test_a_voided_assignment_takes_every_event_carrying_it(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    _voidable_stay(scenario)
    scenario.person(
        "AssignmentDecided",
        "2026-03-05",
        source=MUNICIPALITY,
        assignment="A1",
        decision="VOIDED",
        valid_from="2026-03-01",
        change_reason="13",
    )

    figures = scenario.figures()

    # The start carried A1 and is gone; its end (no assignment_ref) now has no start.
    assert figures["utrecht-stad"]["daily"] == {}
    assert figures["utrecht-stad"]["flow_matrix"] == {}
    assert figures["eemland"]["anomalies"] == {
        "orphan_waiting_list_event": 0,
        "orphan_discharge": 1,
    }


def test_a_retracted_voiding_voids_nothing(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    _voidable_stay(scenario)
    voiding = scenario.person(
        "AssignmentDecided",
        "2026-03-05",
        source=MUNICIPALITY,
        assignment="A1",
        decision="VOIDED",
        valid_from="2026-03-01",
    )
    scenario.person(
        "EventRetracted",
        "2026-03-06",
        source=MUNICIPALITY,
        retracts=voiding,
        reason="SOURCE_DELETED",
    )

    figures = scenario.figures()

    assert figures["utrecht-stad"]["daily"] == {
        MENTAL_HEALTH: {
            "2026-03-02": {"placements": 1},
            "2026-03-20": {"discharges": {"UNKNOWN": 1}},
        }
    }
    assert figures["eemland"]["anomalies"]["orphan_discharge"] == 0


def test_event_dates_are_amsterdam_calendar_dates(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    registrations = [
        ("2026-03-01T22:30:00+00:00", "R1"),  # 23:30 CET: still 1 March
        ("2026-03-01T23:30:00+00:00", "R2"),  # 00:30 CET: 2 March
        ("2026-06-30T22:30:00+00:00", "R3"),  # 00:30 CEST: 1 July
    ]
    for moment, ref in registrations:
        scenario.person("WaitingListRegistered", moment, care=HOME_ONLY, registration=ref)

    eemland = scenario.figures()["eemland"]

    assert eemland["as_of"] == "2026-07-01"
    assert eemland["daily"][MENTAL_HEALTH] == {
        "2026-03-01": {"registrations": 1},
        "2026-03-02": {"registrations": 1},
        "2026-07-01": {"registrations": 1},
    }


def test_as_of_is_per_region_and_an_orphan_moves_it(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    # Youth 1 in eemland, care at a utrecht-stad location: both regions are touched.
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    # Youth 2 in utrecht-stad only.
    utrecht_youth = raw_youth(2, municipality="0344")
    scenario.person(
        "WaitingListRegistered", "2026-03-04", who=utrecht_youth, care=HOME_ONLY, registration="R2"
    )
    # An orphan removal of youth 1 counts in no figure, but it is a counted event.
    scenario.person(
        "WaitingListRemoved", "2026-03-07", care=HOME_ONLY, registration="R9", reason="WITHDRAWN"
    )

    figures = scenario.figures()

    assert {region: figures[region]["as_of"] for region in figures} == {
        "eemland": "2026-03-07",
        "utrecht-stad": "2026-03-04",
    }
    assert figures["eemland"]["now"][MENTAL_HEALTH]["waiting_days_median"] == 6
    assert figures["utrecht-stad"]["now"][MENTAL_HEALTH]["waiting_days_median"] == 0
    assert figures["eemland"]["anomalies"]["orphan_waiting_list_event"] == 1
