"""The attacker's linear program: how precisely a recipient can pin down a suppressed cell.

Where it stands: the last check before a suppression pattern leaves the hub (``threshold``
runs it on every pattern it publishes), and the test of every suppression claim. For each
hidden cell it computes the minimum and the maximum of that cell over all non-negative
tables that agree with every published cell, margin and identity: the linear relaxation
first, and the integer program wherever the relaxation's extreme lies at a fractional table
(see ``privacy/disclosure/README.md``), so the range is the one an attacker who knows that
counts are whole finds.
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

# How far from a whole number a solution value may lie and still count as whole.
INTEGRAL_TOLERANCE = 1e-7


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
    """The attacker's extreme of the cell: the LP's, or, where the LP reaches it only at a
    fractional table (identities across tables can do that), the integer program's, which
    an attacker who knows that counts are whole would solve."""
    solver.changeObjectiveSense(sense)
    _run(solver)
    value = _value(solver, sense)
    if math.isinf(value) or _integral(solver):
        return value  # an integral optimum of the relaxation is the integer optimum
    count = solver.getNumCol()
    columns = np.arange(count, dtype=np.int32)
    solver.changeColsIntegrality(count, columns, np.full(count, highspy.HighsVarType.kInteger))
    try:
        _run(solver)
        return _value(solver, sense)
    finally:
        continuous = np.full(count, highspy.HighsVarType.kContinuous)
        solver.changeColsIntegrality(count, columns, continuous)
        # Back to a plain LP: without this the next run starts from the MIP's state and
        # HiGHS answers "Unknown".
        solver.clearSolver()


def _run(solver: _Highs) -> None:
    """Solve; once more from scratch and without presolve when HiGHS gives no answer
    (status Unknown: seen on small degenerate models with identities, after presolve)."""
    solver.run()
    if solver.getModelStatus() == highspy.HighsModelStatus.kUnknown:
        solver.clearSolver()
        solver.setOptionValue("presolve", "off")
        try:
            solver.run()
        finally:
            solver.setOptionValue("presolve", "choose")


def _integral(solver: _Highs) -> bool:
    values = np.asarray(solver.getSolution().col_value)
    return bool(np.all(np.abs(values - np.round(values)) <= INTEGRAL_TOLERANCE))


def _value(solver: _Highs, sense: highspy.ObjSense) -> float:
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
