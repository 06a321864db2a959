"""The perturbation table of the cell-key method, built from (D, V, js), and what it hides.

Where it stands: computed once per cell-key regime, read by ``cellkey.py`` for every cell.
Row n is the distribution of the perturbation added to a true count n:

- n = 0 stays 0;
- otherwise the perturbation x lies in -D..D, n + x is never negative and never in 1..js
  (it is 0 or above js);
- among such distributions, the one of maximum entropy with mean 0 and variance V (the
  exponential family p(x) ~ exp(a x + b x^2), fitted by Newton's method on its dual).
  Where a row's support cannot reach variance V with mean 0 (the rows near js), its
  variance is the nearest reachable one, kept 5% inside the reachable range so the row
  keeps every allowed value (a row on the edge of the range would drop values, and a
  value one row has and its neighbour lacks gives the youth away).

Rows from n = D + js + 1 on are the same distribution (the full -D..D), so the table keeps
rows 0..D+js+1 and the last stands for all larger n. See ``privacy/disclosure/README.md``.
"""

import bisect
import math
from dataclasses import dataclass
from functools import cache

import numpy as np

_INSIDE = 0.05  # how far inside its reachable variance range a constrained row is kept


@dataclass(frozen=True)
class Row:
    perturbations: tuple[int, ...]  # ascending
    probabilities: tuple[float, ...]
    cumulative: tuple[float, ...]  # the last is exactly 1.0

    def published(self, n: int) -> dict[int, float]:
        """The distribution of the published value n + x."""
        return {n + x: p for x, p in zip(self.perturbations, self.probabilities, strict=True)}


@dataclass(frozen=True)
class PerturbationTable:
    max_deviation: int
    variance: float
    js: int
    rows: tuple[Row, ...]

    def row(self, n: int) -> Row:
        return self.rows[min(n, len(self.rows) - 1)]

    def publish(self, n: int, key: float) -> int:
        """The published value of a true count n whose cell key is ``key`` in [0, 1)."""
        row = self.row(n)
        position = bisect.bisect_right(row.cumulative, key)
        return n + row.perturbations[min(position, len(row.perturbations) - 1)]


@cache
def build_ptable(max_deviation: int, variance: float, js: int) -> PerturbationTable:
    if not 0 <= js < max_deviation:
        raise ValueError("a perturbation table needs 0 <= js < D")
    rows = [_row([0], variance)]
    for n in range(1, max_deviation + js + 2):
        support = [x for x in range(-max_deviation, max_deviation + 1) if n + x == 0 or n + x > js]
        rows.append(_row(support, variance))
    return PerturbationTable(max_deviation, variance, js, tuple(rows))


def _row(support: list[int], variance: float) -> Row:
    if len(support) == 1:
        return Row((support[0],), (1.0,), (1.0,))
    values = np.array(support, dtype=np.float64)
    probabilities = _max_entropy(values, _reachable(support, variance))
    cumulative = np.cumsum(probabilities)
    cumulative[-1] = 1.0
    return Row(tuple(support), tuple(probabilities.tolist()), tuple(cumulative.tolist()))


def _reachable(support: list[int], variance: float) -> float:
    # With mean 0 the extreme second moments come from two-point distributions on a < 0 < b
    # (weights b/(b-a), -a/(b-a), second moment -a*b), or 0 when 0 is allowed.
    negatives = [x for x in support if x < 0]
    positives = [x for x in support if x > 0]
    lowest = 0.0 if 0 in support else min(-a * b for a in negatives for b in positives)
    highest = float(-min(support) * max(support))
    margin = _INSIDE * (highest - lowest)
    return min(max(variance, lowest + margin), highest - margin)


def _max_entropy(values: np.ndarray, second_moment: float) -> np.ndarray:
    """p(x) ~ exp(a x + b x^2) with mean 0 and the given second moment (Newton, damped)."""
    features = np.stack([values, values**2 - second_moment])
    theta = np.zeros(2)

    def dual(point: np.ndarray) -> float:
        return float(np.log(np.exp(point @ features).sum()))

    for _ in range(200):
        exponent = theta @ features
        weights = np.exp(exponent - exponent.max())
        weights /= weights.sum()
        gradient = features @ weights
        if np.abs(gradient).max() < 1e-10:
            return np.asarray(weights, dtype=np.float64)
        centred = features - gradient[:, None]
        hessian = (centred * weights) @ centred.T + 1e-12 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while dual(theta - scale * step) > dual(theta) - 1e-4 * scale * gradient @ step:
            scale /= 2
            if scale < 1e-10:
                break
        theta = theta - scale * step
    raise ArithmeticError("a perturbation table row did not reach mean 0 and variance V")


@dataclass(frozen=True)
class NeighbourProfile:
    """What one record more in a cell does to the published value, under a uniform key.

    ``delta`` is the largest hockey-stick divergence between neighbouring rows n and n+1
    (n >= ``from_count``) at ``epsilon``: for every set of published values, the probability
    under one count is at most e^epsilon times that under the other, plus ``delta``.
    ``ratio`` is the largest likelihood ratio over the values both rows can publish."""

    epsilon: float
    delta: float
    ratio: float
    from_count: int


def neighbour_profile(
    table: PerturbationTable, epsilon: float, from_count: int
) -> NeighbourProfile:
    delta, ratio = 0.0, 1.0
    # Rows past the table's end are the last row shifted, so n + 1 = len(rows) covers them.
    for n in range(from_count, len(table.rows)):
        here, there = table.row(n).published(n), table.row(n + 1).published(n + 1)
        for first, second in ((here, there), (there, here)):
            excess = sum(
                max(0.0, p - math.exp(epsilon) * second.get(m, 0.0)) for m, p in first.items()
            )
            delta = max(delta, excess)
            ratio = max([ratio] + [p / second[m] for m, p in first.items() if m in second])
    return NeighbourProfile(epsilon, delta, ratio, from_count)
