"""Threshold suppression, attacked: no small count shows, none can be recomputed or narrowed
below the protection width from everything the recipient gets."""

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy.disclosure.cells import Cell, ProtectedCell, Table
from privacy.disclosure.constraints import Identity
from privacy.disclosure.errors import InconsistentReleaseError, UnprotectableError
from privacy.disclosure.threshold import required_width, suppress
from privacy.regimes import regime
from privacy.regimes.model import ThresholdProtection
from tests.privacy.disclosure.scipy_attacker import Ref, attacker_ranges
from tests.privacy.disclosure.tables import sharing_tables, tables

THRESHOLD_REGIMES = ("municipality", "provider", "certified-institution")
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _protection(name: str) -> ThresholdProtection:
    protection = regime(name).protection
    assert isinstance(protection, ThresholdProtection)
    return protection


def _true_counts(release: Sequence[Table]) -> dict[Ref, int]:
    return {cell.ref: cell.count for table in release for cell in table.cells.values()}


def _assert_protected(
    published: list[ProtectedCell],
    release: Sequence[Table],
    protection: ThresholdProtection,
    identities: Sequence[tuple[dict[Ref, int], int]] = (),
) -> None:
    truth = _true_counts(release)
    assert {(cell.table, cell.coords) for cell in published} == set(truth)
    for cell in published:
        if cell.value is None:
            assert cell.status == "suppressed"
        else:
            assert cell.status == "exact"
            assert cell.value == truth[(cell.table, cell.coords)]
            assert not 0 < cell.value < protection.k, "a small count was published"
    for ref, (low, high) in attacker_ranges(published, identities).items():
        assert low <= truth[ref] + 1e-6 and truth[ref] <= high + 1e-6
        assert high - low + 1e-6 >= required_width(protection, truth[ref]), (ref, low, high)


def _assert_no_lone_suppression(published: list[ProtectedCell], table: Table) -> None:
    # Differencing: a row (fixed coordinates but one, with its margin) hiding exactly one cell.
    hidden = {cell.coords for cell in published if cell.table == table.name and cell.value is None}
    for axis in range(len(table.dimensions)):
        lines: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for coords in table.cells:
            lines.setdefault(coords[:axis] + coords[axis + 1 :], []).append(coords)
        for members in lines.values():
            assert sum(coords in hidden for coords in members) != 1, members


@pytest.mark.parametrize("name", THRESHOLD_REGIMES)
@SLOW
@given(data=st.data())
def test_one_table_leaves_no_small_or_recomputable_count(name: str, data: st.DataObject) -> None:
    protection = _protection(name)
    table = data.draw(tables())
    published = suppress([table], protection)
    _assert_protected(published, [table], protection)
    _assert_no_lone_suppression(published, table)


@SLOW
@given(pair=sharing_tables())
def test_tables_sharing_margins_are_attacked_together(pair: tuple[Table, Table]) -> None:
    protection = _protection("municipality")
    full, margins = pair
    identities = [
        Identity.equal(("discharges", (row, "*")), ("placements", (row,)))
        for row in margins.categories[0]
    ]
    published = suppress([full, margins], protection, identities)
    attacker = [
        ({first: 1, second: -1}, 0)
        for first, second in ((i.terms[0][0], i.terms[1][0]) for i in identities)
    ]
    _assert_protected(published, [full, margins], protection, attacker)


@SLOW
@given(start=tables(name="occupied_start", two_dimensional=False), data=st.data())
def test_an_identity_with_last_release_is_attacked_too(start: Table, data: st.DataObject) -> None:
    # occupied_end - occupied_start = placements - discharges per care function, with the
    # previous release's occupied_start as knowns: its published values fold into the
    # constant, its suppressed ones stay unknowns of the identity.
    protection = _protection("municipality")
    rows = start.categories[0]
    placements = Table.from_interior(
        "placements",
        ["care_function"],
        [Cell("placements", (r,), data.draw(st.integers(0, 12)), 1) for r in rows],
    )
    discharges = Table.from_interior(
        "discharges",
        ["care_function"],
        [
            Cell("discharges", (r,), data.draw(st.integers(0, start.cells[(r,)].count)), 2)
            for r in rows
        ],
    )
    end = Table.from_interior(
        "occupied",
        ["care_function"],
        [
            Cell(
                "occupied",
                (r,),
                start.cells[(r,)].count
                + placements.cells[(r,)].count
                - discharges.cells[(r,)].count,
                3,
            )
            for r in rows
        ],
    )
    previous = {(c.table, c.coords): c.value for c in suppress([start], protection)}
    identities, attacker = [], []
    for r in rows:
        terms = {("occupied", (r,)): 1, ("placements", (r,)): -1, ("discharges", (r,)): 1}
        constant = 0
        if previous[("occupied_start", (r,))] is None:
            terms[("occupied_start", (r,))] = -1
        else:
            constant = previous[("occupied_start", (r,))]
        identities.append(Identity(tuple(terms.items()), constant))
        attacker.append((terms, constant))
    release = [end, placements, discharges]
    published = suppress(release, protection, identities)
    truth = _true_counts([*release, start])
    hidden_before = [ref for ref, value in previous.items() if value is None]
    ranges = attacker_ranges(
        published + [ProtectedCell(t, c, None, "suppressed") for t, c in hidden_before], attacker
    )
    for ref, (low, high) in ranges.items():
        if ref[0] != "occupied_start":
            assert high - low + 1e-6 >= required_width(protection, truth[ref]), (ref, low, high)


def test_a_hidden_cell_and_its_margin_get_a_partner() -> None:
    # Hiding only the 3 would leave it as 30 - 15 - 12.
    cells = [Cell("waiting", (f,), n, 0) for f, n in (("C1", 3), ("C2", 15), ("C3", 12))]
    table = Table.from_interior("waiting", ["care_function"], cells)
    published = {c.coords: c.value for c in suppress([table], _protection("municipality"))}
    assert published[("C1",)] is None
    assert published[("C3",)] is None  # the cheapest partner that covers width 5
    assert published[("C2",)] == 15 and published[("*",)] == 30


def _small_table() -> Table:
    cells = [Cell("waiting", (f,), n, 0) for f, n in (("C1", 3), ("C2", 15), ("C3", 12))]
    return Table.from_interior("waiting", ["care_function"], cells)


def test_a_cell_an_identity_pins_down_stops_the_release() -> None:
    pinned = Identity(((("waiting", ("C1",)), 1),), 3)  # e.g. known from another release
    with pytest.raises(UnprotectableError, match=r"'waiting', cell \('C1',\)"):
        suppress([_small_table()], _protection("municipality"), [pinned])


def test_a_release_contradicting_its_identities_stops() -> None:
    wrong = Identity(((("waiting", ("C2",)), 1),), 14)  # the table says 15
    with pytest.raises(InconsistentReleaseError, match="contradicts"):
        suppress([_small_table()], _protection("municipality"), [wrong])
