"""A region's figures as frozen values, and their plain JSON-able form.

``to_dict`` gives the shape the reference model is compared with: dates as ISO text,
keys sorted, zero flows left out. Every person-derived count has its cell key beside it
(``<count>_key``: the key sum of the youths counted, ``streams.youth_stage.record_key``); capacity
is not personal data and has none.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class NowFigures:
    """One care function of a region at the end of the as-of day."""

    places_declared: int
    occupied: int
    free: int
    occupancy_pct: float | None
    base_availability: int
    shortfall: int
    waiting_now: int
    waiting_days_median: int | None
    waiting_days_p90: int | None
    occupied_key: int
    waiting_key: int  # of waiting_now

    def to_dict(self) -> dict[str, Any]:
        return {
            "base_availability": self.base_availability,
            "free": self.free,
            "occupancy_pct": self.occupancy_pct,
            "occupied": self.occupied,
            "occupied_key": self.occupied_key,
            "places_declared": self.places_declared,
            "shortfall": self.shortfall,
            "waiting_days_median": self.waiting_days_median,
            "waiting_days_p90": self.waiting_days_p90,
            "waiting_key": self.waiting_key,
            "waiting_now": self.waiting_now,
        }


@dataclass(frozen=True, slots=True)
class DayFlows:
    """The flows of one care function on one day (or summed over days)."""

    registrations: int
    placements: int
    discharges: Mapping[str, int]  # per destination; only destinations with discharges
    replacements: int
    refusals: int
    non_contracted: int
    placements_17_plus: int
    transitions_18: int
    keys: Mapping[str, int]  # per measure with a count (not discharges): its cell key
    discharge_keys: Mapping[str, int]  # per destination with discharges

    def to_dict(self) -> dict[str, Any]:
        """Only what happened: zero counts, their keys and an empty discharges map are
        left out."""
        counts = {
            "non_contracted": self.non_contracted,
            "placements": self.placements,
            "placements_17_plus": self.placements_17_plus,
            "refusals": self.refusals,
            "registrations": self.registrations,
            "replacements": self.replacements,
            "transitions_18": self.transitions_18,
        }
        happened: dict[str, Any] = {}
        for measure, value in counts.items():
            if value:
                happened[measure] = value
                happened[f"{measure}_key"] = self.keys[measure]
        if self.discharges:
            happened["discharges"] = dict(sorted(self.discharges.items()))
            happened["discharges_key"] = dict(sorted(self.discharge_keys.items()))
        return dict(sorted(happened.items()))


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """Stays of youths from one home region in the provider region of the figures."""

    open: int  # open as of the provider region's as-of
    started: Mapping[date, int]  # per start date; only dates with starts
    open_key: int
    started_keys: Mapping[date, int]  # per start date, the key of its count

    def to_dict(self) -> dict[str, Any]:
        return {
            "open": self.open,
            "open_key": self.open_key,
            "started": {day.isoformat(): count for day, count in sorted(self.started.items())},
            "started_key": {day.isoformat(): k for day, k in sorted(self.started_keys.items())},
        }


@dataclass(frozen=True, slots=True)
class RegionFigures:
    region: str
    as_of: date
    now: Mapping[str, NowFigures]  # per care function
    daily: Mapping[str, Mapping[date, DayFlows]]  # per care function, per day
    flow_matrix: Mapping[str, MatrixRow]  # per home region
    anomalies: Mapping[str, int]  # per kind, every kind present

    def to_dict(self) -> dict[str, Any]:
        return {
            "anomalies": dict(sorted(self.anomalies.items())),
            "as_of": self.as_of.isoformat(),
            "daily": {
                function: {day.isoformat(): flows.to_dict() for day, flows in sorted(days.items())}
                for function, days in sorted(self.daily.items())
            },
            "flow_matrix": {home: row.to_dict() for home, row in sorted(self.flow_matrix.items())},
            "now": {function: now.to_dict() for function, now in sorted(self.now.items())},
            "region": self.region,
        }
