"""Provider parts (DEFINITIONS.md "Provider part"): a provider's own part of every region
figure, counted where the region counts it, so the region figure is the sum of the parts
and of what names no provider."""

from pathlib import Path

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

AT_L02 = raw_care(location="L02")  # 99000001's location in zuid-oost-utrecht
OTHER_PROVIDER = raw_care(provider_agb="99000007", location=None)
WITHOUT_PROVIDER = raw_care(provider_agb=None, location=None)


def _scenario(tmp_path: Path) -> Scenario:
    """Youth 0 (Amersfoort, eemland) registered at 99000001, refused there, placed at its
    Zeist location; youth 1 waits without a provider; youth 2 is placed elsewhere."""
    scenario = Scenario(tmp_path)
    scenario.person("WaitingListRegistered", "2026-03-01", registration="R1")
    scenario.person(
        "WaitingListStatusChanged",
        "2026-03-02",
        registration="R1",
        status="OFFER_REFUSED",
        refusal_reason="NO_CAPACITY",
    )
    scenario.person(
        "PlacementStarted", "2026-03-04", care=AT_L02, placement="P1", registration="R1"
    )
    scenario.person(
        "WaitingListRegistered",
        "2026-03-03",
        who=raw_youth(1),
        care=WITHOUT_PROVIDER,
        registration="R2",
    )
    scenario.person(
        "PlacementStarted", "2026-03-05", who=raw_youth(2), care=OTHER_PROVIDER, placement="P2"
    )
    scenario.capacity("PlacesDeclared", "2026-03-01", places=4, valid_from="2026-03-01")
    return scenario


def test_each_count_is_in_the_providers_part_of_the_region_that_counts_it(
    tmp_path: Path,
) -> None:
    parts = _scenario(tmp_path).provider_figures()

    assert sorted(parts) == [
        "99000001@eemland",  # the entry (home region), the placement's home-region touch
        "99000001@utrecht-stad",  # the refusal at L01
        "99000001@zuid-oost-utrecht",  # the stay at L02
        "99000007@eemland",  # youth 2's stay without a location: in its home region
    ]
    eemland = parts["99000001@eemland"]
    assert eemland["daily"][MENTAL_HEALTH]["2026-03-01"] == {"registrations": 1}
    assert eemland["as_of"] == "2026-03-04" and eemland["now"] == {}  # the entry closed
    assert parts["99000001@utrecht-stad"]["daily"][MENTAL_HEALTH]["2026-03-02"] == {"refusals": 1}
    zeist = parts["99000001@zuid-oost-utrecht"]["now"][MENTAL_HEALTH]
    assert (zeist["occupied"], zeist["places_declared"]) == (1, 0)  # capacity: the region's


def test_a_region_figure_is_its_parts_plus_what_names_no_provider(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path)
    regions, parts = scenario.figures(), scenario.provider_figures()

    eemland_now = regions["eemland"]["now"][MENTAL_HEALTH]
    # Youth 1 waits without a provider; youth 2's stay is 99000007's part.
    assert eemland_now["waiting_now"] == 1
    assert eemland_now["occupied"] == parts["99000007@eemland"]["now"][MENTAL_HEALTH]["occupied"]
    registrations = regions["eemland"]["daily"][MENTAL_HEALTH]
    assert sum(day.get("registrations", 0) for day in registrations.values()) == 2
