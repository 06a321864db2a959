"""Cell-key perturbation (the ABS TableBuilder and CBS census method).

Where it stands: the protection of the region and supra-regional regimes, whose daily
releases overlap. Every counted record carries a fixed random key in 0..2**32-1; a cell's
key is the sum of its records' keys modulo 2**32 (``Cell.cell_key``, supplied by the
aggregates). The published value is the true count plus the perturbation the table
(``ptable.py``) gives for that count at that key / 2**32. The same records therefore give
the same published value in every republication and in every table the cell appears in,
and a difference between two releases is not the true difference.

Margins: by default each margin is perturbed by its own cell key (the sum of its interior
keys), so margins are consistent across tables but need not equal the sum of the
published cells. With ``additive_margins`` the interior cells are perturbed and every
margin is the sum of the published interior cells: non-negative integers that add up, and
never in 1..js (a sum of zeros and values above js). See ``privacy/disclosure/README.md``.
"""

from collections.abc import Iterable

from privacy.disclosure.cells import KEY_MODULUS, TOTAL, ProtectedCell, Table
from privacy.disclosure.ptable import build_ptable
from privacy.regimes.model import CellKeyProtection


def perturb(tables: Iterable[Table], protection: CellKeyProtection) -> list[ProtectedCell]:
    ptable = build_ptable(protection.max_deviation, protection.variance, protection.js)
    published: list[ProtectedCell] = []
    for table in tables:
        values = {
            coords: ptable.publish(cell.count, cell.cell_key / KEY_MODULUS)
            for coords, cell in table.cells.items()
        }
        if protection.additive_margins:
            for coords in values:
                if TOTAL in coords:
                    values[coords] = sum(values[inner] for inner in table.summed(coords))
        published.extend(
            ProtectedCell(table.name, coords, value, "perturbed")
            for coords, value in values.items()
        )
    return published
