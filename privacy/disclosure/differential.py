"""Differential privacy for the public regime: discrete Laplace noise from OpenDP.

Where it stands: the protection of open statistics, released monthly. Steps:

1. Sensitivity. A youth may be counted at most ``contributions[figure]`` times in a
   figure per release (the egress clips to it), and each time in exactly one interior
   cell of each table of that figure. Noise goes on interior cells only, so one youth
   changes the vector of interior counts by at most the sum, over the release's tables,
   of their figure's bound: that sum is the L1 sensitivity.
2. Budget. epsilon per release = epsilon per year / releases per year; the ledger refuses
   the release when the year's budget would be exceeded.
3. Noise. OpenDP's Laplace measurement on integer vectors (the discrete Laplace) at scale
   sensitivity / epsilon per release; its privacy map at that sensitivity is the epsilon
   charged. OpenDP marks it "contrib" (not yet vetted by its committee), enabled here.
4. Post-processing (free under differential privacy): negative counts become 0, margins
   are the sums of the published interior cells, so everything adds up.

See ``privacy/disclosure/README.md``.
"""

from collections.abc import Sequence

import opendp.prelude as dp

from privacy.disclosure.budget import BudgetLedger
from privacy.disclosure.cells import ProtectedCell, Table
from privacy.disclosure.errors import DisclosureInputError
from privacy.regimes.model import DifferentialPrivacyProtection

dp.enable_features("contrib")


def sensitivity(tables: Sequence[Table], protection: DifferentialPrivacyProtection) -> int:
    """The L1 sensitivity of the release's interior counts to one youth (step 1)."""
    bounds = {str(figure): bound for figure, bound in protection.contributions.items()}
    for table in tables:
        if table.name not in bounds:
            raise DisclosureInputError(table.name, "no contribution bound in the regime")
    return sum(bounds[table.name] for table in tables)


def epsilon_per_release(protection: DifferentialPrivacyProtection) -> float:
    return protection.epsilon_per_year / protection.releases_per_year


def measurement(sensitivity: int, protection: DifferentialPrivacyProtection) -> dp.Measurement:
    """The OpenDP measurement of one release (step 3)."""
    return dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)),
        dp.l1_distance(T=int),
        scale=sensitivity / epsilon_per_release(protection),
    )


def release(
    tables: Sequence[Table],
    protection: DifferentialPrivacyProtection,
    ledger: BudgetLedger,
    year: int,
) -> list[ProtectedCell]:
    """Every cell of ``tables`` with noise; the ledger is charged before any noise is drawn."""
    bound = sensitivity(tables, protection)
    noise = measurement(bound, protection)
    # Step 2. (OpenDP's map is untyped; it returns the epsilon of the measurement.)
    ledger.charge(year, float(noise.map(bound)))  # type: ignore[no-untyped-call]
    # Step 3: one measurement over every interior count of the release.
    interior = [cell for table in tables for cell in table.interior()]
    noisy = noise([cell.count for cell in interior]) if interior else []
    values = {cell.ref: max(0, int(value)) for cell, value in zip(interior, noisy, strict=True)}
    published: list[ProtectedCell] = []
    for table in tables:
        for coords in table.cells:
            value = values.get((table.name, coords))
            if value is None:  # a margin (step 4)
                value = sum(values[(table.name, inner)] for inner in table.summed(coords))
            published.append(ProtectedCell(table.name, coords, value, "noisy"))
    return published
