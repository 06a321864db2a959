"""The attacker's linear program: how precisely a recipient can pin down a suppressed cell.

Where it stands: the last check before a suppression pattern leaves the hub (``threshold``
runs it on every pattern it publishes), and the test of every suppression claim. For each
hidden cell it computes the minimum and the maximum of that cell over all non-negative
tables that agree with every published cell, margin and identity. Integrality is relaxed:
the real range contains every integer value the cell could take, and for tables with their
margins alone it is exactly the integer range (see ``privacy/disclosure/README.md``).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs

from privacy.disclosure.cells import CellRef
from privacy.disclosure.constraints import LinearSystem
from privacy.disclosure.errors import InconsistentReleaseError


@dataclass(frozen=True)
class Interval:
    low: float
    high: float  # math.inf when nothing published bounds the cell from above

    @property
    def width(self) -> float:
        return self.high - self.low


def feasible_intervals(
    system: LinearSystem, published: Mapping[CellRef, int], hidden: Iterable[CellRef]
) -> dict[CellRef, Interval]:
    """The range each ``hidden`` cell can take given ``published`` and ``system``."""
    solver = _model(system, published)
    intervals: dict[CellRef, Interval] = {}
    for ref in hidden:
        column = system.index[ref]
        solver.changeColCost(column, 1.0)
        low = _optimum(solver, highspy.ObjSense.kMinimize)
        high = _optimum(solver, highspy.ObjSense.kMaximize)
        solver.changeColCost(column, 0.0)
        intervals[ref] = Interval(low, high)
    return intervals


def _model(system: LinearSystem, published: Mapping[CellRef, int]) -> _Highs:
    # The plain binding: highspy.Highs enables its Python callbacks in the constructor,
    # which prints HiGHS's banner on stdout before output_flag can be set (HiGHS issues
    # #1702, #2749); a release must be quiet.
    solver = _Highs()
    solver.setOptionValue("output_flag", False)
    count = len(system.variables)
    lower = np.zeros(count)
    upper = np.full(count, highspy.kHighsInf)
    for ref, value in published.items():
        lower[system.index[ref]] = upper[system.index[ref]] = value
    solver.addVars(count, lower, upper)
    for equation in system.equations:
        columns = np.array(list(equation.coefficients), dtype=np.int32)
        values = np.array(list(equation.coefficients.values()), dtype=np.float64)
        solver.addRow(equation.constant, equation.constant, len(columns), columns, values)
    return solver


def _optimum(solver: _Highs, sense: highspy.ObjSense) -> float:
    solver.changeObjectiveSense(sense)
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return float(solver.getInfo().objective_function_value)
    # The true table satisfies every equation, so the model is feasible: "unbounded or
    # infeasible" can only mean unbounded.
    if status in (
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return math.inf if sense == highspy.ObjSense.kMaximize else -math.inf
    raise InconsistentReleaseError(solver.modelStatusToString(status))
