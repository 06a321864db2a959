"""Where a birth date becomes an age band at the event date; the date itself goes no further.

Bands, in completed years at the event date:

    AGE_0_16     0 to 16
    AGE_17       17
    AGE_18_PLUS  18 and older
    UNKNOWN      the birth date is unknown (iJw DatumGebruik 3)

No finer: the regions monitor placements of youths aged 17 and over and the transition at
18, and nothing else the hub computes needs an age. A band that changes under one
pseudonym narrows the birth date down to the days between two events; with these bands
that happens at most twice per youth (at 17 and at 18), where the figures need it.

A birthday counts from its calendar day. Someone born on 29 February has the birthday on
1 March in years without 29 February (and so turns 18 on 1 March).

Partly known birth dates (iJw DatumGebruik, §7.3 of the iJw reference): the unknown parts of
the date are filler (01 for day and month) and are ignored. With the day unknown every day
of that month is a possible birth date, with day and month unknown every day of that year,
but never a day after the event. When the youngest and the oldest possible age fall in one
band, that band is exact. When they straddle two bands (they can never span more), the rule
is: take the band of the youngest possible age and mark it approximate. For the questions
the bands answer ("under 18?", "17 or older?") that errs towards the younger group: a youth
who may still be a minor is never counted as an adult.

Rejected, without repeating the date: a birth date after the event date (a partial one when
even its earliest possible day is) and one more than 120 years before it (a partial one
when even its latest possible day is; the iWmo rule TR002, which iJw probably shares).
"""

import calendar
from dataclasses import dataclass
from datetime import MAXYEAR, date
from enum import IntEnum

from jeugdhub.errors import InvalidInputError
from schemas.vocabulary import AgeBand

MAX_AGE_YEARS = 120


class DateUse(IntEnum):
    """iJw DatumGebruik: which parts of a birth date may be used; FULL stands for absent."""

    FULL = 0
    DAY_UNKNOWN = 1
    DAY_AND_MONTH_UNKNOWN = 2
    UNKNOWN = 3


@dataclass(frozen=True)
class AgeAtEvent:
    band: AgeBand
    approximate: bool  # the birth date was partly unknown and the band is one of two possible


# The oldest age in each band, youngest band first; older than the last is AGE_18_PLUS.
_BAND_LIMITS = (
    (16, AgeBand.AGE_0_16),
    (17, AgeBand.AGE_17),
)


def age_band(
    birth_date: date, on: date, date_use: DateUse = DateUse.FULL, field: str = "birth_date"
) -> AgeAtEvent:
    """The age band at the date ``on`` of someone born on ``birth_date`` (see module doc)."""
    if date_use == DateUse.UNKNOWN:
        return AgeAtEvent(AgeBand.UNKNOWN, approximate=False)
    earliest, latest = _possible_birth_dates(birth_date, date_use)
    if earliest > on:
        raise InvalidInputError(field, "is after the event date")
    latest = min(latest, on)
    if _anniversary(latest, MAX_AGE_YEARS) < on:
        raise InvalidInputError(
            field, f"is more than {MAX_AGE_YEARS} years before the event date", "TR002"
        )
    youngest = _band(_completed_years(latest, on))
    oldest = _band(_completed_years(earliest, on))
    return AgeAtEvent(youngest, approximate=youngest is not oldest)


def _possible_birth_dates(birth_date: date, date_use: DateUse) -> tuple[date, date]:
    year, month = birth_date.year, birth_date.month
    if date_use == DateUse.DAY_UNKNOWN:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if date_use == DateUse.DAY_AND_MONTH_UNKNOWN:
        return date(year, 1, 1), date(year, 12, 31)
    return birth_date, birth_date


def _completed_years(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    return years - 1 if _anniversary(birth_date, years) > on else years


def _anniversary(birth_date: date, years: int) -> date:
    """The day someone born on birth_date turns ``years`` old (date.max when out of range)."""
    year = birth_date.year + years
    if year > MAXYEAR:
        return date.max
    try:
        return birth_date.replace(year=year)
    except ValueError:
        # 29 February in a year without it: the birthday counts on 1 March.
        return date(year, 3, 1)


def _band(age: int) -> AgeBand:
    for oldest, band in _BAND_LIMITS:
        if age <= oldest:
            return band
    return AgeBand.AGE_18_PLUS
