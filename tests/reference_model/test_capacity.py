"""Capacity now: declared places, opened and closed places, base availability."""

from pathlib import Path
from typing import Any

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_youth

YOUTH_PARENTING = "residential-youth-parenting"


def _now(scenario: Scenario, region: str = "utrecht-stad") -> dict[str, Any]:
    now: dict[str, Any] = scenario.figures()[region]["now"]
    return now


def test_opened_and_closed_places_after_the_declaration_day(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-01-05", places=10, valid_from="2026-01-01")
    # On the declaration's own day: not after its event date, so it does not count.
    scenario.capacity("PlacesChanged", "2026-01-05", change="CLOSED", places=4)
    scenario.capacity("PlacesChanged", "2026-01-10", change="OPENED", places=2)  # 12
    scenario.capacity("PlacesChanged", "2026-01-12", change="CLOSED", places=20)  # 0, not -8
    scenario.capacity("PlacesChanged", "2026-01-15", change="OPENED", places=3)  # 3

    now = _now(scenario)

    assert now[MENTAL_HEALTH]["places_declared"] == 3
    assert now[MENTAL_HEALTH]["free"] == 3


def test_a_declaration_applies_from_its_valid_from(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-01-05", places=10, valid_from="2026-01-01")
    scenario.capacity("PlacesChanged", "2026-01-10", change="OPENED", places=2)
    scenario.capacity("PlacesDeclared", "2026-01-20", places=20, valid_from="2026-03-01")
    scenario.capacity("PlacesChanged", "2026-01-25", change="OPENED", places=1)

    # As of 01-25 the second declaration is not valid yet: 10 + 2 + 1.
    assert _now(scenario)[MENTAL_HEALTH]["places_declared"] == 13

    # Another utrecht-stad location moves the as-of date to 03-01: 20 + 1.
    scenario.capacity(
        "PlacesDeclared",
        "2026-03-01",
        provider_agb="99000002",
        care_function="residential-forensic",
        places=5,
        valid_from="2026-03-01",
    )
    now = _now(scenario)

    assert now[MENTAL_HEALTH]["places_declared"] == 21
    assert now["residential-forensic"]["places_declared"] == 5


def test_the_latest_declaration_by_event_date_wins(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-01-10", places=8, valid_from="2026-01-01")
    scenario.capacity("PlacesDeclared", "2026-01-05", places=10, valid_from="2026-01-06")

    assert _now(scenario)[MENTAL_HEALTH]["places_declared"] == 8


def test_places_sum_over_the_locations_of_a_region(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for location, places in (("L01", 6), ("L02", 4)):  # both Lokalis locations: lekstroom
        scenario.capacity(
            "PlacesDeclared",
            "2026-01-05",
            provider_agb="99000006",
            location=location,
            care_function=YOUTH_PARENTING,
            places=places,
            valid_from="2026-01-01",
        )
    scenario.capacity(  # Spoor 030: utrecht-stad
        "PlacesDeclared",
        "2026-01-05",
        provider_agb="99000010",
        care_function=YOUTH_PARENTING,
        places=7,
        valid_from="2026-01-01",
    )

    assert _now(scenario, "lekstroom")[YOUTH_PARENTING]["places_declared"] == 10
    assert _now(scenario, "utrecht-stad")[YOUTH_PARENTING]["places_declared"] == 7


def test_base_availability_within_its_period_and_the_shortfall(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-01-05", places=10, valid_from="2026-01-01")
    scenario.capacity(
        "BaseAvailabilityAgreed",
        "2026-01-05",
        places=18,
        agreed_by="utrecht-stad",
        valid_from="2026-01-01",
        valid_until="2026-01-31",
    )
    scenario.capacity("PlacesChanged", "2026-01-31", change="OPENED", places=1)

    # valid_until is the period's last day.
    assert _now(scenario)[MENTAL_HEALTH] == {
        "places_declared": 11,
        "occupied": 0,
        "free": 11,
        "occupancy_pct": 0.0,
        "base_availability": 18,
        "shortfall": 7,
        "waiting_now": 0,
        "waiting_days_median": None,
        "waiting_days_p90": None,
    }

    scenario.capacity("PlacesChanged", "2026-02-01", change="OPENED", places=1)
    now = _now(scenario)[MENTAL_HEALTH]

    assert (now["base_availability"], now["shortfall"]) == (0, 0)


def test_the_latest_base_availability_agreement_wins(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for day, places in (("2026-01-08", 12), ("2026-01-05", 18)):
        scenario.capacity(
            "BaseAvailabilityAgreed",
            day,
            places=places,
            agreed_by="utrecht-stad",
            valid_from="2026-01-01",
        )

    now = _now(scenario)[MENTAL_HEALTH]

    # Base availability alone puts the care function in "now".
    assert (now["places_declared"], now["base_availability"], now["shortfall"]) == (0, 12, 12)
    assert now["occupancy_pct"] is None


def test_occupancy_percentage_and_free_places(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.capacity("PlacesDeclared", "2026-01-05", places=3, valid_from="2026-01-01")
    scenario.person("PlacementStarted", "2026-01-06", placement="P")

    now = _now(scenario)[MENTAL_HEALTH]

    assert (now["occupied"], now["free"], now["occupancy_pct"]) == (1, 2, 33.3)

    for n in (1, 2, 3):
        scenario.person("PlacementStarted", "2026-01-07", who=raw_youth(n), placement="P")
    now = _now(scenario)[MENTAL_HEALTH]

    assert (now["occupied"], now["free"], now["occupancy_pct"]) == (4, 0, 133.3)


def test_a_care_function_is_now_only_with_capacity_occupancy_or_waiting(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    # Not valid yet as of 01-10: no capacity applies.
    scenario.capacity("PlacesDeclared", "2026-01-05", places=10, valid_from="2026-02-01")
    # Zero places declared is capacity all the same.
    scenario.capacity(
        "PlacesDeclared", "2026-01-05", care_function="crisis", places=0, valid_from="2026-01-01"
    )
    # A stay of a third care function that has ended.
    forensic = {
        "care_function": "residential-forensic",
        "provider_agb": "99000002",
        "provider_location": "L01",
    }
    scenario.person("PlacementStarted", "2026-01-06", care=forensic, placement="P")
    scenario.person(
        "PlacementEnded", "2026-01-10", care=forensic, placement="P", end_reason="PLANNED"
    )

    now = _now(scenario)

    assert set(now) == {"crisis"}
    assert now["crisis"]["places_declared"] == 0
    assert now["crisis"]["occupancy_pct"] is None
