"""The attacker's program knows that counts are whole: where identities across tables make
the relaxation's extreme fractional, the range is the integer one (``attack.py``)."""

from privacy.disclosure.attack import feasible_intervals
from privacy.disclosure.cells import Cell, Table
from privacy.disclosure.constraints import Identity, build_system


def _table(name: str, count: int) -> Table:
    return Table.from_interior(name, ["care_function"], [Cell(name, ("C1",), count, 0)])


def test_an_identity_with_a_fractional_extreme_gives_the_integer_range() -> None:
    """2 x + y = 3 with x, y >= 0: the relaxation lets x reach 1.5, whole counts only 1."""
    x, y = ("placements", ("C1",)), ("discharges", ("C1",))
    identity = Identity(((x, 2), (y, 1)), 3)
    system = build_system([_table("placements", 1), _table("discharges", 1)], [identity])

    (interval,) = feasible_intervals(system, {}, [x]).values()

    assert (interval.low, interval.high) == (0, 1)


def test_margins_alone_keep_the_relaxations_range() -> None:
    """A one-dimensional table with its margin published: the range of a hidden cell is
    the margin minus the other published cells, whole already."""
    cells = [Cell("waiting", (f,), n, 0) for f, n in (("C1", 3), ("C2", 4))]
    table = Table.from_interior("waiting", ["care_function"], cells)
    system = build_system([table])

    ranges = feasible_intervals(system, {("waiting", ("*",)): 7}, [("waiting", ("C1",))])

    assert [(r.low, r.high) for r in ranges.values()] == [(0, 7)]
