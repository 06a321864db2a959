"""Stays: occupancy, discharges, orphans, re-placements, 17+ and 18+ (DEFINITIONS.md)."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

AT_UTRECHT = raw_care()  # 99000001/L01: utrecht-stad
HOME_ONLY = raw_care(location=None)


def _total(figures: dict[str, dict[str, Any]], measure: str) -> int:
    """A daily measure summed over every region, care function and day."""
    return sum(
        values.get(measure, 0)
        for region in figures.values()
        for days in region["daily"].values()
        for values in days.values()
    )


def test_open_stays_occupy_and_a_stay_ending_on_the_as_of_day_does_not(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    ending, suspended = raw_youth(1), raw_youth(2)
    scenario.person("PlacementStarted", "2026-03-01", who=ending, placement="P")
    scenario.person(
        "PlacementEnded",
        "2026-03-10",
        who=ending,
        placement="P",
        end_reason="PLANNED",
        destination="HOME",
    )
    # A suspended placement still holds its place.
    scenario.person("PlacementStarted", "2026-03-02", who=suspended, placement="P")
    scenario.person("PlacementSuspended", "2026-03-05", who=suspended, placement="P")

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["as_of"] == "2026-03-10"
    assert utrecht["now"] == {
        MENTAL_HEALTH: {
            "places_declared": 0,
            "occupied": 1,
            "free": 0,
            "occupancy_pct": None,
            "base_availability": 0,
            "shortfall": 0,
            "waiting_now": 0,
            "waiting_days_median": None,
            "waiting_days_p90": None,
        }
    }
    assert utrecht["daily"] == {
        MENTAL_HEALTH: {
            "2026-03-01": {"placements": 1},
            "2026-03-02": {"placements": 1},
            "2026-03-10": {"discharges": {"HOME": 1}},
        }
    }


def test_a_discharge_before_its_start_is_an_anomaly_until_the_start_arrives(
    tmp_path: Path,
) -> None:
    scenario = Scenario(tmp_path)
    scenario.person(
        "PlacementEnded", "2026-03-10", placement="P", end_reason="PLANNED", destination="HOME"
    )
    scenario.person("PlacementResumed", "2026-03-08", placement="P")

    before = scenario.figures()

    assert before["eemland"]["anomalies"] == {
        "orphan_waiting_list_event": 0,
        "orphan_discharge": 2,
    }
    assert before["utrecht-stad"]["daily"] == {}

    scenario.person("PlacementStarted", "2026-03-01", placement="P")
    after = scenario.figures()

    assert after["eemland"]["anomalies"]["orphan_discharge"] == 0
    assert after["utrecht-stad"]["daily"] == {
        MENTAL_HEALTH: {
            "2026-03-01": {"placements": 1},
            "2026-03-10": {"discharges": {"HOME": 1}},
        }
    }


def test_an_end_dated_before_the_start_does_not_close_it(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("PlacementEnded", "2026-02-20", placement="P", end_reason="ADMINISTRATIVE")
    scenario.person("PlacementStarted", "2026-03-01", placement="P")

    figures = scenario.figures()

    assert figures["utrecht-stad"]["now"][MENTAL_HEALTH]["occupied"] == 1
    assert figures["utrecht-stad"]["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"placements": 1}}}
    assert figures["eemland"]["anomalies"]["orphan_discharge"] == 0


def test_the_first_end_on_or_after_the_start_closes_it(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("PlacementStarted", "2026-03-01", placement="P")
    scenario.person(
        "PlacementEnded", "2026-03-01", placement="P", end_reason="PLANNED", destination="HOME"
    )
    scenario.person(
        "PlacementEnded", "2026-03-04", placement="P", end_reason="PLANNED", destination="UNKNOWN"
    )

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["daily"][MENTAL_HEALTH] == {
        "2026-03-01": {"placements": 1, "discharges": {"HOME": 1}}
    }


# A first stay at 99000001 ends on 02-01; the second starts ``gap`` days later.
DIFFERENT_PROVIDER = raw_care(provider_agb="99000004", location="L01")  # noord-veluwe
SAME_PROVIDER = raw_care(provider_agb="99000001", location="L02")  # zuid-oost-utrecht


@pytest.mark.parametrize(
    ("gap", "second_care", "window", "replacements"),
    [
        (0, DIFFERENT_PROVIDER, 30, 1),
        (30, DIFFERENT_PROVIDER, 30, 1),
        (31, DIFFERENT_PROVIDER, 30, 0),
        (31, DIFFERENT_PROVIDER, 31, 1),
        (30, SAME_PROVIDER, 30, 0),  # another location of the same provider AGB
    ],
)
def test_replacement_window(
    tmp_path: Path, gap: int, second_care: dict[str, Any], window: int, replacements: int
) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("PlacementStarted", "2026-01-10", placement="P1")
    scenario.person(
        "PlacementEnded",
        "2026-02-01",
        placement="P1",
        end_reason="PREMATURE_BY_PROVIDER",
        destination="ANOTHER_PLACEMENT",
    )
    second_start = (date(2026, 2, 1) + timedelta(days=gap)).isoformat()
    scenario.person("PlacementStarted", second_start, care=second_care, placement="P2")

    figures = scenario.figures(replacement_window_days=window)

    assert _total(figures, "replacements") == replacements
    assert _total(figures, "placements") == 2


def test_only_the_most_recent_earlier_stay_decides(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    # A at another provider ends 02-01; C at 99000001 runs 02-02 .. 02-10; B at 99000001
    # starts 02-15. C re-places A. For B the most recent stay is C, same provider: no.
    scenario.person("PlacementStarted", "2026-01-10", care=DIFFERENT_PROVIDER, placement="A")
    scenario.person("PlacementEnded", "2026-02-01", placement="A", end_reason="MUTUAL")
    scenario.person("PlacementStarted", "2026-02-02", placement="C")
    scenario.person("PlacementEnded", "2026-02-10", placement="C", end_reason="MUTUAL")
    scenario.person("PlacementStarted", "2026-02-15", care=SAME_PROVIDER, placement="B")

    figures = scenario.figures()

    assert figures["utrecht-stad"]["daily"][MENTAL_HEALTH]["2026-02-02"] == {
        "placements": 1,
        "replacements": 1,
    }
    assert _total(figures, "replacements") == 1


def test_an_open_earlier_stay_is_no_reason_for_a_replacement(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("PlacementStarted", "2026-01-10", care=DIFFERENT_PROVIDER, placement="A")
    scenario.person("PlacementStarted", "2026-02-02", placement="B")

    assert _total(scenario.figures(), "replacements") == 0


def test_contracted_false_is_non_contracted_and_unknown_is_contracted(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n, contracted in enumerate([False, None, True]):
        scenario.person(
            "PlacementStarted",
            "2026-03-01",
            who=raw_youth(n),
            care=raw_care(contracted=contracted),
            placement="P",
        )

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-01"] == {"placements": 3, "non_contracted": 1}


def test_placements_of_youths_aged_17_and_over(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    births = [date(2009, 5, 17), date(2009, 1, 10), date(2007, 6, 1), date(2003, 1, 1)]
    for n, birth in enumerate(births):  # on 2026-03-01: 16, 17, 18, 23
        scenario.person(
            "PlacementStarted", "2026-03-01", who=raw_youth(n, birth_date=birth), placement="P"
        )

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-01"] == {
        "placements": 4,
        "placements_17_plus": 3,
    }


def test_turning_18_in_care(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    ended_at_18 = raw_youth(1, birth_date=date(2008, 3, 20))
    open_turned_18 = raw_youth(2, birth_date=date(2008, 3, 25))
    started_at_18 = raw_youth(3, birth_date=date(2008, 1, 1))
    ended_at_17 = raw_youth(4, birth_date=date(2008, 6, 1))
    for who in (ended_at_18, open_turned_18, started_at_18, ended_at_17):
        scenario.person("PlacementStarted", "2026-03-01", who=who, care=HOME_ONLY, placement="P")
    for who in (ended_at_18, started_at_18, ended_at_17):
        scenario.person(
            "PlacementEnded", "2026-04-01", who=who, placement="P", end_reason="OTHER_DOMAIN"
        )
    # An open stay turns 18 on its latest event: the resumption, not the suspension.
    scenario.person("PlacementSuspended", "2026-03-26", who=open_turned_18, placement="P")
    scenario.person("PlacementResumed", "2026-04-02", who=open_turned_18, placement="P")

    days = scenario.figures()["eemland"]["daily"][MENTAL_HEALTH]

    assert days == {
        "2026-03-01": {"placements": 4, "placements_17_plus": 4},
        "2026-04-01": {"transitions_18": 1, "discharges": {"UNKNOWN": 3}},
        "2026-04-02": {"transitions_18": 1},
    }


def test_a_second_start_with_the_same_placement_ref_is_not_a_second_stay(
    tmp_path: Path,
) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("PlacementStarted", "2026-03-01", placement="P")
    scenario.person("PlacementStarted", "2026-03-03", placement="P")

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"placements": 1}}}
    assert utrecht["now"][MENTAL_HEALTH]["occupied"] == 1


def test_flow_matrix_by_provider_region_and_home_region(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    from_eemland, from_utrecht, placed_at_home = raw_youth(1), raw_youth(2, "0344"), raw_youth(3)
    scenario.person("PlacementStarted", "2026-03-01", who=from_eemland, placement="P")
    scenario.person("PlacementStarted", "2026-03-01", who=from_utrecht, placement="P")
    scenario.person(
        "PlacementEnded", "2026-03-05", who=from_utrecht, placement="P", end_reason="MUTUAL"
    )
    # No location: the provider region is the youth's home region.
    scenario.person(
        "PlacementStarted", "2026-03-03", who=placed_at_home, care=HOME_ONLY, placement="P"
    )

    figures = scenario.figures()

    assert figures["utrecht-stad"]["flow_matrix"] == {
        "eemland": {"open": 1, "started": {"2026-03-01": 1}},
        "utrecht-stad": {"open": 0, "started": {"2026-03-01": 1}},
    }
    assert figures["eemland"]["flow_matrix"] == {
        "eemland": {"open": 1, "started": {"2026-03-03": 1}},
    }


def test_stays_of_one_day_are_earlier_in_start_order_only(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    first, second = "2026-02-01T09:00:00+01:00", "2026-02-01T11:00:00+01:00"
    scenario.person("PlacementStarted", first, care=DIFFERENT_PROVIDER, placement="A")
    scenario.person(
        "PlacementEnded", "2026-02-01T10:00:00+01:00", placement="A", end_reason="MUTUAL"
    )
    scenario.person("PlacementStarted", second, placement="B")
    scenario.person(
        "PlacementEnded", "2026-02-01T12:00:00+01:00", placement="B", end_reason="MUTUAL"
    )

    figures = scenario.figures()

    # B re-places A; A started first, so B is no earlier stay of A.
    assert figures["utrecht-stad"]["daily"][MENTAL_HEALTH]["2026-02-01"]["replacements"] == 1
    assert _total(figures, "replacements") == 1


def test_an_end_without_a_location_moves_the_as_of_of_the_stays_region(tmp_path: Path) -> None:
    """The stay counts in utrecht-stad (its start's location); its end names no location,
    so the event itself touches only eemland, the youth's home region. It still ends a
    stay counted in utrecht-stad, so utrecht-stad's figures move to its date."""
    scenario = Scenario(tmp_path)
    scenario.person("PlacementStarted", "2026-03-02", placement="P")
    scenario.person(
        "PlacementEnded",
        "2026-03-10",
        care=raw_care(location=None),
        placement="P",
        end_reason="PLANNED",
        destination="HOME",
    )

    utrecht = scenario.figures()["utrecht-stad"]

    assert utrecht["as_of"] == "2026-03-10"
    assert utrecht["now"] == {}  # the place is no longer occupied
