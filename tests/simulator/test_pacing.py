"""Pacing: acceleration is simulated seconds per real second."""

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.simulator import wall_delay

T0 = datetime.fromisoformat("2026-01-01T09:00:00+01:00")


def test_an_hour_apart_at_3600_times_real_time_is_one_second() -> None:
    assert wall_delay(T0, T0 + timedelta(hours=1), 3600) == pytest.approx(1.0)


def test_real_time_waits_the_simulated_time() -> None:
    assert wall_delay(T0, T0 + timedelta(seconds=90), 1) == pytest.approx(90.0)


def test_equal_or_earlier_report_times_need_no_wait() -> None:
    assert wall_delay(T0, T0, 60) == 0.0
    assert wall_delay(T0, T0 - timedelta(minutes=1), 60) == 0.0


def test_infinite_acceleration_never_waits() -> None:
    assert wall_delay(T0, T0 + timedelta(days=3), math.inf) == 0.0


@pytest.mark.parametrize("acceleration", [0, -1, math.nan])
def test_acceleration_must_be_positive(acceleration: float) -> None:
    with pytest.raises(ValueError, match="acceleration"):
        wall_delay(T0, T0, acceleration)


def test_the_night_clocks_go_back_counts_the_hour_that_repeats() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    before = datetime(2026, 10, 25, 2, 30, tzinfo=amsterdam)  # +02:00, first 02:30
    after = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=amsterdam)  # +01:00, 40 min later

    assert wall_delay(before, after, 60) == pytest.approx(40.0)
