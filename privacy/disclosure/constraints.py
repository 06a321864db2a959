"""What a recipient knows about how the cells of one release hang together: linear equations.

Where it stands: between the egress's tables and the protection. Both the attacker's linear
program (``attack.py``) and the choice of secondary suppressions (``threshold.py``) read the
one ``LinearSystem`` built here, so a pattern is chosen against exactly the knowledge it is
verified against. See ``privacy/disclosure/README.md``.

Equations: each margin is the sum of its cells (``Table.margin_sums``), and every
``Identity`` the egress adds. A cell an identity names that is in no table of the release
(e.g. a figure the recipient got suppressed last time) is an unknown, non-negative variable.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from privacy.disclosure.cells import CellRef, Table
from privacy.disclosure.errors import DisclosureInputError


@dataclass(frozen=True)
class Identity:
    """sum(coefficient * cell) == constant, known to the recipient.

    Example: occupied_end - occupied_start = placements - discharges, with the previous
    release's published occupied_start folded into the constant."""

    terms: tuple[tuple[CellRef, int], ...]
    constant: int = 0

    @classmethod
    def equal(cls, first: CellRef, second: CellRef) -> "Identity":
        """Two cells of different tables that count the same youths (a shared margin)."""
        return cls(((first, 1), (second, -1)), 0)


@dataclass(frozen=True)
class Equation:
    coefficients: Mapping[int, int]  # variable index -> coefficient
    constant: int


@dataclass(frozen=True)
class LinearSystem:
    variables: tuple[CellRef, ...]
    index: Mapping[CellRef, int]
    equations: tuple[Equation, ...]

    def partners(self, ref: CellRef) -> set[CellRef]:
        """The cells that share an equation with ``ref``."""
        where = self.index[ref]
        found: set[CellRef] = set()
        for equation in self.equations:
            if where in equation.coefficients:
                found.update(self.variables[other] for other in equation.coefficients)
        found.discard(ref)
        return found


def build_system(tables: Iterable[Table], identities: Iterable[Identity] = ()) -> LinearSystem:
    """Every variable (cell) and equation (margin, identity) of one release."""
    tables = list(tables)
    names = [table.name for table in tables]
    if len(set(names)) != len(names):
        raise DisclosureInputError(names[0], "two tables of one release share a name")
    variables: list[CellRef] = [(t.name, coords) for t in tables for coords in t.cells]
    index = {ref: position for position, ref in enumerate(variables)}
    equations: list[Equation] = []
    for table in tables:
        for margin, parts in table.margin_sums():
            sums = {index[(table.name, part)]: 1 for part in parts}
            sums[index[(table.name, margin)]] = -1
            equations.append(Equation(sums, 0))
    for identity in identities:
        coefficients: dict[int, int] = {}
        for ref, coefficient in identity.terms:
            if ref not in index:
                index[ref] = len(variables)
                variables.append(ref)
            where = index[ref]
            coefficients[where] = coefficients.get(where, 0) + coefficient
        equations.append(Equation(coefficients, identity.constant))
    return LinearSystem(tuple(variables), index, tuple(equations))
