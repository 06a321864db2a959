"""The one cell model every protection method reads and writes.

Where it stands: after the region figures are aggregated, before anything leaves the hub.
The egress builds ``Table``s of true person-derived counts (each cell with the sum of its
records' keys), the methods here turn them into ``ProtectedCell``s. Margins are derived
here, never passed in, so a table's margins always equal the sums of its cells.
See ``privacy/disclosure/README.md``.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Literal

from privacy.disclosure.errors import DisclosureInputError

TOTAL = "*"  # the coordinate of a margin: summed over that dimension
KEY_MODULUS = 2**32  # cell keys are sums of record keys modulo this (the ABS method)

CellRef = tuple[str, tuple[str, ...]]  # (table name, coords): a cell anywhere in a release
Status = Literal["exact", "perturbed", "suppressed", "noisy"]


@dataclass(frozen=True)
class Cell:
    """One person-derived count before protection."""

    table: str
    coords: tuple[str, ...]  # one category per dimension; TOTAL in margins
    count: int
    cell_key: int  # sum of the counted records' keys modulo KEY_MODULUS

    @property
    def ref(self) -> CellRef:
        return (self.table, self.coords)

    @property
    def is_margin(self) -> bool:
        return TOTAL in self.coords


@dataclass(frozen=True)
class ProtectedCell:
    """One published cell: ``value`` is None exactly when it is suppressed."""

    table: str
    coords: tuple[str, ...]
    value: int | None
    status: Status


@dataclass(frozen=True)
class Table:
    """A table of counts with all its margins: every subset of dimensions summed out."""

    name: str
    dimensions: tuple[str, ...]
    cells: Mapping[tuple[str, ...], Cell]
    categories: tuple[tuple[str, ...], ...]  # per dimension, in order

    @classmethod
    def from_interior(
        cls,
        name: str,
        dimensions: Sequence[str],
        interior: Iterable[Cell],
        categories: Sequence[Sequence[str]] | None = None,
    ) -> "Table":
        """Build the table from its interior cells; combinations not given count 0."""
        given: dict[tuple[str, ...], Cell] = {}
        for cell in interior:
            _check(name, len(dimensions), cell)
            if cell.coords in given:
                raise DisclosureInputError(name, f"cell {cell.coords} given twice")
            given[cell.coords] = cell
        levels = tuple(
            tuple(categories[axis])
            if categories is not None
            else tuple(sorted({coords[axis] for coords in given}))
            for axis in range(len(dimensions))
        )
        for coords in given:
            if any(coords[axis] not in levels[axis] for axis in range(len(dimensions))):
                raise DisclosureInputError(name, f"cell {coords} outside the categories")
        cells: dict[tuple[str, ...], Cell] = {}
        for coords in product(*((*level, TOTAL) for level in levels)):
            members = [
                given.get(inner, Cell(name, inner, 0, 0)) for inner in _under(coords, levels)
            ]
            count = sum(member.count for member in members)
            key = sum(member.cell_key for member in members) % KEY_MODULUS
            cells[coords] = Cell(name, coords, count, key)
        return cls(name, tuple(dimensions), cells, levels)

    def interior(self) -> list[Cell]:
        return [cell for cell in self.cells.values() if not cell.is_margin]

    def summed(self, coords: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The interior cells a margin (or, trivially, an interior cell) is the sum of."""
        return list(_under(coords, self.categories))

    def margin_sums(self) -> Iterator[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
        """Each margin cell with the cells it is the sum of (its first TOTAL spelled out).

        Together these equations imply every margin is the sum of its interior cells."""
        for coords in self.cells:
            if TOTAL in coords:
                axis = coords.index(TOTAL)
                parts = [
                    (*coords[:axis], level, *coords[axis + 1 :]) for level in self.categories[axis]
                ]
                yield coords, parts


def _under(
    coords: tuple[str, ...], levels: tuple[tuple[str, ...], ...]
) -> Iterator[tuple[str, ...]]:
    """The interior coords a (possibly margin) cell sums over."""
    return product(
        *(levels[axis] if part == TOTAL else (part,) for axis, part in enumerate(coords))
    )


def _check(table: str, arity: int, cell: Cell) -> None:
    if cell.table != table:
        raise DisclosureInputError(table, f"cell {cell.coords} belongs to table {cell.table!r}")
    if len(cell.coords) != arity:
        raise DisclosureInputError(
            table, f"cell {cell.coords} has not one coordinate per dimension"
        )
    if cell.is_margin:
        raise DisclosureInputError(table, f"cell {cell.coords}: margins are derived, not given")
    if cell.count < 0:
        raise DisclosureInputError(table, f"cell {cell.coords}: a count cannot be negative")
    if not 0 <= cell.cell_key < KEY_MODULUS:
        raise DisclosureInputError(table, f"cell {cell.coords}: cell key outside 0..2**32-1")
