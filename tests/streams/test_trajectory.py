"""Stage 1: a youth's facts from the set of its events (DEFINITIONS.md "Per youth")."""

from datetime import date

from streams.youth_stage.trajectory import (
    YouthState,
    add_event,
    derive,
    youth_state_from_bytes,
    youth_state_to_bytes,
)
from streams.youth_stage.youth_facts import (
    ORPHAN_DISCHARGE,
    ORPHAN_WAITING_LIST_EVENT,
    Orphan,
    Refusal,
    Stay,
    YouthFacts,
)
from tests.streams.events import (
    ALMERE_CLINIC,
    AMERSFOORT,
    CLINICAL,
    FAMILY_HOME,
    ZEIST_CLINIC,
    EventMaker,
    Made,
)

PROVIDER_AGB = "99000001"  # of UTRECHT_CLINIC


def state_of(*events: Made) -> YouthState:
    state = YouthState()
    for event in events:
        state = add_event(state, *event.pair)
    return state


def facts(*events: Made) -> YouthFacts:
    return derive(state_of(*events).events.values())


def only_stay(result: YouthFacts) -> Stay:
    (stay,) = result.stays
    return stay


# -- waiting list ----------------------------------------------------------------------


def test_registration_opens_an_entry_that_the_first_removal_closes(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.removed("2026-03-20", kid, "R1", "REFERRED_ELSEWHERE"),
        make.removed("2026-03-10", kid, "R1", "WITHDRAWN"),
    )

    (entry,) = result.waiting_entries
    assert (entry.care_function, entry.home_region) == (CLINICAL, "eemland")
    assert (entry.registered, entry.closed, entry.close_reason) == (
        date(2026, 3, 1),
        date(2026, 3, 10),
        "WITHDRAWN",
    )


def test_placement_with_the_registration_closes_the_entry_and_gives_waited_days(
    make: EventMaker,
) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.started("2026-03-15", kid, "P1", registration="R1"),
        make.removed("2026-03-16", kid, "R1", "PLACED"),
    )

    (entry,) = result.waiting_entries
    assert (entry.closed, entry.close_reason) == (date(2026, 3, 15), "PLACED")
    assert only_stay(result).waited_days == 14


def test_the_earlier_of_removal_and_placement_closes_the_entry(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.removed("2026-03-09", kid, "R1", "WITHDRAWN"),
        make.started("2026-03-12", kid, "P1", registration="R1"),
    )

    (entry,) = result.waiting_entries
    assert (entry.closed, entry.close_reason) == (date(2026, 3, 9), "WITHDRAWN")


def test_on_the_same_day_the_earlier_event_closes_the_entry(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.started("2026-03-09T15:00:00+01:00", kid, "P1", registration="R1"),
        make.removed("2026-03-09T09:00:00+01:00", kid, "R1", "WITHDRAWN"),
    )

    (entry,) = result.waiting_entries
    assert entry.close_reason == "WITHDRAWN"


def test_placement_without_a_matching_registration_has_no_waited_days(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.started("2026-03-15", kid, "P1", registration="R-OTHER"),
    )

    assert only_stay(result).waited_days is None
    assert result.waiting_entries[0].closed is None


def test_waiting_list_event_without_registration_is_an_orphan_until_it_arrives(
    make: EventMaker,
) -> None:
    kid = make.kid(1)
    refused = make.status("2026-03-05", kid, "R1", "OFFER_REFUSED")
    removed = make.removed("2026-03-09", kid, "R1", "WITHDRAWN")

    before = facts(refused, removed)
    after = facts(refused, removed, make.registered("2026-03-01", kid, "R1"))

    assert (
        before.orphans
        == (Orphan(ORPHAN_WAITING_LIST_EVENT, "eemland", AMERSFOORT, PROVIDER_AGB),) * 2
    )
    assert before.refusals == () and before.waiting_entries == ()
    assert after.orphans == ()
    refusal = Refusal(date(2026, 3, 5), CLINICAL, "utrecht-stad", AMERSFOORT, PROVIDER_AGB)
    assert after.refusals == (refusal,)
    assert after.waiting_entries[0].closed == date(2026, 3, 9)


def test_refusal_counts_in_the_provider_location_region_else_the_home_region(
    make: EventMaker,
) -> None:
    kid = make.kid(1)
    result = facts(
        make.registered("2026-03-01", kid, "R1"),
        make.status("2026-03-02", kid, "R1", "INTAKE"),
        make.status("2026-03-03", kid, "R1", "OFFER_REFUSED", care=ALMERE_CLINIC),
        make.status("2026-03-04", kid, "R1", "OFFER_REFUSED", care=FAMILY_HOME),
    )

    assert result.refusals == (
        Refusal(date(2026, 3, 3), CLINICAL, "flevoland", AMERSFOORT, "99000007"),
        Refusal(date(2026, 3, 4), "family-home", "eemland", AMERSFOORT, "99000003"),
    )


# -- stays -----------------------------------------------------------------------------


def test_stay_takes_its_attributes_from_the_start(make: EventMaker) -> None:
    kid = make.kid(1)  # lives in Amersfoort (eemland), 16 in 2026
    stay = only_stay(
        facts(
            make.started("2026-03-01", kid, "P1"),
            make.ended("2026-03-20", kid, "P1", destination="FOSTER_CARE", care=ZEIST_CLINIC),
        )
    )

    assert stay == Stay(
        placement_ref=stay.placement_ref,
        care_function=CLINICAL,
        provider_agb="99000001",
        location="L01",
        contracted=True,
        provider_region="utrecht-stad",
        home_region="eemland",
        municipality=AMERSFOORT,
        age_band="AGE_0_16",
        start=date(2026, 3, 1),
        end=date(2026, 3, 20),
        end_reason="PLANNED",
        destination="FOSTER_CARE",
        waited_days=None,
        inter_regional=True,
        replacement=False,
        turned_18=None,
    )


def test_stay_without_location_is_in_the_home_region(make: EventMaker) -> None:
    kid = make.kid(1)
    stay = only_stay(facts(make.started("2026-03-01", kid, "P1", care=FAMILY_HOME)))

    assert (stay.provider_region, stay.inter_regional) == ("eemland", False)
    assert stay.contracted  # unknown counts as contracted


def test_suspension_does_not_end_a_stay(make: EventMaker) -> None:
    kid = make.kid(1)
    stay = only_stay(
        facts(
            make.started("2026-03-01", kid, "P1"),
            make.suspended("2026-03-05", kid, "P1"),
            make.resumed("2026-03-08", kid, "P1"),
        )
    )

    assert stay.end is None


def test_end_dated_before_the_start_closes_nothing(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.ended("2026-02-20", kid, "P1"),
        make.started("2026-03-01", kid, "P1"),
    )

    assert only_stay(result).end is None
    assert result.orphans == ()


def test_discharge_before_its_placement_is_an_anomaly_until_the_start_arrives(
    make: EventMaker,
) -> None:
    kid = make.kid(1)
    suspended = make.suspended("2026-03-05", kid, "P1")
    ended = make.ended("2026-03-20", kid, "P1")

    before = facts(suspended, ended)
    after = facts(suspended, ended, make.started("2026-03-01", kid, "P1"))

    assert before.orphans == (Orphan(ORPHAN_DISCHARGE, "eemland", AMERSFOORT, PROVIDER_AGB),) * 2
    assert before.stays == ()
    assert after.orphans == ()
    assert only_stay(after).end == date(2026, 3, 20)


def test_replacement_within_30_days_at_another_provider(make: EventMaker) -> None:
    kid = make.kid(1)
    first = (make.started("2026-02-01", kid, "P1"), make.ended("2026-03-10", kid, "P1"))

    within = facts(*first, make.started("2026-04-09", kid, "P2", care=ALMERE_CLINIC))
    beyond = facts(*first, make.started("2026-04-10", kid, "P3", care=ALMERE_CLINIC))

    assert [stay.replacement for stay in within.stays] == [False, True]
    assert [stay.replacement for stay in beyond.stays] == [False, False]


def test_replacement_window_is_configurable(make: EventMaker) -> None:
    kid = make.kid(1)
    state = state_of(
        make.started("2026-02-01", kid, "P1"),
        make.ended("2026-03-10", kid, "P1"),
        make.started("2026-03-25", kid, "P2", care=ALMERE_CLINIC),
    )

    assert derive(state.events.values()).stays[1].replacement
    assert not derive(state.events.values(), replacement_window_days=14).stays[1].replacement


def test_move_to_another_location_of_the_same_provider_is_no_replacement(
    make: EventMaker,
) -> None:
    kid = make.kid(1)
    result = facts(
        make.started("2026-02-01", kid, "P1"),
        make.ended("2026-03-10", kid, "P1"),
        make.started("2026-03-10", kid, "P2", care=ZEIST_CLINIC),
    )

    assert [stay.replacement for stay in result.stays] == [False, False]


def test_replacement_looks_only_at_the_most_recent_earlier_stay(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(
        make.started("2026-01-01", kid, "P1", care=ALMERE_CLINIC),
        make.ended("2026-03-01", kid, "P1", care=ALMERE_CLINIC),
        make.started("2026-03-02", kid, "P2"),  # a re-placement: other provider
        make.ended("2026-03-05", kid, "P2"),
        make.started("2026-03-10", kid, "P3"),  # after P2 at the same provider: none
    )

    assert [stay.replacement for stay in result.stays] == [False, True, False]


def test_turned_18_in_care(make: EventMaker) -> None:
    kid = make.kid(1, born=date(2008, 3, 20))  # 17 until 2026-03-20
    closed = facts(make.started("2026-03-01", kid, "P1"), make.ended("2026-04-01", kid, "P1"))
    open_ = facts(
        make.started("2026-03-01", kid, "P2"),
        make.suspended("2026-03-10", kid, "P2"),
        make.resumed("2026-03-25", kid, "P2"),
    )
    left_before = facts(
        make.started("2026-03-01", kid, "P3"),
        make.ended("2026-03-15", kid, "P3"),
        make.suspended("2026-03-25", kid, "P3"),  # after the end: not the stay's marker
    )
    started_adult = facts(make.started("2026-03-21", kid, "P4"))

    assert only_stay(closed).turned_18 == date(2026, 4, 1)
    assert only_stay(open_).turned_18 == date(2026, 3, 25)
    assert only_stay(left_before).turned_18 is None
    assert only_stay(started_adult).turned_18 is None
    assert only_stay(started_adult).age_band == "AGE_18_PLUS"


def test_duplicate_starts_of_one_placement_are_one_stay(make: EventMaker) -> None:
    kid = make.kid(1)
    result = facts(make.started("2026-03-01", kid, "P1"), make.started("2026-03-02", kid, "P1"))

    assert only_stay(result).start == date(2026, 3, 1)


# -- the set: duplicates, retractions, voids --------------------------------------------


def test_an_event_is_kept_once(make: EventMaker) -> None:
    kid = make.kid(1)
    started = make.started("2026-03-01", kid, "P1")
    once = state_of(started)

    assert add_event(once, *started.pair) is once


def test_retraction_undoes_its_event(make: EventMaker) -> None:
    kid = make.kid(1)
    started = make.started("2026-03-01", kid, "P1")
    ended = make.ended("2026-03-20", kid, "P1")
    retraction = make.retracted("2026-03-21", kid, ended)

    retracted_last = facts(started, ended, retraction)
    retracted_first = facts(retraction, started, ended)

    assert only_stay(retracted_last).end is None
    assert retracted_first == retracted_last
    assert retracted_last.touched == {"eemland": date(2026, 3, 1), "utrecht-stad": date(2026, 3, 1)}


def test_voided_assignment_retracts_everything_carrying_it(make: EventMaker) -> None:
    kid = make.kid(1)
    granted = make.assignment("2026-02-20", kid, "A1", "GRANTED")
    started = make.started("2026-03-01", kid, "P1", assignment="A1")
    ended = make.ended("2026-03-20", kid, "P1")
    voided = make.assignment("2026-03-25", kid, "A1", "VOIDED")
    other = make.started("2026-03-02", kid, "P2", assignment="A2")

    result = facts(granted, started, ended, voided, other)

    assert [stay.start for stay in result.stays] == [date(2026, 3, 2)]
    # The end lost its start.
    assert result.orphans == (Orphan(ORPHAN_DISCHARGE, "eemland", AMERSFOORT, PROVIDER_AGB),)
    assert result.touched["eemland"] == date(2026, 3, 20)  # the void itself is gone


def test_a_retracted_void_voids_nothing(make: EventMaker) -> None:
    kid = make.kid(1)
    started = make.started("2026-03-01", kid, "P1", assignment="A1")
    voided = make.assignment("2026-03-25", kid, "A1", "VOIDED")

    result = facts(started, voided, make.retracted("2026-03-26", kid, voided))

    assert only_stay(result).start == date(2026, 3, 1)


def test_event_date_is_the_dutch_calendar_date(make: EventMaker) -> None:
    kid = make.kid(1)
    stay = only_stay(facts(make.started("2026-03-01T23:30:00Z", kid, "P1")))

    assert stay.start == date(2026, 3, 2)  # 00:30 in Amsterdam


def test_state_round_trips_through_bytes(make: EventMaker) -> None:
    kid = make.kid(1)
    state = state_of(
        make.registered("2026-03-01", kid, "R1", care=FAMILY_HOME),
        make.started("2026-03-15", kid, "P1", registration="R1", assignment="A1"),
        make.ended("2026-03-20", kid, "P1", care=ALMERE_CLINIC),
        make.retracted("2026-03-21", kid, make.suspended("2026-03-16", kid, "P1")),
    )

    data = youth_state_to_bytes(state)

    assert youth_state_from_bytes(data) == state
    assert youth_state_to_bytes(youth_state_from_bytes(data)) == data
