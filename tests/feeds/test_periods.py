"""Periods of a cadence: they tile the calendar, and a period closes only once past."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from feeds.egress.periods import Cadence, Period, closed_periods, following, period_containing

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.sampled_from(list(Cadence)))
def test_each_day_lies_in_one_period_and_periods_tile_the_calendar(
    day: date, cadence: Cadence
) -> None:
    period = period_containing(day, cadence)
    after = following(period, cadence)

    assert period.start <= day <= period.end
    assert after.start == period.end + timedelta(days=1)
    assert period_containing(period.start, cadence) == period
    assert period_containing(period.end, cadence) == period


def test_weeks_run_monday_to_sunday_and_months_are_calendar_months() -> None:
    assert period_containing(date(2026, 12, 2), Cadence.WEEKLY) == Period(
        date(2026, 11, 30), date(2026, 12, 6)
    )
    assert period_containing(date(2028, 2, 10), Cadence.MONTHLY) == Period(
        date(2028, 2, 1), date(2028, 2, 29)
    )


@given(days, st.integers(0, 400), st.sampled_from(list(Cadence)))
def test_closed_periods_end_before_the_figures_day_and_follow_the_last_release(
    earliest: date, span: int, cadence: Cadence
) -> None:
    figures_day = earliest + timedelta(days=span)
    first = closed_periods(cadence, None, figures_day, earliest)
    assert all(period.end < figures_day for period in first)
    assert [p.start for p in first[1:]] == [p.end + timedelta(days=1) for p in first[:-1]]
    if first:
        # Released through the first: only the others are still due, never it again.
        assert closed_periods(cadence, first[0].end, figures_day, earliest) == first[1:]
    # The period holding the figures day has not closed.
    assert period_containing(figures_day, cadence) not in first
