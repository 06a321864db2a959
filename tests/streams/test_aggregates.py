"""Stage 2: a region's figures (DEFINITIONS.md "now", "Flows", "flow matrix", "Anomalies")."""

import json
from collections import Counter
from datetime import date, timedelta

from feeds.egress.counts import FLOW_FIGURES
from streams.region_stage.figures import DayFlows, NowFigures, RegionFigures
from streams.youth_stage.record_key import KEY_MODULUS
from tests.streams.events import (
    ALMERE,
    ALMERE_CLINIC,
    CLINICAL,
    FAMILY_HOME,
    UTRECHT,
    EventMaker,
    key_of,
)
from tests.streams.pipeline import Stages, figures_of


def flows(
    *,
    key: int,
    discharge_key: int | None = None,
    registrations: int = 0,
    placements: int = 0,
    discharges: dict[str, int] | None = None,
    replacements: int = 0,
    refusals: int = 0,
    non_contracted: int = 0,
    placements_17_plus: int = 0,
    transitions_18: int = 0,
) -> DayFlows:
    """Flows whose every count has cell key ``key`` (the discharges ``discharge_key`` if
    given): the counts of the day are all of the same youths."""
    counts = {
        "registrations": registrations,
        "placements": placements,
        "replacements": replacements,
        "refusals": refusals,
        "non_contracted": non_contracted,
        "placements_17_plus": placements_17_plus,
        "transitions_18": transitions_18,
    }
    discharges = discharges or {}
    return DayFlows(
        **counts,
        discharges=discharges,
        keys={measure: key for measure, count in counts.items() if count},
        discharge_keys={d: key if discharge_key is None else discharge_key for d in discharges},
    )


def test_stay_ending_on_as_of_day_is_not_occupied(make: EventMaker) -> None:
    a, b = make.kid(1), make.kid(2)
    events = [
        make.started("2026-03-01", a, "P1"),
        make.ended("2026-03-10", a, "P1"),
        make.started("2026-03-05", b, "P2"),
    ]

    assert figures_of(events, "utrecht-stad").now[CLINICAL].occupied == 1
    assert figures_of(events, "utrecht-stad", date(2026, 3, 9)).now[CLINICAL].occupied == 2
    assert figures_of(events, "utrecht-stad", date(2026, 3, 4)).now[CLINICAL].occupied == 1


def test_now_figures_against_declared_places_and_base_availability(make: EventMaker) -> None:
    starts = [make.started("2026-03-01", make.kid(n), "P") for n in range(3)]
    later = make.started("2026-03-03", make.kid(3), "P")
    events = [
        make.declared("2026-01-05", 4, "2026-01-01"),
        make.agreed("2026-01-05", 6, "2026-01-01"),
        *starts,
        make.ended("2026-03-02", make.kid(0), "P"),
        later,
    ]

    now = figures_of(events, "utrecht-stad").now

    assert now == {
        CLINICAL: NowFigures(
            places_declared=4,
            occupied=3,
            free=1,
            occupancy_pct=75.0,
            base_availability=6,
            shortfall=2,
            waiting_now=0,
            waiting_days_median=None,
            waiting_days_p90=None,
            occupied_key=key_of(starts[1], starts[2], later),  # kid 0 left
            waiting_key=0,
        )
    }


def test_occupancy_is_rounded_half_up_and_none_without_places(make: EventMaker) -> None:
    sixteen = [
        make.declared("2026-01-05", 16, "2026-01-01"),
        make.started("2026-03-01", make.kid(1), "P"),
    ]
    no_places = [make.started("2026-03-01", make.kid(1), "P", care=ALMERE_CLINIC)]

    assert figures_of(sixteen, "utrecht-stad").now[CLINICAL].occupancy_pct == 6.3
    full = figures_of(no_places, "flevoland").now[CLINICAL]
    assert (full.occupancy_pct, full.free, full.occupied) == (None, 0, 1)


def test_waiting_days_are_nearest_rank_percentiles_of_the_open_entries(
    make: EventMaker,
) -> None:
    events = [
        make.registered("2026-03-01", make.kid(1), "R"),
        make.registered("2026-03-05", make.kid(2), "R"),
        make.registered("2026-03-08", make.kid(3), "R"),
        make.registered("2026-03-10", make.kid(4), "R"),
        make.registered("2026-02-01", make.kid(5), "R"),
        make.removed("2026-03-10", make.kid(5), "R", "WITHDRAWN"),  # closed on the as-of day
    ]

    now = figures_of(events, "eemland").now[CLINICAL]

    # open: waited 9, 5, 2, 0 days; median: rank ceil(0.5 * 4) = 2, p90: rank ceil(3.6) = 4
    assert (now.waiting_now, now.waiting_days_median, now.waiting_days_p90) == (4, 2, 9)
    assert (now.places_declared, now.occupied, now.occupancy_pct) == (0, 0, None)


def test_flows_count_on_their_day_in_their_region(make: EventMaker) -> None:
    kid = make.kid(1, born=date(2008, 6, 1))  # 17, lives in Amersfoort (eemland)
    events = [
        registered := make.registered("2026-03-01", kid, "R1"),
        make.status("2026-03-02", kid, "R1", "OFFER_REFUSED", care=ALMERE_CLINIC),
        make.started("2026-03-05", kid, "P1", registration="R1"),
        make.ended("2026-03-20", kid, "P1", destination="FOSTER_CARE"),
    ]
    stages = Stages().feed(event.pair for event in events)

    def daily(region: str) -> dict[str, dict[date, DayFlows]]:
        figures = stages.figures(region)
        assert figures is not None
        return {function: dict(days) for function, days in figures.daily.items()}

    key = key_of(registered)
    assert daily("eemland") == {CLINICAL: {date(2026, 3, 1): flows(key=key, registrations=1)}}
    assert daily("flevoland") == {CLINICAL: {date(2026, 3, 2): flows(key=key, refusals=1)}}
    assert daily("utrecht-stad") == {
        CLINICAL: {
            date(2026, 3, 5): flows(key=key, placements=1, placements_17_plus=1),
            date(2026, 3, 20): flows(key=key, discharges={"FOSTER_CARE": 1}),
        }
    }


def test_replacements_non_contracted_and_transitions_count_in_the_provider_region(
    make: EventMaker,
) -> None:
    kid = make.kid(1, born=date(2008, 3, 20))  # turns 18 on 2026-03-20
    # The demo registry: eemland, the kid's home region, buys nothing from 99000007.
    not_contracted = ALMERE_CLINIC
    events = [
        make.started("2026-01-10", kid, "P1"),
        make.ended("2026-03-01", kid, "P1"),
        make.started("2026-03-11", kid, "P2", care=not_contracted),
        make.suspended("2026-03-25", kid, "P2", care=not_contracted),
    ]

    daily = figures_of(events, "flevoland").daily

    assert daily == {
        CLINICAL: {
            date(2026, 3, 11): flows(
                key=key_of(events[0]),
                placements=1,
                replacements=1,
                non_contracted=1,
                placements_17_plus=1,
            ),
            date(2026, 3, 25): flows(key=key_of(events[0]), transitions_18=1),
        }
    }


def test_late_event_lands_on_its_own_day(make: EventMaker) -> None:
    a, b = make.kid(1), make.kid(2)
    early = [make.started("2026-03-01", a, "P1"), make.started("2026-03-10", b, "P2")]
    late = make.started("2026-02-15", make.kid(3), "P3")
    stages = Stages().feed(event.pair for event in early)
    before = stages.figures("utrecht-stad")

    after = stages.feed([late.pair]).figures("utrecht-stad")

    assert before is not None and after is not None
    assert after.as_of == before.as_of == date(2026, 3, 10)
    assert after.daily[CLINICAL][date(2026, 2, 15)] == flows(key=key_of(late), placements=1)
    assert after.now[CLINICAL].occupied == 3
    assert after == figures_of([late, *early], "utrecht-stad")


def test_rolling_28_sums_the_28_days_up_to_the_day(make: EventMaker) -> None:
    days = ["2026-03-01", "2026-03-10", "2026-03-28", "2026-03-29"]
    events = [make.started(day, make.kid(n), "P") for n, day in enumerate(days)]
    events.append(make.started("2026-03-12", make.kid(9), "P", care=FAMILY_HOME))
    events.append(make.ended("2026-03-29", make.kid(1), "P"))
    figures = figures_of(events, "utrecht-stad")

    # The key of a sum over days is the sum of the days' keys: that of the youths counted.
    assert _rolling_28(figures, date(2026, 3, 28)) == {
        CLINICAL: flows(key=key_of(*events[:3]), placements=3)
    }
    assert _rolling_28(figures, date(2026, 3, 29)) == {
        CLINICAL: flows(
            key=key_of(*events[1:4]),
            discharge_key=key_of(events[1]),
            placements=3,
            discharges={"HOME": 1},
        )
    }
    assert _rolling_28(figures, date(2026, 2, 28)) == {}


def _rolling_28(figures: RegionFigures, day: date) -> dict[str, DayFlows]:
    """Per care function, the daily flows summed over ``day`` - 27 ... ``day``, with the
    keys of the sums (the sums of the days' keys, mod 2**32); care functions without flows
    in that window are left out."""
    first = day - timedelta(days=27)
    result = {}
    for function, days in sorted(figures.daily.items()):
        window = [flows for flow_day, flows in days.items() if first <= flow_day <= day]
        if not window:
            continue
        counts = {m: sum(getattr(f, m) for f in window) for m in FLOW_FIGURES}
        keys: Counter[str] = Counter()
        discharges: Counter[str] = Counter()
        discharge_keys: Counter[str] = Counter()
        for f in window:
            keys.update(f.keys)
            discharges.update(f.discharges)
            discharge_keys.update(f.discharge_keys)
        result[function] = DayFlows(
            **counts,
            discharges=dict(sorted(discharges.items())),
            keys={m: keys[m] % KEY_MODULUS for m in sorted(keys) if counts[m]},
            discharge_keys={d: discharge_keys[d] % KEY_MODULUS for d in sorted(discharges)},
        )
    return result


def test_flow_matrix_counts_open_and_started_stays_per_home_region(make: EventMaker) -> None:
    from_eemland = make.kid(1)
    events = [
        make.started("2026-03-01", from_eemland, "P1"),
        make.ended("2026-03-05", from_eemland, "P1"),
        make.started("2026-03-06", from_eemland, "P2"),
        make.started("2026-03-06", make.kid(2, municipality=UTRECHT), "P3"),
        make.started("2026-03-07", make.kid(3, municipality=ALMERE), "P4"),
        make.ended("2026-03-09", make.kid(3, municipality=ALMERE), "P4"),
    ]

    matrix = figures_of(events, "utrecht-stad").to_dict()["flow_matrix"]

    eemland, utrecht, almere = key_of(events[0]), key_of(events[3]), key_of(events[4])
    assert matrix == {
        "eemland": {
            "open": 1,
            "open_key": eemland,
            "started": {"2026-03-01": 1, "2026-03-06": 1},
            "started_key": {"2026-03-01": eemland, "2026-03-06": eemland},
        },
        "flevoland": {
            "open": 0,
            "open_key": 0,
            "started": {"2026-03-07": 1},
            "started_key": {"2026-03-07": almere},
        },
        "utrecht-stad": {
            "open": 1,
            "open_key": utrecht,
            "started": {"2026-03-06": 1},
            "started_key": {"2026-03-06": utrecht},
        },
    }


def test_as_of_is_the_latest_counted_event_touching_the_region(make: EventMaker) -> None:
    kid = make.kid(1)
    started = make.started("2026-03-01", kid, "P1")
    retracted = make.started("2026-03-08", kid, "P2")
    events = [
        started,
        retracted,
        make.retracted("2026-03-09", kid, retracted),
        make.registered("2026-03-04", kid, "R1", care=FAMILY_HOME),  # home region only
    ]

    assert figures_of(events, "utrecht-stad").as_of == date(2026, 3, 1)
    assert figures_of(events, "eemland").as_of == date(2026, 3, 4)
    capacity = make.declared("2026-03-12", 4, "2026-01-01")
    assert figures_of([*events, capacity], "utrecht-stad").as_of == date(2026, 3, 12)


def test_a_region_no_event_touches_has_no_figures(make: EventMaker) -> None:
    stages = Stages().feed([make.started("2026-03-01", make.kid(1), "P1").pair])

    assert stages.figures("flevoland") is None
    assert stages.figures("flevoland", date(2026, 3, 1)) is not None


def test_anomalies_count_in_the_home_region(make: EventMaker) -> None:
    kid = make.kid(1)
    events = [
        make.ended("2026-03-20", kid, "P1"),
        make.status("2026-03-21", kid, "R1", "INTAKE", care=FAMILY_HOME),
    ]
    stages = Stages().feed(event.pair for event in events)

    eemland, utrecht = stages.figures("eemland"), stages.figures("utrecht-stad")

    assert eemland is not None and utrecht is not None
    assert eemland.anomalies == {"orphan_waiting_list_event": 1, "orphan_discharge": 1}
    assert utrecht.anomalies == {"orphan_waiting_list_event": 0, "orphan_discharge": 0}
    assert eemland.now == {} and eemland.daily == {}


def test_figures_as_plain_dict(make: EventMaker) -> None:
    kid = make.kid(1)  # 16, lives in Amersfoort (eemland)
    events = [
        make.declared("2026-01-05", 10, "2026-01-01"),
        make.declared("2026-01-05", 2, "2026-01-01", care_function="crisis"),
        make.agreed("2026-01-05", 12, "2026-01-01"),
        make.registered("2026-03-01", kid, "R1"),
        make.started("2026-03-04", kid, "P1", registration="R1"),
        make.ended("2026-03-08", kid, "P1", destination="HOME"),
        make.started("2026-03-08", make.kid(2), "P2"),
        make.ended("2026-03-30", make.kid(3), "P-UNKNOWN"),
    ]

    plain = figures_of(events, "utrecht-stad").to_dict()
    first, second = key_of(events[3]), key_of(events[6])

    assert json.dumps(plain) == json.dumps(plain, sort_keys=True)
    assert plain == {
        "region": "utrecht-stad",
        "as_of": "2026-03-30",
        "now": {
            "crisis": {
                "places_declared": 2,
                "occupied": 0,
                "free": 2,
                "occupancy_pct": 0.0,
                "base_availability": 0,
                "shortfall": 0,
                "waiting_now": 0,
                "waiting_days_median": None,
                "waiting_days_p90": None,
                "occupied_key": 0,
                "waiting_key": 0,
            },
            CLINICAL: {
                "places_declared": 10,
                "occupied": 1,
                "free": 9,
                "occupancy_pct": 10.0,
                "base_availability": 12,
                "shortfall": 2,
                "waiting_now": 0,  # waiting counts in the home region
                "waiting_days_median": None,
                "waiting_days_p90": None,
                "occupied_key": second,
                "waiting_key": 0,
            },
        },
        "daily": {
            CLINICAL: {
                "2026-03-04": {"placements": 1, "placements_key": first},
                "2026-03-08": {
                    "discharges": {"HOME": 1},
                    "discharges_key": {"HOME": first},
                    "placements": 1,
                    "placements_key": second,
                },
            }
        },
        "flow_matrix": {
            "eemland": {
                "open": 1,
                "open_key": second,
                "started": {"2026-03-04": 1, "2026-03-08": 1},
                "started_key": {"2026-03-04": first, "2026-03-08": second},
            },
        },
        "anomalies": {"orphan_waiting_list_event": 0, "orphan_discharge": 0},
    }
