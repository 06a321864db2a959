"""Capacity per location as of a date (DEFINITIONS.md "Per region x care function, now")."""

from datetime import date

from streams.youth_stage.capacity import (
    LocationState,
    add_capacity_event,
    capacity_as_of,
    latest_day,
    location_state_from_bytes,
    location_state_to_bytes,
)
from tests.streams.events import CLINICAL, EventMaker, Made


def location(*events: Made) -> LocationState:
    state = LocationState()
    for event in events:
        state = add_capacity_event(state, *event.pair)
    return state


def test_latest_declaration_valid_as_of_sets_the_places(make: EventMaker) -> None:
    state = location(
        make.declared("2026-01-05", 24, "2026-01-01"),
        make.declared("2026-02-15", 30, "2026-03-01"),
    )

    assert capacity_as_of(state, date(2026, 2, 20)) == {CLINICAL: (24, 0)}
    assert capacity_as_of(state, date(2026, 3, 1)) == {CLINICAL: (30, 0)}
    assert capacity_as_of(state, date(2025, 12, 31)) == {}
    assert state.region == "utrecht-stad"


def test_changes_after_the_declaration_day_apply_up_to_as_of(make: EventMaker) -> None:
    state = location(
        make.declared("2026-01-05", 24, "2026-01-01"),
        make.changed("2026-01-05T18:00:00+01:00", "CLOSED", 10),  # the declaration's day
        make.changed("2026-01-10", "CLOSED", 4),
        make.changed("2026-01-20", "OPENED", 2),
    )

    assert capacity_as_of(state, date(2026, 1, 9)) == {CLINICAL: (24, 0)}
    assert capacity_as_of(state, date(2026, 1, 19)) == {CLINICAL: (20, 0)}
    assert capacity_as_of(state, date(2026, 1, 20)) == {CLINICAL: (22, 0)}


def test_closing_never_goes_below_zero(make: EventMaker) -> None:
    state = location(
        make.declared("2026-01-05", 2, "2026-01-01"),
        make.changed("2026-01-10", "CLOSED", 5),
        make.changed("2026-01-11", "OPENED", 3),
    )

    assert capacity_as_of(state, date(2026, 1, 10)) == {CLINICAL: (0, 0)}
    assert capacity_as_of(state, date(2026, 1, 11)) == {CLINICAL: (3, 0)}


def test_a_new_declaration_starts_over(make: EventMaker) -> None:
    state = location(
        make.declared("2026-01-05", 24, "2026-01-01"),
        make.changed("2026-01-10", "CLOSED", 4),
        make.declared("2026-02-01", 12, "2026-02-01"),
    )

    assert capacity_as_of(state, date(2026, 2, 1)) == {CLINICAL: (12, 0)}


def test_base_availability_is_the_latest_agreement_whose_period_holds(
    make: EventMaker,
) -> None:
    state = location(
        make.agreed("2026-01-05", 18, "2026-01-01", "2026-03-31"),
        make.agreed("2026-01-20", 10, "2026-02-01"),
        make.agreed("2026-01-25", 7, "2026-06-01"),
    )

    assert capacity_as_of(state, date(2026, 1, 15)) == {CLINICAL: (0, 18)}
    assert capacity_as_of(state, date(2026, 2, 15)) == {CLINICAL: (0, 10)}
    assert capacity_as_of(state, date(2026, 4, 15)) == {CLINICAL: (0, 10)}
    assert capacity_as_of(state, date(2026, 6, 1)) == {CLINICAL: (0, 7)}


def test_care_functions_are_counted_apart(make: EventMaker) -> None:
    state = location(
        make.declared("2026-01-05", 24, "2026-01-01"),
        make.declared("2026-01-05", 3, "2026-01-01", care_function="crisis"),
        make.agreed("2026-01-05", 2, "2026-01-01", care_function="crisis"),
    )

    assert capacity_as_of(state, date(2026, 1, 5)) == {CLINICAL: (24, 0), "crisis": (3, 2)}


def test_location_state_is_a_set_that_round_trips(make: EventMaker) -> None:
    events = [
        make.declared("2026-01-05", 24, "2026-01-01"),
        make.agreed("2026-01-05", 18, "2026-01-01", "2026-12-31"),
        make.changed("2026-01-10", "CLOSED", 4),
    ]

    state = location(*events)
    again = location(*reversed(events), events[1])
    data = location_state_to_bytes(state)

    assert again == state
    assert latest_day(state) == date(2026, 1, 10)
    assert location_state_from_bytes(data) == state
    assert location_state_to_bytes(location_state_from_bytes(data)) == data
