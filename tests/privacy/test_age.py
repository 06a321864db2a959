"""Birth date to age band at the event date, including partly known dates (DatumGebruik)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdhub.errors import InvalidInputError
from privacy.age import AgeAtEvent, AgeBand, DateUse, age_band


def reference_age(birth: date, on: date) -> int:
    """Completed years the way a person counts them; 29 Feb turns over on 1 Mar."""
    age = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        age -= 1
    return age


REFERENCE_BANDS = [
    (range(0, 17), AgeBand.AGE_0_16),
    (range(17, 18), AgeBand.AGE_17),
    (range(18, 200), AgeBand.AGE_18_PLUS),
]


def reference_band(age: int) -> AgeBand:
    return next(band for ages, band in REFERENCE_BANDS if age in ages)


def possible_birth_dates(birth: date, use: DateUse, on: date) -> list[date]:
    """Every day the youth may have been born on, by brute force."""
    days = []
    day = date(birth.year, 1, 1)
    while day.year == birth.year and day <= on:
        if use == DateUse.DAY_AND_MONTH_UNKNOWN or day.month == birth.month:
            days.append(day)
        day += timedelta(days=1)
    return days


event_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@given(event_dates, st.integers(0, 120 * 365))
def test_full_date_band_matches_a_straightforward_age_computation(on: date, days: int) -> None:
    birth = on - timedelta(days=days)
    assert age_band(birth, on) == AgeAtEvent(reference_band(reference_age(birth, on)), False)


@given(
    event_dates,
    st.integers(0, 119 * 365),
    st.sampled_from([DateUse.DAY_UNKNOWN, DateUse.DAY_AND_MONTH_UNKNOWN]),
)
def test_partial_date_gets_the_band_of_the_youngest_possible_age(
    on: date, days: int, use: DateUse
) -> None:
    birth = on - timedelta(days=days)
    bands = [reference_band(reference_age(day, on)) for day in possible_birth_dates(birth, use, on)]
    youngest = bands[-1]
    assert len(set(bands)) <= 2
    assert age_band(birth, on, use) == AgeAtEvent(youngest, approximate=len(set(bands)) == 2)


@pytest.mark.parametrize(
    ("birth", "on", "band"),
    [
        (date(2008, 2, 29), date(2026, 2, 28), AgeBand.AGE_17),
        (date(2008, 2, 29), date(2026, 3, 1), AgeBand.AGE_18_PLUS),
        (date(2008, 2, 29), date(2025, 2, 28), AgeBand.AGE_0_16),
        (date(2008, 2, 29), date(2025, 3, 1), AgeBand.AGE_17),
    ],
)
def test_29_february_birthday_counts_on_1_march_in_other_years(
    birth: date, on: date, band: AgeBand
) -> None:
    assert age_band(birth, on) == AgeAtEvent(band, approximate=False)


def test_only_seventeen_and_eighteen_are_band_limits() -> None:
    assert age_band(date(2025, 5, 31), date(2025, 6, 1)).band is AgeBand.AGE_0_16
    assert age_band(date(2009, 6, 1), date(2025, 6, 1)).band is AgeBand.AGE_0_16
    assert age_band(date(2008, 6, 2), date(2025, 6, 1)).band is AgeBand.AGE_0_16
    assert age_band(date(2008, 6, 1), date(2025, 6, 1)).band is AgeBand.AGE_17
    assert age_band(date(2007, 6, 2), date(2025, 6, 1)).band is AgeBand.AGE_17
    assert age_band(date(2007, 6, 1), date(2025, 6, 1)).band is AgeBand.AGE_18_PLUS
    assert age_band(date(1990, 1, 1), date(2025, 6, 1)).band is AgeBand.AGE_18_PLUS


def test_band_values_are_valid_avro_enum_symbols() -> None:
    for band in AgeBand:
        assert band.value == band.name
        assert band.value.replace("_", "").isalnum()
        assert not band.value[0].isdigit()


def test_day_unknown_within_one_band_is_exact() -> None:
    # Born some day in May 2010: 15 on 1 December 2025 whatever the day.
    assert age_band(date(2010, 5, 1), date(2025, 12, 1), DateUse.DAY_UNKNOWN) == AgeAtEvent(
        AgeBand.AGE_0_16, approximate=False
    )


def test_day_unknown_straddling_16_and_17_takes_the_younger_band_and_is_approximate() -> None:
    # Born in March 2008, event 15 March 2025: 17 if born by the 15th, 16 if later.
    result = age_band(date(2008, 3, 1), date(2025, 3, 15), DateUse.DAY_UNKNOWN)
    assert result == AgeAtEvent(AgeBand.AGE_0_16, approximate=True)


def test_year_only_straddling_18_takes_the_minor_band_and_is_approximate() -> None:
    result = age_band(date(2007, 1, 1), date(2025, 6, 1), DateUse.DAY_AND_MONTH_UNKNOWN)
    assert result == AgeAtEvent(AgeBand.AGE_17, approximate=True)


def test_year_only_with_both_possible_ages_in_one_band_is_exact() -> None:
    result = age_band(date(2015, 1, 1), date(2025, 6, 1), DateUse.DAY_AND_MONTH_UNKNOWN)
    assert result == AgeAtEvent(AgeBand.AGE_0_16, approximate=False)


def test_the_filler_day_of_a_partial_date_is_ignored() -> None:
    on = date(2025, 3, 15)
    assert age_band(date(2008, 3, 20), on, DateUse.DAY_UNKNOWN) == age_band(
        date(2008, 3, 1), on, DateUse.DAY_UNKNOWN
    )
    assert age_band(date(2007, 9, 9), on, DateUse.DAY_AND_MONTH_UNKNOWN) == age_band(
        date(2007, 1, 1), on, DateUse.DAY_AND_MONTH_UNKNOWN
    )


def test_partial_date_only_counts_days_up_to_the_event() -> None:
    # Born in the month of the event: 0 years old, not a day "after the event".
    result = age_band(date(2025, 5, 1), date(2025, 5, 10), DateUse.DAY_UNKNOWN)
    assert result == AgeAtEvent(AgeBand.AGE_0_16, approximate=False)


def test_unknown_birth_date_gives_the_unknown_band_whatever_the_filler() -> None:
    # iJw fills an unknown date with 1900-01-01, which is no birth date to check.
    result = age_band(date(1900, 1, 1), date(2025, 6, 1), DateUse.UNKNOWN)
    assert result == AgeAtEvent(AgeBand.UNKNOWN, approximate=False)


def test_date_use_takes_the_ijw_codes() -> None:
    assert [DateUse(code) for code in (1, 2, 3)] == [
        DateUse.DAY_UNKNOWN,
        DateUse.DAY_AND_MONTH_UNKNOWN,
        DateUse.UNKNOWN,
    ]


@given(event_dates, st.integers(1, 3650))
def test_birth_date_after_the_event_is_rejected_without_the_date(on: date, days: int) -> None:
    birth = on + timedelta(days=days)
    with pytest.raises(InvalidInputError) as raised:
        age_band(birth, on, field="Client/Geboortedatum/Datum")
    assert str(raised.value) == "Client/Geboortedatum/Datum: is after the event date"


def test_partial_birth_date_wholly_after_the_event_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="is after the event date"):
        age_band(date(2025, 6, 1), date(2025, 5, 31), DateUse.DAY_UNKNOWN)
    with pytest.raises(InvalidInputError, match="is after the event date"):
        age_band(date(2026, 1, 1), date(2025, 12, 31), DateUse.DAY_AND_MONTH_UNKNOWN)


def test_birth_date_more_than_120_years_before_the_event_is_rejected() -> None:
    on = date(2025, 6, 1)
    assert age_band(date(1905, 6, 1), on).band is AgeBand.AGE_18_PLUS
    with pytest.raises(InvalidInputError) as raised:
        age_band(date(1905, 5, 31), on)
    assert str(raised.value) == "birth_date: is more than 120 years before the event date (TR002)"
    assert "1905" not in str(raised.value)


def test_year_only_birth_date_is_rejected_only_when_every_day_is_too_old() -> None:
    on = date(2025, 6, 1)
    assert age_band(date(1905, 1, 1), on, DateUse.DAY_AND_MONTH_UNKNOWN).band is (
        AgeBand.AGE_18_PLUS
    )
    with pytest.raises(InvalidInputError, match="more than 120 years"):
        age_band(date(1904, 1, 1), on, DateUse.DAY_AND_MONTH_UNKNOWN)
