"""The one entry point of disclosure control: a recipient's release under its regime.

Where it stands: the egress has built, for one recipient and one release, tables of true
person-derived counts (after removing justice data where the regime forbids it); what
``protect`` returns is all that may leave. Steps:

1. Refuse a table the regime does not grant (figure or dimension).
2. Merge small flow-matrix rows (``flow_matrix.py``); a merged row still too small is
   suppressed.
3. Protect the counts by the regime's method: threshold with secondary suppression,
   cell-key perturbation, or differential privacy (``threshold.py``, ``cellkey.py``,
   ``differential.py``).
4. Withhold medians and p90s below the regime's minimum n (``percentiles.py``).

Identities are what the recipient can add up across tables and releases; only threshold
suppression needs them (perturbation and noise do not rest on what is hidden).
See ``privacy/disclosure/README.md``.
"""

from collections.abc import Iterable, Sequence

from privacy.disclosure import cellkey, differential, threshold
from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import CellRef, ProtectedCell, Table
from privacy.disclosure.constraints import Identity
from privacy.disclosure.errors import DisclosureInputError
from privacy.disclosure.flow_matrix import ROW_DIMENSION, merge_small_rows
from privacy.disclosure.percentiles import Percentile, publish_percentiles
from privacy.regimes.model import (
    CellKeyProtection,
    DifferentialPrivacyProtection,
    Regime,
    ThresholdProtection,
)


def protect(
    regime: Regime,
    tables: Sequence[Table],
    *,
    identities: Iterable[Identity] = (),
    percentiles: Iterable[Percentile] = (),
    ledger: BudgetLedger | None = None,
    year: int | None = None,
) -> list[ProtectedCell]:
    """Every cell that may leave in this release, protected by ``regime``'s method."""
    percentiles = list(percentiles)
    # Step 1.
    for name, dimensions in [(t.name, t.dimensions) for t in tables] + [
        (p.table, ()) for p in percentiles
    ]:
        _check_granted(regime, name, dimensions)
    # Step 2.
    merged: list[Table] = []
    forced: set[CellRef] = set()
    for table in tables:
        if table.name in ROW_DIMENSION:
            rows_merged, hidden = merge_small_rows(table, regime.flow_matrix_min_row)
            merged.append(rows_merged)
            forced |= hidden
        else:
            merged.append(table)
    # Step 3.
    protection = regime.protection
    if isinstance(protection, ThresholdProtection):
        published = threshold.suppress(merged, protection, identities, forced)
    elif isinstance(protection, CellKeyProtection):
        published = _hide(cellkey.perturb(merged, protection), forced)
    else:
        published = _hide(_noisy(merged, protection, ledger, year), forced)
    # Step 4.
    return published + publish_percentiles(percentiles, regime.min_n_percentiles)


def _check_granted(regime: Regime, name: str, dimensions: Sequence[str]) -> None:
    if name not in regime.figures:
        raise DisclosureInputError(name, f"figure not granted by regime {regime.name!r}")
    beyond = set(dimensions) - set(regime.dimensions)
    if beyond:
        raise DisclosureInputError(
            name, f"dimensions {sorted(beyond)} not granted by regime {regime.name!r}"
        )


def _noisy(
    tables: Sequence[Table],
    protection: DifferentialPrivacyProtection,
    ledger: BudgetLedger | None,
    year: int | None,
) -> list[ProtectedCell]:
    if ledger is None or year is None:
        raise DisclosureInputError(
            "(release)", "a differentially private release needs the ledger and its year"
        )
    return differential.release(tables, protection, ledger, year)


def _hide(cells: list[ProtectedCell], forced: set[CellRef]) -> list[ProtectedCell]:
    return [
        ProtectedCell(cell.table, cell.coords, None, "suppressed")
        if (cell.table, cell.coords) in forced
        else cell
        for cell in cells
    ]
