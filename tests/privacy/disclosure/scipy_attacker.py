"""The tests' own attacker: scipy's linprog over what a recipient sees, written from the
published cells alone (no code shared with privacy/disclosure/constraints.py or attack.py).

Knowledge: every cell >= 0; every published cell's value; every margin cell equals the sum
of the interior cells it covers (read off the coordinates: "*" matches every category);
each identity (coefficient per (table, coords), constant).
"""

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog

from privacy.disclosure.cells import ProtectedCell

Ref = tuple[str, tuple[str, ...]]


def attacker_ranges(
    published: Sequence[ProtectedCell],
    identities: Sequence[tuple[dict[Ref, int], int]] = (),
) -> dict[Ref, tuple[float, float]]:
    refs: list[Ref] = [(cell.table, cell.coords) for cell in published]
    for terms, _ in identities:
        refs.extend(ref for ref in terms if ref not in refs)
    column = {ref: position for position, ref in enumerate(refs)}
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    interior = [ref for ref in refs if "*" not in ref[1]]
    for table, coords in refs:
        if "*" in coords:
            row = np.zeros(len(refs))
            row[column[(table, coords)]] = -1
            for other_table, other in interior:
                if other_table == table and all(
                    part in ("*", level) for part, level in zip(coords, other, strict=True)
                ):
                    row[column[(other_table, other)]] = 1
            rows.append(row)
            rhs.append(0)
    for terms, constant in identities:
        row = np.zeros(len(refs))
        for ref, coefficient in terms.items():
            row[column[ref]] += coefficient
        rows.append(row)
        rhs.append(constant)
    bounds = [(0.0, None)] * len(refs)
    for cell in published:
        if cell.value is not None:
            bounds[column[(cell.table, cell.coords)]] = (cell.value, cell.value)
    ranges: dict[Ref, tuple[float, float]] = {}
    for cell in published:
        if cell.value is None:
            ref = (cell.table, cell.coords)
            ranges[ref] = (
                _extreme(rows, rhs, bounds, column[ref], 1.0),
                -_extreme(rows, rhs, bounds, column[ref], -1.0),
            )
    return ranges


def _extreme(
    rows: list[np.ndarray],
    rhs: list[float],
    bounds: list[tuple[float, float | None]],
    at: int,
    sign: float,
) -> float:
    cost = np.zeros(len(bounds))
    cost[at] = sign
    result = linprog(
        cost, A_eq=np.array(rows) if rows else None, b_eq=rhs or None, bounds=bounds, method="highs"
    )
    if result.status == 3:  # unbounded
        return -math.inf
    assert result.status == 0, result.message
    return float(result.fun)
