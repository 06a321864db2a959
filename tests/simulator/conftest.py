"""Simulation runs shared by the simulator tests: each is generated once per test session."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.simulator import SimulatedRecord, Simulation

START = date(2026, 1, 1)
MONTH_DAYS = 30
YEAR_DAYS = 365


def day_start(day: date) -> datetime:
    """Midnight of a Dutch calendar day."""
    return datetime.combine(day, time(), ZoneInfo("Europe/Amsterdam"))


BEGIN = day_start(START)
MONTH_END = day_start(START + timedelta(days=MONTH_DAYS))
YEAR_END = day_start(START + timedelta(days=YEAR_DAYS))


@pytest.fixture(scope="session")
def month() -> list[SimulatedRecord]:
    """30 days of the six Utrecht-Flevoland regions at scale 1, every kind of mistake on."""
    return list(Simulation(11, START, MONTH_DAYS, retractions=0.02, duplicates=0.01).records())


@pytest.fixture(scope="session")
def year() -> list[SimulatedRecord]:
    """A year of the six Utrecht-Flevoland regions with the default mistakes."""
    return list(Simulation(2026, START, YEAR_DAYS).records())
