"""The figures are a function of the set of events: arrival order, duplicates and the
replacement of contributions in stage 2 change nothing."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.youth_stage.trajectory import YouthState, add_event, derive, youth_state_to_bytes
from tests.streams.events import (
    ALMERE,
    ALMERE_CLINIC,
    FAMILY_HOME,
    UTRECHT,
    ZEIST_CLINIC,
    EventMaker,
    Made,
)
from tests.streams.pipeline import InProcessWorker, Stages

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_youth(make: EventMaker) -> list[Made]:
    """A trajectory that touches every definition: waiting, refusal, suspension, end,
    re-placement, turning 18, a retraction and a voided assignment."""
    kid = make.kid(1, born=date(2008, 3, 20))
    resumed = make.resumed("2026-03-09", kid, "P1")
    voided = make.assignment("2026-04-22", kid, "A1", "VOIDED")
    return [
        make.registered("2026-03-01", kid, "R1"),
        make.status("2026-03-03", kid, "R1", "OFFER_REFUSED", care=ALMERE_CLINIC),
        make.assignment("2026-03-04", kid, "A1", "GRANTED"),
        make.started("2026-03-05", kid, "P1", registration="R1"),
        make.removed("2026-03-05T18:00:00+01:00", kid, "R1", "PLACED"),
        make.suspended("2026-03-08", kid, "P1"),
        resumed,
        make.retracted("2026-03-10", kid, resumed),
        make.ended("2026-03-25", kid, "P1"),
        make.started("2026-04-10", kid, "P2", care=ALMERE_CLINIC),
        make.started("2026-04-20", kid, "P3", care=ZEIST_CLINIC, assignment="A1"),
        make.ended("2026-04-21", kid, "P3", care=ZEIST_CLINIC),
        voided,
        make.retracted("2026-04-23", kid, voided),
        make.assignment("2026-04-24", kid, "A1", "VOIDED"),
    ]


def other_youths(make: EventMaker) -> list[Made]:
    utrecht, almere = make.kid(2, municipality=UTRECHT), make.kid(3, municipality=ALMERE)
    return [
        make.registered("2026-03-02", utrecht, "R2", care=FAMILY_HOME),
        make.removed("2026-03-12", utrecht, "R2", "WITHDRAWN", care=FAMILY_HOME),
        make.started("2026-03-12", utrecht, "P4", care=FAMILY_HOME),
        make.ended("2026-04-01", utrecht, "P4", care=FAMILY_HOME, destination="ADULT_CARE"),
        make.ended("2026-03-15", utrecht, "P9"),
        make.status("2026-03-06", almere, "R3", "OFFER_REFUSED"),
        make.registered("2026-03-05", almere, "R3"),
        make.started("2026-03-20T08:00:00+01:00", almere, "P5"),
        make.ended("2026-03-20T17:00:00+01:00", almere, "P5"),
        make.started("2026-03-21", almere, "P6", care=ALMERE_CLINIC),
    ]


def capacity(make: EventMaker) -> list[Made]:
    return [
        make.declared("2026-01-05", 3, "2026-01-01"),
        make.changed("2026-03-10", "CLOSED", 2),
        make.agreed("2026-01-05", 2, "2026-01-01"),
        make.declared("2026-01-05", 5, "2026-01-01", agb="99000007"),
        make.changed("2026-04-02", "OPENED", 1, agb="99000007"),
    ]


@pytest.fixture(scope="module")
def youth_events(make: EventMaker) -> list[Made]:
    return one_youth(make)


@pytest.fixture(scope="module")
def all_events(make: EventMaker, youth_events: list[Made]) -> list[Made]:
    return [*youth_events, *other_youths(make), *capacity(make)]


def state_of(events: list[Made]) -> YouthState:
    state = YouthState()
    for event in events:
        state = add_event(state, *event.pair)
    return state


@st.composite
def arrivals(draw: st.DrawFn, pool: list[Made]) -> tuple[list[Made], list[Made]]:
    """A subset of ``pool`` and an arrival of it: shuffled, some events more than once."""
    subset = draw(st.lists(st.sampled_from(pool), unique_by=lambda event: event.event_id))
    again = draw(st.lists(st.sampled_from(subset), max_size=5)) if subset else []
    return subset, draw(st.permutations(subset + again))


@SETTINGS
@given(data=st.data())
def test_derive_is_invariant_under_permutation_and_duplication(
    youth_events: list[Made], data: st.DataObject
) -> None:
    subset, arrival = data.draw(arrivals(youth_events))
    canonical = sorted(subset, key=lambda event: event.event_id)

    arrived, expected = state_of(arrival), state_of(canonical)

    assert derive(arrived.events.values()) == derive(expected.events.values())
    assert youth_state_to_bytes(arrived) == youth_state_to_bytes(expected)


def test_the_whole_trajectory_is_read_as_defined(youth_events: list[Made]) -> None:
    facts = derive(state_of(youth_events).events.values())

    assert [(s.start, s.end, s.replacement, s.turned_18) for s in facts.stays] == [
        (date(2026, 3, 5), date(2026, 3, 25), False, date(2026, 3, 25)),
        (date(2026, 4, 10), None, True, None),
    ]
    assert facts.stays[0].waited_days == 4
    assert len(facts.refusals) == 1
    assert facts.orphans[0].kind == "orphan_discharge"  # the end of the voided start


@SETTINGS
@given(data=st.data())
def test_replaced_contributions_give_the_figures_of_a_recomputation(
    all_events: list[Made], data: st.DataObject
) -> None:
    subset, arrival = data.draw(arrivals(all_events))

    with InProcessWorker() as worker:
        worker.feed(event.pair for event in arrival)
        from_scratch = Stages().feed(event.pair for event in subset).all_figures()

        assert worker.rebuilt_figures() == from_scratch
        assert worker.all_figures() == from_scratch
