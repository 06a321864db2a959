"""Hypothesis strategies for release tables: 1-D and 2-D, with small counts (the hard case).

Counts lean to 0..3, as daily and municipal cells do, with some large enough to publish.
"""

from hypothesis import strategies as st

from privacy.disclosure.cells import KEY_MODULUS, Cell, Table

CARE_FUNCTIONS = ("C1", "C2", "C3", "C4")
DESTINATIONS = ("home", "foster", "other")

counts = st.one_of(st.integers(0, 3), st.integers(0, 40))
keys = st.integers(0, KEY_MODULUS - 1)


@st.composite
def tables(draw: st.DrawFn, name: str = "waiting", two_dimensional: bool | None = None) -> Table:
    two = draw(st.booleans()) if two_dimensional is None else two_dimensional
    rows = CARE_FUNCTIONS[: draw(st.integers(1 if not two else 2, len(CARE_FUNCTIONS)))]
    if not two:
        interior = [Cell(name, (row,), draw(counts), draw(keys)) for row in rows]
        return Table.from_interior(name, ["care_function"], interior)
    columns = DESTINATIONS[: draw(st.integers(2, len(DESTINATIONS)))]
    interior = [
        Cell(name, (row, column), draw(counts), draw(keys)) for row in rows for column in columns
    ]
    return Table.from_interior(name, ["care_function", "destination"], interior)


@st.composite
def sharing_tables(draw: st.DrawFn) -> tuple[Table, Table]:
    """A 2-D table and a 1-D table of its row margins, from the same records."""
    full = draw(tables(name="discharges", two_dimensional=True))
    rows = full.categories[0]
    margins = [
        Cell("placements", (row,), full.cells[(row, "*")].count, full.cells[(row, "*")].cell_key)
        for row in rows
    ]
    return full, Table.from_interior("placements", ["care_function"], margins)
