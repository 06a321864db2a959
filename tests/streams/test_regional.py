"""What one youth contributes to each region it touches."""

from datetime import date
from hashlib import sha256

from streams.regional import (
    RegionContribution,
    contribution_from_bytes,
    contribution_to_bytes,
    contributions,
)
from streams.youth_stage.record_key import record_key
from streams.youth_stage.trajectory import YouthState, add_event, derive
from tests.streams.events import ALMERE_CLINIC, CLINICAL, FAMILY_HOME, EventMaker, Made


def contributions_of(*events: Made) -> dict[str, RegionContribution]:
    state = YouthState()
    for event in events:
        state = add_event(state, *event.pair)
    return contributions(derive(state.events.values()), KEY)


KEY = 3_000_000_000  # a record key above 2**31: it must survive the bytes as it is


def test_a_youth_contributes_to_its_home_and_provider_regions(make: EventMaker) -> None:
    kid = make.kid(1, born=date(2008, 6, 1))  # 17, lives in Amersfoort (eemland)
    result = contributions_of(
        make.registered("2026-03-01", kid, "R1", care=FAMILY_HOME),
        make.started("2026-03-05", kid, "P1", registration="R1", care=ALMERE_CLINIC),
        make.ended("2026-03-09", kid, "P9"),  # an orphan at the Utrecht clinic
    )

    assert result == {
        "eemland": RegionContribution(
            latest=date(2026, 3, 9),
            record_key=KEY,
            stays={},
            waiting={("family-home", date(2026, 3, 1), date(2026, 3, 5)): 1},
            flows={("family-home", date(2026, 3, 1), "registrations", None): 1},
            anomalies={"orphan_discharge": 1},
        ),
        "flevoland": RegionContribution(
            latest=date(2026, 3, 5),
            record_key=KEY,
            stays={(CLINICAL, "eemland", date(2026, 3, 5), None): 1},
            waiting={},
            flows={
                (CLINICAL, date(2026, 3, 5), "placements", None): 1,
                # eemland has no contract with 99000007 (registry/demo/contracts.csv)
                (CLINICAL, date(2026, 3, 5), "non_contracted", None): 1,
                (CLINICAL, date(2026, 3, 5), "placements_17_plus", None): 1,
            },
            anomalies={},
        ),
        "utrecht-stad": RegionContribution(date(2026, 3, 9), KEY, {}, {}, {}, {}),
    }


def test_contribution_round_trips_through_bytes(make: EventMaker) -> None:
    kid = make.kid(1)
    for contribution in contributions_of(
        make.registered("2026-03-01", kid, "R1"),
        make.status("2026-03-02", kid, "R1", "OFFER_REFUSED"),
        make.started("2026-03-05", kid, "P1", registration="R1"),
        make.ended("2026-03-09", kid, "P1", destination="ADULT_CARE"),
        make.started("2026-03-10", kid, "P2", care=ALMERE_CLINIC),
        make.status("2026-03-11", kid, "R9", "INTAKE"),
    ).values():
        data = contribution_to_bytes(contribution)

        assert contribution_from_bytes(data) == contribution
        assert contribution_to_bytes(contribution_from_bytes(data)) == data


def test_record_key_is_the_first_four_bytes_of_the_pseudonyms_hash() -> None:
    pseudonyms = [f"{n:064x}" for n in (0, 1, 2**200, 7**90)]

    keys = [record_key(p) for p in pseudonyms]

    assert keys == [
        int.from_bytes(sha256(b"jeugdhub record key v1:" + p.encode()).digest()[:4], "big")
        for p in pseudonyms
    ]
    assert all(0 <= key < 2**32 for key in keys) and len(set(keys)) == len(keys)
