"""Cell-key perturbation: stable under republication and overlap, never 1..js or negative,
and one record more does not show.

The guarantee tested (privacy/disclosure/README.md): record keys are uniform and secret, so
a cell's key is uniform whatever the recipient knows, and the published value of a count n
is distributed as the ptable's row n. For neighbouring counts n and n+1 (n >= 1) the
probability of any set of published values differs by at most a factor e^epsilon plus
delta, and the likelihood ratio of a value both can publish is at most `ratio`.
"""

import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.disclosure.cellkey import perturb
from privacy.disclosure.cells import KEY_MODULUS, Cell, Table
from privacy.disclosure.ptable import build_ptable, neighbour_profile
from privacy.regimes import regime
from privacy.regimes.model import CellKeyProtection
from tests.privacy.disclosure.tables import keys, sharing_tables, tables

CELL_KEY_REGIMES = ("region", "supra-regional")
GRID = 4000  # evenly spaced cell keys: the uniform key, exactly enough to see every row


def _protection(name: str) -> CellKeyProtection:
    protection = regime(name).protection
    assert isinstance(protection, CellKeyProtection)
    return protection


@pytest.mark.parametrize("name", CELL_KEY_REGIMES)
@settings(max_examples=60, deadline=None)
@given(table=tables(), seed=st.integers(0, 2**16))
def test_bounded_never_negative_never_one_to_js(name: str, table: Table, seed: int) -> None:
    protection = _protection(name)
    for cell in perturb([table], protection):
        assert cell.value is not None and cell.status == "perturbed"
        assert cell.value >= 0
        assert not 1 <= cell.value <= protection.js
        true = table.cells[cell.coords].count
        if true == 0:
            assert cell.value == 0
        if not (protection.additive_margins and "*" in cell.coords):
            assert abs(cell.value - true) <= protection.max_deviation
    # Republishing the same records, given in another order, gives the same values.
    shuffled = table.interior()
    random.Random(seed).shuffle(shuffled)
    again = Table.from_interior(table.name, table.dimensions, shuffled, table.categories)
    assert perturb([again], protection) == perturb([table], protection)


@settings(max_examples=60, deadline=None)
@given(pair=sharing_tables())
def test_the_same_cell_in_two_tables_gets_one_value(pair: tuple[Table, Table]) -> None:
    full, margins = pair
    values = {(c.table, c.coords): c.value for c in perturb([full, margins], _protection("region"))}
    for row in margins.categories[0]:
        assert values[("discharges", (row, "*"))] == values[("placements", (row,))]


@settings(max_examples=60, deadline=None)
@given(table=tables(two_dimensional=True))
def test_additive_margins_add_up(table: Table) -> None:
    values = {c.coords: c.value for c in perturb([table], _protection("supra-regional"))}
    for coords, value in values.items():
        assert value == sum(values[inner] or 0 for inner in table.summed(coords))


@pytest.mark.parametrize("name", CELL_KEY_REGIMES)
def test_ptable_rows_have_mean_zero_and_the_stated_variance(name: str) -> None:
    protection = _protection(name)
    ptable = build_ptable(protection.max_deviation, protection.variance, protection.js)
    for n, row in enumerate(ptable.rows):
        assert math.isclose(sum(row.probabilities), 1.0)
        assert all(p > 0 for p in row.probabilities)
        mean = sum(x * p for x, p in zip(row.perturbations, row.probabilities, strict=True))
        assert abs(mean) < 1e-9, n
    last = ptable.rows[-1]
    variance = sum(x * x * p for x, p in zip(last.perturbations, last.probabilities, strict=True))
    assert math.isclose(variance, protection.variance, rel_tol=1e-6)
    assert last.perturbations == tuple(
        range(-protection.max_deviation, protection.max_deviation + 1)
    )


def _published_distribution(ptable_args: tuple[int, float, int], n: int) -> dict[int, float]:
    # Drawn by the method itself over a uniform grid of cell keys, not read off the ptable.
    protection = CellKeyProtection(
        method="cell-key",
        max_deviation=ptable_args[0],
        variance=ptable_args[1],
        js=ptable_args[2],
        additive_margins=False,
    )
    cells = [
        Table.from_interior("t", ["k"], [Cell("t", ("a",), n, (i * KEY_MODULUS) // GRID)])
        for i in range(GRID)
    ]
    counted = Counter(c.value for c in perturb(cells, protection) if c.coords == ("a",))
    return {value: count / GRID for value, count in counted.items()}


@pytest.mark.parametrize("name", CELL_KEY_REGIMES)
def test_one_record_more_is_hidden_within_the_stated_bound(name: str) -> None:
    protection = _protection(name)
    args = (protection.max_deviation, protection.variance, protection.js)
    epsilon = math.log(3)
    profile = neighbour_profile(build_ptable(*args), epsilon, from_count=1)
    # The claim the README and the regime's summary make for counts of 1 and more.
    assert profile.ratio <= 4.5 and profile.delta <= 0.085
    for n in range(1, protection.max_deviation + protection.js + 4):
        without, with_record = (
            _published_distribution(args, n),
            _published_distribution(args, n + 1),
        )
        for first, second in ((without, with_record), (with_record, without)):
            excess = sum(
                max(0.0, p - math.exp(epsilon) * second.get(m, 0.0)) for m, p in first.items()
            )
            assert excess <= profile.delta + 2 / GRID
            shared = [p / second[m] for m, p in first.items() if m in second]
            assert max(shared) <= profile.ratio * (1 + 0.05)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 30), key=keys)
def test_the_published_difference_is_not_the_true_difference(n: int, key: int) -> None:
    # One dataset, and the same plus one record with a key the recipient does not know:
    # over that key the published difference takes several values, so seeing it does
    # not tell whether the record (a difference of 1) is there.
    protection = _protection("region")
    step = KEY_MODULUS // 400

    def after_adding(base_key: int) -> Counter[int | None]:
        return Counter(
            perturb(
                [
                    Table.from_interior(
                        "t", ["k"], [Cell("t", ("a",), n + 1, (base_key + r) % KEY_MODULUS)]
                    )
                ],
                protection,
            )[0].value
            for r in range(0, KEY_MODULUS, step)
        )

    base = perturb([Table.from_interior("t", ["k"], [Cell("t", ("a",), n, key)])], protection)[0]
    assert base.value is not None
    seen = after_adding(key)
    differences = {value - base.value for value in seen if value is not None}
    assert len(differences) >= 3
    # What the record does to the release does not depend on the cell it joined: with any
    # other cell key the published values after adding it are distributed alike (up to
    # the grid), namely as the ptable's row n + 1.
    other = after_adding(0)
    total_variation = sum(abs(seen[v] - other[v]) for v in seen | other) / (2 * sum(seen.values()))
    assert total_variation <= len(seen | other) / 400
