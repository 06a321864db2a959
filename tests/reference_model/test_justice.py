"""Justice data (DEFINITIONS.md "Justice data"): counted apart, before anything else."""

from pathlib import Path

from tests.reference_model.figures import recompute, recompute_justice
from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

PROBATION = {**raw_care("justice-youth-probation", location=None)}
PREVENTIVE = {**raw_care("justice-preventive", location=None)}  # iJw category 49
UNDER_A_MEASURE = {**raw_care(), "legal_framework": "CHILD_PROTECTION_MEASURE"}


def _scenario(tmp_path: Path) -> tuple[Scenario, int]:
    """General events of youth 0, then justice events of youths 0 and 1; the number of
    general events."""
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    scenario.person("PlacementStarted", "2026-03-03", placement="P1", registration="R1")
    general = len(scenario.events)
    scenario.person("WaitingListRegistered", "2026-03-05", care=PROBATION, registration="J1")
    scenario.person(
        "WaitingListRegistered", "2026-03-06", who=raw_youth(1), care=PREVENTIVE, registration="J2"
    )
    placed = scenario.person(
        "PlacementStarted", "2026-03-07", who=raw_youth(1), care=UNDER_A_MEASURE, placement="J3"
    )
    scenario.person(
        "PlacementStarted", "2026-03-08", who=raw_youth(1), care=UNDER_A_MEASURE, placement="J4"
    )
    scenario.person(
        "EventRetracted", "2026-03-09", who=raw_youth(1), retracts=placed, reason="CORRECTED"
    )
    return scenario, general


def test_justice_events_leave_the_general_figures_as_they_were(tmp_path: Path) -> None:
    scenario, general = _scenario(tmp_path)

    assert recompute(scenario.events) == recompute(scenario.events[:general])
    assert recompute_justice(scenario.events[:general]) == {}


def test_justice_figures_count_the_justice_events_alone(tmp_path: Path) -> None:
    scenario, _ = _scenario(tmp_path)

    justice = scenario.justice_figures()

    assert sorted(justice) == ["eemland", "utrecht-stad"]
    eemland, utrecht = justice["eemland"], justice["utrecht-stad"]
    assert eemland["as_of"] == "2026-03-08"  # the retracted start counts nowhere
    assert {cf: f["waiting_now"] for cf, f in eemland["now"].items()} == {
        "justice-preventive": 1,
        "justice-youth-probation": 1,
    }
    # Only the start that was not retracted; no capacity in justice figures.
    assert {day: f["placements"] for day, f in utrecht["daily"][MENTAL_HEALTH].items()} == {
        "2026-03-08": 1
    }
    assert utrecht["now"][MENTAL_HEALTH]["places_declared"] == 0
    assert utrecht["now"][MENTAL_HEALTH]["occupied"] == 1
    assert utrecht["flow_matrix"]["eemland"]["open"] == 1


def test_capacity_belongs_to_the_general_figures_only(tmp_path: Path) -> None:
    scenario, _ = _scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-03-10", places=4, valid_from="2026-03-01")

    assert scenario.figures()["utrecht-stad"]["now"][MENTAL_HEALTH]["places_declared"] == 4
    assert scenario.justice_figures()["utrecht-stad"]["as_of"] == "2026-03-08"
