"""What can stop a release: tables the egress built wrongly, a pattern that cannot be
protected, or a privacy budget that is spent. Messages name tables, cells (category codes,
not persons) and regimes, never a count."""

from jeugdhub.errors import JeugdhubError


class DisclosureInputError(JeugdhubError):
    """The egress passed a table or identity that does not fit the cell model."""

    def __init__(self, table: str, reason: str) -> None:
        self.table = table
        super().__init__(f"table {table!r}: {reason} (a bug in the egress's table building)")


class UnprotectableError(JeugdhubError):
    """A suppressed cell stays recomputable even with everything else suppressed."""

    def __init__(self, table: str, coords: tuple[str, ...]) -> None:
        super().__init__(
            f"table {table!r}, cell {coords}: an identity pins this cell down whatever is "
            "suppressed; leave that identity's figures out of this release"
        )


class BudgetExhaustedError(JeugdhubError):
    """A differentially private release would spend more than the year's epsilon."""

    def __init__(self, year: int, spent: float, asked: float, budget: float) -> None:
        super().__init__(
            f"privacy budget {year}: {spent:.4f} of {budget:.4f} spent, this release needs "
            f"{asked:.4f}; no further public release this year (raise the regime's "
            "epsilon_per_year only by a decision of the privacy officer)"
        )


class InconsistentReleaseError(JeugdhubError):
    """The attacker LP found no table matching the release: its counts contradict its own
    margins or identities, so it cannot be verified and must not leave."""

    def __init__(self, solver_status: str) -> None:
        super().__init__(
            f"the release contradicts its own margins or identities (attacker LP: "
            f"{solver_status}); check the identities the egress adds"
        )
