"""Event time as the definitions use it: the Dutch calendar date and an exact instant.

Every figure counts an event on its *event date*, the Europe/Amsterdam date of
``envelope.occurred_at``. The instant is kept as whole microseconds since 1970 (UTC): the
Avro timestamp's own precision, so it orders and serialises exactly.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def event_date(occurred_at: datetime) -> date:
    """The Dutch calendar date of an aware instant."""
    return occurred_at.astimezone(AMSTERDAM).date()


def epoch_micros(occurred_at: datetime) -> int:
    """Whole microseconds since 1970 (UTC); integer division keeps it exact."""
    return (occurred_at - _EPOCH) // _MICROSECOND
