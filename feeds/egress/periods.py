"""The periods of a regime's cadence, in event time.

Person-derived figures leave only when a whole period has closed: a daily release is the
state at the end of a day and that day's flows, a monthly one the end of a month and the
month's flows. A period has closed for a region once the region's figures have moved past
its last day (an event of a later day arrived), so a release never changes while its
period is still filling up, and never leaves per event.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # ISO weeks, Monday to Sunday
    MONTHLY = "monthly"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive: the release describes the end of this day

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_containing(day: date, cadence: Cadence) -> Period:
    if cadence is Cadence.DAILY:
        return Period(day, day)
    if cadence is Cadence.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6))
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def following(period: Period, cadence: Cadence) -> Period:
    return period_containing(period.end + timedelta(days=1), cadence)


def closed_periods(
    cadence: Cadence, last_released: date | None, figures_day: date, earliest: date
) -> list[Period]:
    """The periods that closed since the one ending ``last_released``, oldest first.

    ``figures_day`` is the as-of of the newest figures: every period ending before it
    has closed. Without an earlier release, the first period is the one that holds
    ``earliest`` (the first day figures exist for).
    """
    start = earliest if last_released is None else last_released + timedelta(days=1)
    periods = []
    period = period_containing(start, cadence)
    while period.end < figures_day:
        if last_released is None or period.end > last_released:
            periods.append(period)
        period = following(period, cadence)
    return periods
