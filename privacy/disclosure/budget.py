"""The yearly privacy budget of the public regime: what has been spent, and the refusal of a
release that would spend more.

Where it stands: consulted by ``differential.py`` before noise is drawn. A pure object; the
egress persists ``spent`` (and must do so before the release leaves, or a crash could let
the same budget be spent twice). See ``privacy/disclosure/README.md``.
"""

from collections.abc import Mapping

from privacy.disclosure.errors import BudgetExhaustedError

# Twelve monthly shares of epsilon/12 add up to a hair above epsilon in floating point.
_SLACK = 1e-9


class BudgetLedger:
    def __init__(self, epsilon_per_year: float, spent: Mapping[int, float] | None = None) -> None:
        self.epsilon_per_year = epsilon_per_year
        self._spent = dict(spent or {})

    def spent(self, year: int) -> float:
        return self._spent.get(year, 0.0)

    def charge(self, year: int, epsilon: float) -> None:
        """Record a release of ``epsilon`` in ``year``, or refuse it beyond the budget."""
        if epsilon <= 0:
            raise ValueError("a release spends a positive epsilon")
        if self.spent(year) + epsilon > self.epsilon_per_year * (1 + _SLACK):
            raise BudgetExhaustedError(year, self.spent(year), epsilon, self.epsilon_per_year)
        self._spent[year] = self.spent(year) + epsilon

    def snapshot(self) -> dict[int, float]:
        """What to persist: epsilon spent per year."""
        return dict(self._spent)
