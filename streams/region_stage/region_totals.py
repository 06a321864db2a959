"""The sum of the contributions a region holds, kept up to date one replacement at a time.

Stage 2 replaces the contribution of a youth by removing the old one and adding the new
one: the cost is the size of the two contributions, not of the region. The figures are
computed from these totals (``streams.region_stage.aggregates``), so the incremental path and a
recomputation from scratch cannot disagree.

Beside every count of a youth's records the totals keep its key sum: count x the youth's
record key, summed over contributions mod 2**32 (``streams.youth_stage.record_key``). Removing a
contribution subtracts what adding it added, so the key sum of a count is always that of
the records counted in it.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Generic, TypeVar

from streams.regional import FlowKey, RegionContribution, StayKey, WaitingKey
from streams.youth_stage.record_key import KEY_MODULUS

Key = TypeVar("Key")


class Keyed(Generic[Key]):
    """Counts and their key sums; a count that drops to 0 is removed, with its key."""

    def __init__(self) -> None:
        self.counts: Counter[Key] = Counter()
        self.keys: dict[Key, int] = {}

    def update(self, counts: Mapping[Key, int], record_key: int, sign: int) -> None:
        for key, count in counts.items():
            if _add(self.counts, key, sign * count):
                added = sign * count * record_key
                self.keys[key] = (self.keys.get(key, 0) + added) % KEY_MODULUS
            else:
                self.keys.pop(key, None)


class RegionTotals:
    """Counts summed over contributions."""

    def __init__(self) -> None:
        self.latest: Counter[date] = Counter()  # how many contributions have each date
        self.stays: Keyed[StayKey] = Keyed()
        self.waiting: Keyed[WaitingKey] = Keyed()
        self.flows: Keyed[FlowKey] = Keyed()
        self.anomalies: Counter[str] = Counter()  # a metric, never a figure: no keys

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
        self.stays.update(contribution.stays, contribution.record_key, sign)
        self.waiting.update(contribution.waiting, contribution.record_key, sign)
        self.flows.update(contribution.flows, contribution.record_key, sign)
        _update(self.anomalies, contribution.anomalies, sign)


def _update(totals: Counter[Key], counts: Mapping[Key, int], sign: int) -> None:
    for key, count in counts.items():
        _add(totals, key, sign * count)


def _add(totals: Counter[Key], key: Key, amount: int) -> bool:
    """Add to one count, removing it at 0; whether it is still there."""
    total = totals[key] + amount
    if total:
        totals[key] = total
    else:
        del totals[key]
    return bool(total)
