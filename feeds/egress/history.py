"""The region figures the egress has seen, per region and event day.

A release for a period ending on day D needs the figures as they stood at the end of D:
the newest record whose as-of is D or earlier (a region without events on a day kept the
state of its last event day). Only the days a release can still ask for are kept.
"""

from collections import defaultdict
from datetime import date, timedelta

from schemas.aggregates import RegionFiguresPublished

KEPT_DAYS = 70  # the longest cadence (a month) and its delay, with room


class FiguresHistory:
    def __init__(self) -> None:
        self._by_region: defaultdict[str, dict[date, RegionFiguresPublished]] = defaultdict(dict)

    def add(self, figures: RegionFiguresPublished) -> None:
        days = self._by_region[figures.region]
        days[figures.as_of] = figures
        horizon = max(days) - timedelta(days=KEPT_DAYS)
        for day in [day for day in days if day < horizon]:
            del days[day]

    def regions(self) -> list[str]:
        return sorted(self._by_region)

    def latest(self, region: str) -> RegionFiguresPublished | None:
        days = self._by_region.get(region)
        return days[max(days)] if days else None

    def earliest_day(self, region: str) -> date | None:
        days = self._by_region.get(region)
        return min(days) if days else None

    def at_end_of(self, region: str, day: date) -> RegionFiguresPublished | None:
        """The figures describing the end of ``day``: the newest with as-of on or before it."""
        days = self._by_region.get(region, {})
        candidates = [as_of for as_of in days if as_of <= day]
        return days[max(candidates)] if candidates else None
