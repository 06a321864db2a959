"""The municipality of residence (DEFINITIONS.md "Municipality of residence"): a
municipality's figures count its residents wherever they wait or are placed."""

from pathlib import Path

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

AMERSFOORT, UTRECHT = "0307", "0344"  # in eemland and utrecht-stad
PROBATION = raw_care("justice-youth-probation", location=None)


def test_a_resident_counts_in_its_municipality_wherever_it_is_placed(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)  # youth 0 lives in Amersfoort; L01 lies in utrecht-stad
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    scenario.person("PlacementStarted", "2026-03-04", placement="P1", registration="R1")
    scenario.person("WaitingListRegistered", "2026-03-02", who=raw_youth(1), registration="R2")
    scenario.capacity("PlacesDeclared", "2026-03-01", places=4, valid_from="2026-03-01")

    residents = scenario.residents_figures()

    assert sorted(residents) == [AMERSFOORT]  # no capacity, and the place is not there
    amersfoort = residents[AMERSFOORT]
    assert amersfoort["as_of"] == "2026-03-04"
    now = amersfoort["now"][MENTAL_HEALTH]
    assert (now["occupied"], now["waiting_now"], now["places_declared"]) == (1, 1, 0)
    assert now["waiting_days_median"] == 2  # youth 1, registered on 2 March
    daily = amersfoort["daily"][MENTAL_HEALTH]
    assert daily["2026-03-01"]["registrations"] == 1
    assert daily["2026-03-04"]["placements"] == 1
    # The region figures place the stay where the place is.
    assert scenario.figures()["utrecht-stad"]["now"][MENTAL_HEALTH]["occupied"] == 1


def test_each_count_lands_in_the_municipality_of_the_event_that_dates_it(
    tmp_path: Path,
) -> None:
    """A youth registered while living in Amersfoort, placed after moving to Utrecht."""
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    moved = raw_youth(0, municipality=UTRECHT)
    scenario.person("PlacementStarted", "2026-03-05", who=moved, placement="P1", registration="R1")
    scenario.person(
        "PlacementEnded",
        "2026-03-20",
        who=moved,
        placement="P1",
        end_reason="PLANNED",
        destination="HOME",
    )

    residents = scenario.residents_figures()

    amersfoort, utrecht = residents[AMERSFOORT], residents[UTRECHT]
    # The placement closed Amersfoort's entry: it moves Amersfoort's as-of too.
    assert amersfoort["as_of"] == "2026-03-05" and utrecht["as_of"] == "2026-03-20"
    assert amersfoort["daily"][MENTAL_HEALTH] == {"2026-03-01": {"registrations": 1}}
    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-05"]["placements"] == 1
    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-20"]["discharges"] == {"HOME": 1}
    assert amersfoort["now"] == {}  # nobody from Amersfoort waits any more


def test_justice_data_is_not_in_the_residents_figures(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    before = scenario.residents_figures()
    scenario.person("WaitingListRegistered", "2026-03-03", care=PROBATION, registration="J1")
    scenario.person("PlacementStarted", "2026-03-04", care=raw_care(location=None), placement="P1")

    after = scenario.residents_figures()

    assert before[AMERSFOORT]["now"][MENTAL_HEALTH]["waiting_now"] == 1
    assert "justice-youth-probation" not in after[AMERSFOORT]["now"]
    assert after[AMERSFOORT]["as_of"] == "2026-03-04"
