"""The inter-regional flow matrix: small rows merge into "other regions".

Where it stands: before the regime's method protects the flow tables. A row (a home region
of youths placed here, or a provider region where own youths stay) with fewer than the
regime's ``flow_matrix_min_row`` open stays would show where a handful of children are;
such rows merge into one row, ``OTHER_REGIONS``. If that row is still below the minimum it
is suppressed, and the regime's method keeps it so: threshold suppression treats it as a
primary suppression and hides partners until it cannot be recomputed.
See ``privacy/disclosure/README.md``.
"""

from privacy.disclosure.cells import KEY_MODULUS, TOTAL, Cell, CellRef, Table
from privacy.regimes.figures import Dimension, Figure

OTHER_REGIONS = "other-regions"

# Which dimension is the matrix row of each flow figure.
ROW_DIMENSION = {
    Figure.INTER_REGIONAL_IN: Dimension.HOME_REGION,
    Figure.INTER_REGIONAL_OUT: Dimension.PROVIDER_REGION,
}


def merge_small_rows(table: Table, min_row: int) -> tuple[Table, frozenset[CellRef]]:
    """The table with small rows merged, and the cells to suppress (the merged row's)."""
    axis = table.dimensions.index(ROW_DIMENSION[Figure(table.name)])
    row_total = {
        level: table.cells[_row_margin(table, axis, level)].count
        for level in table.categories[axis]
    }
    small = {level for level, total in row_total.items() if total < min_row}
    if not small:
        return table, frozenset()
    merged: dict[tuple[str, ...], tuple[int, int]] = {}
    for cell in table.interior():
        coords = cell.coords
        if coords[axis] in small:
            coords = (*coords[:axis], OTHER_REGIONS, *coords[axis + 1 :])
        count, key = merged.get(coords, (0, 0))
        merged[coords] = (count + cell.count, (key + cell.cell_key) % KEY_MODULUS)
    levels = list(table.categories)
    levels[axis] = (*(level for level in levels[axis] if level not in small), OTHER_REGIONS)
    result = Table.from_interior(
        table.name,
        table.dimensions,
        [Cell(table.name, coords, count, key) for coords, (count, key) in merged.items()],
        levels,
    )
    other_total = sum(row_total[level] for level in small)
    if other_total == 0 or other_total >= min_row:
        return result, frozenset()
    hidden = frozenset(
        (table.name, coords) for coords in result.cells if coords[axis] == OTHER_REGIONS
    )
    return result, hidden


def _row_margin(table: Table, axis: int, level: str) -> tuple[str, ...]:
    return tuple(level if position == axis else TOTAL for position in range(len(table.dimensions)))
