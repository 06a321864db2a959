"""protect(): each shipped regime's method, the flow-matrix merge, percentiles from min n."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import Cell, Table
from privacy.disclosure.errors import DisclosureInputError
from privacy.disclosure.flow_matrix import OTHER_REGIONS
from privacy.disclosure.percentiles import Percentile
from privacy.disclosure.protect import protect
from privacy.disclosure.threshold import required_width
from privacy.regimes import load_regimes, regime
from privacy.regimes.model import ThresholdProtection
from tests.privacy.disclosure.scipy_attacker import attacker_ranges
from tests.privacy.disclosure.tables import keys

REGIONS = ("eemland", "flevoland", "lekstroom", "utrecht-stad", "utrecht-west", "zuid-oost-utrecht")
STATUS = {
    "threshold": {"exact", "suppressed"},
    "cell-key": {"perturbed"},
    "differential-privacy": {"noisy"},
}


def _waiting() -> Table:
    cells = [Cell("waiting", (f,), n, 7 * n) for f, n in (("C1", 2), ("C2", 25), ("C3", 14))]
    return Table.from_interior("waiting", ["care_function"], cells)


@pytest.mark.parametrize("name", sorted(load_regimes()))
def test_every_regime_protects_by_its_own_method(name: str) -> None:
    chosen = regime(name)
    published = protect(chosen, [_waiting()], ledger=BudgetLedger(10.0), year=2027)
    assert {c.status for c in published} <= STATUS[chosen.protection.method]
    assert {c.coords for c in published} == set(_waiting().cells)
    if chosen.protection.method == "threshold":
        assert next(c for c in published if c.coords == ("C1",)).value is None


def test_a_figure_or_dimension_the_regime_does_not_grant_is_refused() -> None:
    refusals = Table.from_interior(
        "refusals", ["care_function"], [Cell("refusals", ("C1",), 30, 0)]
    )
    with pytest.raises(DisclosureInputError, match="not granted by regime 'municipality'"):
        protect(regime("municipality"), [refusals])
    by_region = Table.from_interior(
        "waiting", ["home_region"], [Cell("waiting", ("eemland",), 30, 0)]
    )
    with pytest.raises(DisclosureInputError, match=r"dimensions \['home_region'\]"):
        protect(regime("public"), [by_region], ledger=BudgetLedger(4.0), year=2027)


def test_the_public_release_needs_its_ledger() -> None:
    with pytest.raises(DisclosureInputError, match="ledger"):
        protect(regime("public"), [_waiting()])


@pytest.mark.parametrize("name", ["region", "municipality"])
def test_medians_appear_only_from_the_minimum_n(name: str) -> None:
    chosen = regime(name)
    items = [
        Percentile("waiting_days_median", ("C1",), 37.4, chosen.min_n_percentiles),
        Percentile("waiting_days_p90", ("C1",), 80.0, chosen.min_n_percentiles - 1),
        Percentile("waiting_days_median", ("C2",), 5.0, 1),
    ]
    published = protect(chosen, [], percentiles=items)
    assert [(c.value, c.status) for c in published] == [
        (37, "exact"),
        (None, "suppressed"),
        (None, "suppressed"),
    ]


@settings(max_examples=40, deadline=None)
@given(stays=st.lists(st.integers(0, 30), min_size=len(REGIONS), max_size=len(REGIONS)), key=keys)
def test_small_flow_rows_merge_and_a_small_merged_row_stays_hidden(
    stays: list[int], key: int
) -> None:
    chosen = regime("municipality")  # threshold: the attack is exact
    protection = chosen.protection
    assert isinstance(protection, ThresholdProtection)
    cells = [Cell("inter_regional_in", (r,), n, key) for r, n in zip(REGIONS, stays, strict=True)]
    table = Table.from_interior("inter_regional_in", ["home_region"], cells)
    chosen = chosen.model_copy(
        update={"figures": ["inter_regional_in"], "dimensions": ["home_region"]}
    )
    published = protect(chosen, [table])
    rows = {c.coords[0]: c for c in published}
    small = [n for n, r in zip(stays, REGIONS, strict=True) if n < chosen.flow_matrix_min_row]
    for region, n in zip(REGIONS, stays, strict=True):
        assert (region in rows) == (n >= chosen.flow_matrix_min_row)
    assert (OTHER_REGIONS in rows) == bool(small)
    if small and 0 < sum(small) < chosen.flow_matrix_min_row:
        assert rows[OTHER_REGIONS].value is None
    truth = {r: n for r, n in zip(REGIONS, stays, strict=True) if n >= chosen.flow_matrix_min_row}
    truth[OTHER_REGIONS] = sum(small)
    truth["*"] = sum(stays)
    for (_, coords), (low, high) in attacker_ranges(published).items():
        assert high - low + 1e-6 >= required_width(protection, truth[coords[0]])
