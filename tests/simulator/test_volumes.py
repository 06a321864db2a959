"""A simulated year looks like a year of youth care in Utrecht-Flevoland (see assumptions)."""

from collections import defaultdict
from datetime import timedelta

from connectors.simulator import SimulatedRecord
from schemas.reference import reference_data
from tests.simulator.conftest import BEGIN, YEAR_END
from tests.simulator.facts import Record, age_on, facts, occurred, of_type

NATIONAL_CLOSED_STARTS = 900
UTRECHT_FLEVOLAND_SHARE = 0.09


def _starts_in_year(year: list[SimulatedRecord]) -> list[Record]:
    return [r for r in of_type(facts(year), "PlacementStarted") if occurred(r) >= BEGIN]


def test_closed_placement_starts_in_a_year_match_the_region_s_share_of_the_nation(
    year: list[SimulatedRecord],
) -> None:
    closed = [r for r in _starts_in_year(year) if r["care"]["care_function"] == "closed"]

    expected = NATIONAL_CLOSED_STARTS * UTRECHT_FLEVOLAND_SHARE
    assert 0.5 * expected <= len(closed) <= 1.5 * expected


def test_a_fifth_of_discharges_is_followed_by_a_placement_elsewhere_within_30_days(
    year: list[SimulatedRecord],
) -> None:
    placements: dict[str, list[Record]] = defaultdict(list)
    for record in facts(year):
        if record["event_type"] in ("PlacementStarted", "PlacementEnded"):
            placements[record["youth"]["bsn"]].append(record)
    ends = replaced = 0
    for history in placements.values():
        history.sort(key=occurred)
        for index, end in enumerate(history):
            if end["event_type"] != "PlacementEnded" or occurred(end) > YEAR_END - timedelta(30):
                continue
            ends += 1
            replaced += any(
                later["event_type"] == "PlacementStarted"
                and later["source"] != end["source"]
                and occurred(later) - occurred(end) <= timedelta(days=30)
                for later in history[index + 1 :]
            )

    assert 0.12 <= replaced / ends <= 0.28


def test_some_placements_are_outside_the_home_region_and_some_not_contracted_by_it(
    year: list[SimulatedRecord],
) -> None:
    data = reference_data()
    starts = _starts_in_year(year)
    elsewhere = [
        r
        for r in starts
        if data.location(r["care"]["provider_agb"], r["care"]["provider_location"]).region_code
        != data.municipality(r["youth"]["municipality"]).region_code
    ]
    # What the edge decides from the demo registry's contracts: the simulator says nothing.
    not_contracted = [
        r
        for r in starts
        if not data.is_contracted(
            data.municipality(r["youth"]["municipality"]).region_code,
            r["care"]["provider_agb"],
            r["care"]["care_function"],
            occurred(r).date(),
        )
    ]

    assert 0 < len(elsewhere) < len(starts)
    assert all("contracted" not in r["care"] for r in starts)
    assert 0 < len(not_contracted) < 0.2 * len(starts)


def test_providers_refuse_some_offers_with_a_reason_and_some_youths_withdraw(
    year: list[SimulatedRecord],
) -> None:
    changes = of_type(facts(year), "WaitingListStatusChanged")
    refused = [r for r in changes if r["details"]["status"] == "OFFER_REFUSED"]
    removals = [r["details"]["reason"] for r in of_type(facts(year), "WaitingListRemoved")]

    assert refused and all(r["details"]["refusal_reason"] for r in refused)
    assert {"PLACED", "WITHDRAWN", "REFERRED_ELSEWHERE"} <= set(removals)


def test_some_youths_turn_18_in_care(year: list[SimulatedRecord]) -> None:
    ends = of_type(facts(year), "PlacementEnded")
    at_adulthood = [r for r in ends if r["details"]["end_reason"] == "OTHER_DOMAIN"]

    assert at_adulthood and all(age_on(r) >= 18 for r in at_adulthood)
    assert any(age_on(r) >= 18 and r["details"]["end_reason"] != "OTHER_DOMAIN" for r in ends)


def test_some_placements_are_suspended_and_resumed(year: list[SimulatedRecord]) -> None:
    suspended = of_type(facts(year), "PlacementSuspended")
    resumed = of_type(facts(year), "PlacementResumed")

    assert suspended and resumed


def test_occupancy_stays_close_to_the_declared_places(year: list[SimulatedRecord]) -> None:
    declared = sum(r["details"]["places"] for r in of_type(facts(year), "PlacesDeclared"))
    starts = of_type(facts(year), "PlacementStarted")
    ends = of_type(facts(year), "PlacementEnded")

    assert 0.8 * declared <= len(starts) - len(ends) <= declared


def test_places_are_declared_for_every_placement_function_a_location_offers(
    year: list[SimulatedRecord],
) -> None:
    data = reference_data()
    declared = {
        (r["provider_agb"], r["location_code"], r["care_function"])
        for r in of_type(facts(year), "PlacesDeclared")
    }
    offered = {
        (location.agb_code, location.location_code, function)
        for location in data.locations()
        for function in location.care_functions
        if data.care_function(function).placement
    }
    changes = {r["details"]["change"] for r in of_type(facts(year), "PlacesChanged")}

    assert declared == offered
    assert changes == {"OPENED", "CLOSED"}
