"""Waiting-list entries, waiting times and refusals (DEFINITIONS.md, "Per youth")."""

from datetime import date, timedelta
from pathlib import Path

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

HOME_ONLY = raw_care(location=None)
CRISIS_AT_LEKSTROOM = raw_care("crisis", "99000006", "L01")  # 99000006/L01: lekstroom


def _waiting(figures: dict[str, dict[str, object]]) -> tuple[object, object, object]:
    now = figures["eemland"]["now"]
    assert isinstance(now, dict)
    row = now[MENTAL_HEALTH]
    return row["waiting_now"], row["waiting_days_median"], row["waiting_days_p90"]


def test_waiting_days_run_from_registration_to_as_of(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n, day in enumerate(["2026-03-01", "2026-03-05", "2026-03-10"]):
        scenario.person(
            "WaitingListRegistered", day, who=raw_youth(n), care=HOME_ONLY, registration="R"
        )
    # A fourth youth registered and removed on 03-11 sets the as-of date, waiting no more.
    scenario.person(
        "WaitingListRegistered", "2026-03-11", who=raw_youth(3), care=HOME_ONLY, registration="R"
    )
    scenario.person(
        "WaitingListRemoved",
        "2026-03-11",
        who=raw_youth(3),
        care=HOME_ONLY,
        registration="R",
        reason="WITHDRAWN",
    )

    figures = scenario.figures()

    # Days 10, 6, 1 -> sorted 1, 6, 10: median rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3.
    assert figures["eemland"]["as_of"] == "2026-03-11"
    assert _waiting(figures) == (3, 6, 10)


def test_percentiles_are_nearest_rank_not_interpolated(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n in range(10):
        day = (date(2026, 3, 1) + timedelta(days=n)).isoformat()
        scenario.person(
            "WaitingListRegistered", day, who=raw_youth(n), care=HOME_ONLY, registration="R"
        )

    figures = scenario.figures()

    # As of 03-10 the days are 0 .. 9: median rank 5 -> 4 (not 4.5), p90 rank 9 -> 8.
    assert _waiting(figures) == (10, 4, 8)


def test_an_even_count_takes_the_lower_middle(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n in range(4):
        day = (date(2026, 3, 1) + timedelta(days=n)).isoformat()
        scenario.person(
            "WaitingListRegistered", day, who=raw_youth(n), care=HOME_ONLY, registration="R"
        )

    # Days 0, 1, 2, 3: median rank ceil(2.0) = 2 -> 1, p90 rank ceil(3.6) = 4 -> 3.
    assert _waiting(scenario.figures()) == (4, 1, 3)


def test_an_entry_closes_at_its_removal_or_at_a_placement_from_it(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    removed, placed, removed_on_as_of, waiting = (raw_youth(n) for n in range(4))
    for who in (removed, placed, removed_on_as_of, waiting):
        scenario.person(
            "WaitingListRegistered", "2026-03-01", who=who, care=HOME_ONLY, registration="R"
        )
    scenario.person(
        "WaitingListRemoved",
        "2026-03-05",
        who=removed,
        care=HOME_ONLY,
        registration="R",
        reason="WITHDRAWN",
    )
    # A placement from the entry closes it without a removal.
    scenario.person(
        "PlacementStarted",
        "2026-03-04",
        who=placed,
        care=HOME_ONLY,
        placement="P",
        registration="R",
    )
    # Removed on the as-of day: off the list at the end of that day.
    scenario.person(
        "WaitingListRemoved",
        "2026-03-10",
        who=removed_on_as_of,
        care=HOME_ONLY,
        registration="R",
        reason="REFERRED_ELSEWHERE",
    )

    figures = scenario.figures()

    assert figures["eemland"]["as_of"] == "2026-03-10"
    assert _waiting(figures) == (1, 9, 9)
    assert figures["eemland"]["daily"][MENTAL_HEALTH]["2026-03-01"] == {"registrations": 4}


def test_a_placement_from_another_reference_leaves_the_entry_open(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    scenario.person(
        "PlacementStarted", "2026-03-04", care=HOME_ONLY, placement="P", registration="R2"
    )

    assert _waiting(scenario.figures()) == (1, 3, 3)


def test_an_orphan_counts_nowhere_until_its_registration_arrives(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person(
        "WaitingListStatusChanged",
        "2026-03-05",
        registration="R1",
        status="OFFER_REFUSED",
        refusal_reason="NO_CAPACITY",
    )
    scenario.person("WaitingListRemoved", "2026-03-06", registration="R1", reason="WITHDRAWN")

    before = scenario.figures()

    assert before["eemland"]["anomalies"] == {
        "orphan_waiting_list_event": 2,
        "orphan_discharge": 0,
    }
    assert before["utrecht-stad"]["daily"] == {}  # the refusal is not counted either
    assert before["eemland"]["daily"] == {}

    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    after = scenario.figures()

    assert after["eemland"]["anomalies"]["orphan_waiting_list_event"] == 0
    assert after["utrecht-stad"]["daily"] == {MENTAL_HEALTH: {"2026-03-05": {"refusals": 1}}}
    assert after["eemland"]["daily"] == {MENTAL_HEALTH: {"2026-03-01": {"registrations": 1}}}
    assert MENTAL_HEALTH not in after["eemland"]["now"]  # removed on 03-06: not waiting


def test_registrations_of_another_youth_do_not_match(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    scenario.person(
        "WaitingListRemoved",
        "2026-03-02",
        who=raw_youth(1),
        care=HOME_ONLY,
        registration="R1",
        reason="WITHDRAWN",
    )

    figures = scenario.figures()

    assert figures["eemland"]["anomalies"]["orphan_waiting_list_event"] == 1
    assert _waiting(figures) == (1, 1, 1)


def test_refusals_count_at_the_provider_location_else_the_home_region(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", care=HOME_ONLY, registration="R1")
    # The refusal's own care counts: crisis at a lekstroom location.
    scenario.person(
        "WaitingListStatusChanged",
        "2026-03-02",
        care=CRISIS_AT_LEKSTROOM,
        registration="R1",
        status="OFFER_REFUSED",
        refusal_reason="AGE",
    )
    scenario.person(
        "WaitingListStatusChanged",
        "2026-03-03",
        care=HOME_ONLY,
        registration="R1",
        status="OFFER_REFUSED",
        refusal_reason="SAFETY_RISK",
    )
    scenario.person(
        "WaitingListStatusChanged", "2026-03-03", care=HOME_ONLY, registration="R1", status="OFFER"
    )

    figures = scenario.figures()

    assert figures["lekstroom"]["daily"] == {"crisis": {"2026-03-02": {"refusals": 1}}}
    assert figures["eemland"]["daily"] == {
        MENTAL_HEALTH: {"2026-03-01": {"registrations": 1}, "2026-03-03": {"refusals": 1}}
    }


def test_registrations_count_in_the_home_region(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person(
        "WaitingListRegistered",
        "2026-03-01",
        who=raw_youth(municipality="0344"),
        care=CRISIS_AT_LEKSTROOM,
        registration="R1",
    )

    figures = scenario.figures()

    assert figures["utrecht-stad"]["daily"] == {"crisis": {"2026-03-01": {"registrations": 1}}}
    assert figures["utrecht-stad"]["now"]["crisis"]["waiting_now"] == 1
    assert figures["lekstroom"]["daily"] == {}
    assert figures["lekstroom"]["now"] == {}


def test_a_removal_dated_before_its_registration_still_closes_the_entry(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    scenario.person(
        "WaitingListRemoved", "2026-03-02", care=HOME_ONLY, registration="R1", reason="WITHDRAWN"
    )
    scenario.person("WaitingListRegistered", "2026-03-05", care=HOME_ONLY, registration="R1")

    eemland = scenario.figures()["eemland"]

    assert eemland["daily"] == {MENTAL_HEALTH: {"2026-03-05": {"registrations": 1}}}
    assert eemland["now"] == {}
    assert eemland["anomalies"]["orphan_waiting_list_event"] == 0
