"""Drawing from a fixed weighted list fast: cumulative weights once, a bisection per draw."""

from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items: list[T] = []
        weights: list[float] = []
        for item, weight in pairs:
            items.append(item)
            weights.append(weight)
        if not items or sum(weights) <= 0:
            raise ValueError("a weighted choice needs at least one positive weight")
        self.items = tuple(items)
        self._cum_weights = tuple(accumulate(weights))
        self.total = self._cum_weights[-1]

    def pick(self, rng: Random) -> T:
        # Zero weights never win: bisect skips to the first larger cumulative weight.
        return self.items[bisect(self._cum_weights, rng.random() * self.total)]
