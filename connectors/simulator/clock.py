"""Simulated time: seconds since the epoch inside the simulator, local text and dates outside.

Floats keep the hot path cheap (no datetime arithmetic per step); only records that leave
the simulator turn them into Europe/Amsterdam times, as a Dutch source writes them.
"""

from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MINUTE = 60.0
HOUR = 3_600.0
DAY = 86_400.0


@cache  # a run asks for the same few thousand days (birthdays) over and over
def midnight(day: date) -> float:
    """The start of a Dutch calendar day."""
    return datetime.combine(day, time(), AMSTERDAM).timestamp()


def local(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, AMSTERDAM)


def local_text(moment: float) -> str:
    """ISO 8601 with the Dutch offset of that moment, to the second."""
    hour, second = divmod(int(moment), 3600)
    date_and_hour, offset = _local_hour(hour)
    return date_and_hour + _MINUTES_SECONDS[second] + offset


_MINUTES_SECONDS = tuple(f":{m:02d}:{s:02d}" for m in range(60) for s in range(60))


@cache
def _local_hour(hour: int) -> tuple[str, str]:
    """Date, hour and offset of an hour since the epoch: formatting every record by way of
    a datetime costs more than all other work on it. Exact, because Dutch offsets are
    whole hours and change only on the hour."""
    text = local(hour * 3600).isoformat(timespec="seconds")  # 2026-03-29T03:00:00+02:00
    return text[:13], text[19:]


def local_date(moment: float) -> date:
    return local(moment).date()


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls on 1 March, as in privacy.age."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
