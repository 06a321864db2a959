"""Cell keys (DEFINITIONS.md "Cell keys"): beside each person-derived count, the record
keys of the youths counted in it, summed mod 2**32."""

from hashlib import sha256
from pathlib import Path

from tests.reference_model.scenario import MENTAL_HEALTH, Scenario, raw_care, raw_youth

HOME_ONLY = raw_care(location=None)


def _key(pseudonym: str) -> int:
    # The definition as the issue writes it, once more: the model has its own reading.
    return int.from_bytes(
        sha256(b"jeugdhub record key v1:" + pseudonym.encode()).digest()[:4], "big"
    )


def test_every_count_carries_the_key_sum_of_its_youths(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    for n in range(3):  # youths 0, 1, 2 are placed on one day; their events come first
        scenario.person("PlacementStarted", "2026-03-01", who=raw_youth(n), placement=f"P{n}")
    scenario.person(
        "PlacementEnded",
        "2026-03-04",
        who=raw_youth(2),
        placement="P2",
        destination="HOME",
        end_reason="PLANNED",
    )
    scenario.person(
        "WaitingListRegistered", "2026-03-02", who=raw_youth(1), care=HOME_ONLY, registration="R"
    )
    pseudonym = {n: scenario.events[n][1]["youth"]["pseudonym"] for n in range(3)}
    key = {n: _key(pseudonym[n]) for n in range(3)}

    figures = scenario.keyed_figures()
    utrecht, eemland = figures["utrecht-stad"], figures["eemland"]

    all_three = (key[0] + key[1] + key[2]) % 2**32
    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-01"]["placements_key"] == all_three
    assert utrecht["daily"][MENTAL_HEALTH]["2026-03-04"]["discharges_key"] == {"HOME": key[2]}
    assert utrecht["now"][MENTAL_HEALTH]["occupied_key"] == (key[0] + key[1]) % 2**32
    assert utrecht["flow_matrix"]["eemland"]["open_key"] == (key[0] + key[1]) % 2**32
    assert utrecht["flow_matrix"]["eemland"]["started_key"] == {"2026-03-01": all_three}
    assert eemland["daily"][MENTAL_HEALTH]["2026-03-02"]["registrations_key"] == key[1]
    assert eemland["now"][MENTAL_HEALTH]["waiting_key"] == key[1]


def test_a_cell_without_youths_has_key_zero_and_keys_stay_below_2_to_the_32(
    tmp_path: Path,
) -> None:
    scenario = Scenario(tmp_path)
    for n in range(40):
        scenario.person("PlacementStarted", "2026-03-01", who=raw_youth(n), placement="P")
    scenario.capacity("PlacesDeclared", "2026-03-01", places=5, valid_from="2026-03-01")
    scenario.capacity(
        "PlacesDeclared",
        "2026-03-01",
        places=2,
        valid_from="2026-03-01",
        care_function="crisis",
    )

    utrecht = scenario.keyed_figures()["utrecht-stad"]

    keys = [_key(record["youth"]["pseudonym"]) for _, record in scenario.events[:40]]
    assert sum(keys) >= 2**32  # forty keys of 32 bits: the sum wraps
    assert utrecht["now"][MENTAL_HEALTH]["occupied_key"] == sum(keys) % 2**32
    assert utrecht["now"]["crisis"]["occupied_key"] == 0
    assert utrecht["now"]["crisis"]["waiting_key"] == 0
