"""Differential privacy for the public regime: the epsilon OpenDP accounts for is the stated
one, the yearly budget cannot be overspent, and what leaves is non-negative integers."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import Cell, Table
from privacy.disclosure.differential import (
    epsilon_per_release,
    measurement,
    release,
    sensitivity,
)
from privacy.disclosure.errors import BudgetExhaustedError
from privacy.regimes import regime
from privacy.regimes.figures import Figure
from privacy.regimes.model import DifferentialPrivacyProtection
from tests.privacy.disclosure.tables import tables

FIGURES = ("occupied", "waiting", "placements", "discharges")


def _public() -> DifferentialPrivacyProtection:
    protection = regime("public").protection
    assert isinstance(protection, DifferentialPrivacyProtection)
    return protection


@settings(max_examples=50, deadline=None)
@given(
    epsilon=st.floats(0.1, 10),
    releases=st.sampled_from([12, 13, 52, 366]),
    bounds=st.lists(st.integers(1, 3), min_size=4, max_size=4),
)
def test_the_privacy_map_gives_the_stated_epsilon_per_release(
    epsilon: float, releases: int, bounds: list[int]
) -> None:
    protection = DifferentialPrivacyProtection(
        method="differential-privacy",
        epsilon_per_year=epsilon,
        releases_per_year=releases,
        mechanism="discrete-laplace",
        contributions=dict(zip(FIGURES, bounds, strict=True)),
    )
    release_tables = [
        Table.from_interior(f, ["care_function"], [Cell(f, ("C1",), 1, 0)]) for f in FIGURES
    ]
    delta = sensitivity(release_tables, protection)
    assert delta == sum(bounds)
    spent = float(measurement(delta, protection).map(delta))
    assert spent == pytest.approx(epsilon / releases, rel=1e-9)
    assert epsilon_per_release(protection) == epsilon / releases


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_one_youth_moves_the_interior_counts_by_at_most_the_sensitivity(
    data: st.DataObject,
) -> None:
    # A youth counted up to its bound per figure (the public regime's contributions): that
    # many interior cells of each table go up by one, so the L1 distance is at most the
    # sum of the bounds, which is the sensitivity.
    protection = _public()
    before = [data.draw(tables(name=f, two_dimensional=f == "discharges")) for f in FIGURES]
    after = []
    for table in before:
        bound = protection.contributions[Figure(table.name)]
        where = data.draw(
            st.lists(st.sampled_from([c.coords for c in table.interior()]), max_size=bound)
        )
        cells = [
            Cell(c.table, c.coords, c.count + where.count(c.coords), c.cell_key)
            for c in table.interior()
        ]
        after.append(Table.from_interior(table.name, table.dimensions, cells, table.categories))
    distance = sum(
        abs(a.cells[c.coords].count - c.count)
        for b, a in zip(before, after, strict=True)
        for c in b.interior()
    )
    assert distance <= sensitivity(before, protection) == 9


@settings(max_examples=30, deadline=None)
@given(table=tables(name="discharges"), year=st.integers(2026, 2030))
def test_the_release_is_non_negative_integers_whose_margins_add_up(table: Table, year: int) -> None:
    ledger = BudgetLedger(_public().epsilon_per_year)
    published = release([table], _public(), ledger, year)
    values = {c.coords: c.value for c in published}
    assert all(isinstance(v, int) and v >= 0 for v in values.values())
    assert all(c.status == "noisy" for c in published)
    for coords, value in values.items():
        assert value == sum(values[inner] or 0 for inner in table.summed(coords))
    assert ledger.spent(year) == pytest.approx(epsilon_per_release(_public()))


def test_the_ledger_refuses_the_release_after_a_spent_year() -> None:
    protection = _public()
    table = Table.from_interior("occupied", ["care_function"], [Cell("occupied", ("C1",), 40, 0)])
    ledger = BudgetLedger(protection.epsilon_per_year)
    for _ in range(protection.releases_per_year):
        release([table], protection, ledger, 2027)
    assert ledger.spent(2027) == pytest.approx(protection.epsilon_per_year)
    with pytest.raises(BudgetExhaustedError, match="privacy budget 2027"):
        release([table], protection, ledger, 2027)
    assert ledger.spent(2027) == pytest.approx(protection.epsilon_per_year)  # nothing charged
    release([table], protection, ledger, 2028)  # a new year, a new budget
    restored = BudgetLedger(protection.epsilon_per_year, ledger.snapshot())
    with pytest.raises(BudgetExhaustedError):
        restored.charge(2027, 1e-3)
