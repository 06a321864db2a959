"""Threshold protection: small counts are suppressed, and enough others that none of them
can be recomputed from what is published.

Where it stands: the protection of the municipality, provider and certified-institution
regimes. Steps (see ``privacy/disclosure/README.md``):

1. Primary suppression: every cell (interior or margin) with a count of 1..k-1, and the
   cells the caller forces (a merged flow-matrix row below its minimum). 0 is published.
2. Verify: the attacker's LP (``attack.py``) over every table, margin and identity of the
   release computes each suppressed cell's feasible range.
3. Each cell whose range is narrower than its protection width gets a partner suppressed:
   the nearest published cell through the equations, the cheapest that can cover the width.
4. Back to 2 until every range is wide enough; only a verified pattern is returned.
"""

import math
from collections.abc import Iterable, Mapping

from privacy.disclosure.attack import Interval, feasible_intervals
from privacy.disclosure.cells import Cell, CellRef, ProtectedCell, Table
from privacy.disclosure.constraints import Identity, LinearSystem, build_system
from privacy.disclosure.errors import UnprotectableError
from privacy.regimes.model import ThresholdProtection

_TOLERANCE = 1e-6  # LP optima are floating point


def suppress(
    tables: Iterable[Table],
    protection: ThresholdProtection,
    identities: Iterable[Identity] = (),
    forced: Iterable[CellRef] = (),
) -> list[ProtectedCell]:
    """Every cell of ``tables``: exact, or suppressed in a pattern the attacker LP verified."""
    tables = list(tables)
    system = build_system(tables, identities)
    cells = {cell.ref: cell for table in tables for cell in table.cells.values()}
    # Step 1.
    hidden = {ref for ref, cell in cells.items() if 0 < cell.count < protection.k}
    hidden.update(forced)
    while True:
        # Step 2.
        published = {ref: cell.count for ref, cell in cells.items() if ref not in hidden}
        ranges = feasible_intervals(system, published, sorted(hidden))
        exposed = [
            ref for ref in sorted(hidden) if not _covered(ranges[ref], cells[ref], protection)
        ]
        if not exposed:
            break
        # Step 3. One partner per exposed cell, except where a partner hidden in this
        # round already shares an equation with it: that may cover it, and hiding more
        # at once would over-suppress.
        added: set[CellRef] = set()
        for ref in exposed:
            if added & system.partners(ref):
                continue
            partner = _cheapest_partner(system, cells, hidden, ref, protection)
            if partner is not None:
                hidden.add(partner)
                added.add(partner)
        if not added:
            raise UnprotectableError(*exposed[0])
    # Step 4: the loop leaves only with a verified pattern.
    return [
        ProtectedCell(ref[0], ref[1], None, "suppressed")
        if ref in hidden
        else ProtectedCell(ref[0], ref[1], cell.count, "exact")
        for ref, cell in cells.items()
    ]


def required_width(protection: ThresholdProtection, count: int) -> float:
    """How wide the attacker's range of a suppressed cell with this true count must be."""
    return max(protection.protection_width, math.ceil(protection.protection_fraction * count))


def _covered(interval: Interval, cell: Cell, protection: ThresholdProtection) -> bool:
    return interval.width + _TOLERANCE >= required_width(protection, cell.count)


def _cheapest_partner(
    system: LinearSystem,
    cells: Mapping[CellRef, Cell],
    hidden: set[CellRef],
    ref: CellRef,
    protection: ThresholdProtection,
) -> CellRef | None:
    # Nearest first: the cells sharing an equation with it, then theirs, and so on (a cell
    # can stay pinned through a chain of equations whose direct partners are all hidden).
    # Among the nearest, the cost is the information lost: a partner with a count of at
    # least the width can absorb the whole uncertainty in one step, so those come first,
    # the smallest of them first.
    width = required_width(protection, cells[ref].count)
    seen, frontier = {ref}, {ref}
    while frontier:
        frontier = {other for cell in frontier for other in system.partners(cell)} - seen
        seen |= frontier
        candidates = [other for other in frontier if other in cells and other not in hidden]
        if candidates:
            return min(
                candidates,
                key=lambda other: (cells[other].count < width, cells[other].count, other),
            )
    return None
