"""The sum of the contributions a region holds, kept up to date one replacement at a time.

Stage 2 replaces the contribution of a youth by removing the old one and adding the new
one: the cost is the size of the two contributions, not of the region. The figures are
computed from these totals (``streams.aggregates``), so the incremental path and a
recomputation from scratch cannot disagree.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from streams.regional import FlowKey, RegionContribution, StayKey, WaitingKey

Key = TypeVar("Key")


class RegionTotals:
    """Counts summed over contributions; a count that drops to 0 is removed."""

    def __init__(self) -> None:
        self.latest: Counter[date] = Counter()  # how many contributions have each date
        self.stays: Counter[StayKey] = Counter()
        self.waiting: Counter[WaitingKey] = Counter()
        self.flows: Counter[FlowKey] = Counter()
        self.anomalies: Counter[str] = Counter()

    def add(self, contribution: RegionContribution) -> None:
        self._apply(contribution, 1)

    def remove(self, contribution: RegionContribution) -> None:
        """Undo an earlier :meth:`add` of an equal contribution."""
        self._apply(contribution, -1)

    @property
    def latest_day(self) -> date | None:
        """The latest event date any contribution has: the persons' part of the as-of."""
        return max(self.latest, default=None)

    def _apply(self, contribution: RegionContribution, sign: int) -> None:
        _update(self.latest, {contribution.latest: 1}, sign)
        _update(self.stays, contribution.stays, sign)
        _update(self.waiting, contribution.waiting, sign)
        _update(self.flows, contribution.flows, sign)
        _update(self.anomalies, contribution.anomalies, sign)


def _update(totals: Counter[Key], counts: Mapping[Key, int], sign: int) -> None:
    for key, count in counts.items():
        total = totals[key] + sign * count
        if total:
            totals[key] = total
        else:
            del totals[key]
