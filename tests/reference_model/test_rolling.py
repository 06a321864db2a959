"""Rolling 28 days: the sum of the daily values over D-27 .. D."""

from pathlib import Path

from tests.reference_model import rolling_28
from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

HOME_ONLY = raw_care(location=None)


def test_rolling_28_days(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n, day in enumerate(["2026-02-01", "2026-02-02", "2026-02-28", "2026-03-01"]):
        scenario.person(
            "WaitingListRegistered", day, who=raw_youth(n), care=HOME_ONLY, registration="R"
        )
    discharges = [("2026-02-01", "HOME"), ("2026-02-10", "HOME"), ("2026-03-01", "FOSTER_CARE")]
    for n, (day, destination) in enumerate(discharges, start=10):
        who = raw_youth(n)
        scenario.person("PlacementStarted", "2026-01-15", who=who, care=HOME_ONLY, placement="P")
        scenario.person(
            "PlacementEnded",
            day,
            who=who,
            care=HOME_ONLY,
            placement="P",
            end_reason="PLANNED",
            destination=destination,
        )
    eemland = scenario.figures()["eemland"]
    nothing = {
        "placements": 0,
        "replacements": 0,
        "refusals": 0,
        "non_contracted": 0,
        "placements_17_plus": 0,
        "transitions_18": 0,
    }

    # 02-28 covers 02-01 .. 02-28 (February 2026 has 28 days).
    assert rolling_28(eemland, MENTAL_HEALTH, "2026-02-28") == {
        **nothing,
        "registrations": 3,
        "discharges": {"HOME": 2},
    }
    # 03-01 covers 02-02 .. 03-01.
    assert rolling_28(eemland, MENTAL_HEALTH, "2026-03-01") == {
        **nothing,
        "registrations": 3,
        "discharges": {"HOME": 1, "FOSTER_CARE": 1},
    }
    # The starts of 01-15 fall in 28 days ending 02-11, not in 28 days ending 02-12.
    assert rolling_28(eemland, MENTAL_HEALTH, "2026-02-11")["placements"] == 3
    assert rolling_28(eemland, MENTAL_HEALTH, "2026-02-12")["placements"] == 0
    assert rolling_28(eemland, "crisis", "2026-03-01") == {
        **nothing,
        "registrations": 0,
        "discharges": {},
    }
