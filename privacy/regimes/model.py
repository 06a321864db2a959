"""What one regime allows a recipient type: the validated form of a policy file.

Where it stands: before anything leaves the hub. The egress reads a ``Regime`` to decide
which tables a recipient gets, and ``privacy.disclosure.protect`` reads its ``protection``
to decide how their person-derived counts are protected. What each method guarantees:
``privacy/disclosure/README.md``.
"""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from privacy.regimes.figures import CAPACITY_FIGURES, PERCENTILE_FIGURES, Dimension, Figure

Text = Annotated[str, Field(min_length=1, pattern=r"\S")]

# How many releases a cadence makes in the longest year: a differential-privacy budget
# split over fewer releases than this would be overspent by the last ones.
RELEASES_PER_YEAR = {"daily": 366, "weekly": 53, "monthly": 12}


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scope(StrEnum):
    OWN_MUNICIPALITY = "own-municipality"
    OWN_REGION = "own-region"
    UTRECHT_FLEVOLAND = "utrecht-flevoland"
    OWN_PROVIDER = "own-provider"
    OWN_INSTITUTION = "own-institution"
    NATIONAL = "national"  # open statistics: no restriction to a recipient's own data


class ThresholdProtection(_Policy):
    """Counts 1..k-1 are suppressed, and as many others as keep them from being recomputed."""

    method: Literal["threshold"]
    k: int = Field(ge=2)
    # Every suppressed cell's range, as an attacker computes it from everything published,
    # is at least max(protection_width, protection_fraction * true value) wide.
    protection_width: int = Field(ge=1)
    protection_fraction: float = Field(ge=0, le=1)
    # Stated so the policy reads complete: without secondary suppression a suppressed cell
    # is its margin minus the published cells, so it cannot be switched off.
    secondary_suppression: Literal[True]


class CellKeyProtection(_Policy):
    """ABS/CBS cell-key perturbation with a perturbation table built from (D, V, js)."""

    method: Literal["cell-key"]
    max_deviation: int = Field(ge=1, le=10)  # D: |published - true| <= D
    variance: float = Field(gt=0)  # V: of the perturbation, where the row allows it
    js: int = Field(ge=0)  # no published value in 1..js
    # False: margins are perturbed by their own cell key (consistent across tables, but
    # they need not add up). True: margins are the sums of the published interior cells.
    additive_margins: bool

    @model_validator(mode="after")
    def _js_below_deviation(self) -> "CellKeyProtection":
        # A count n <= js must be able to publish 0, which needs n <= D.
        if self.js >= self.max_deviation:
            raise ValueError("js: must be below max_deviation (a count <= js must reach 0)")
        return self


class DifferentialPrivacyProtection(_Policy):
    """Discrete Laplace noise on every interior count; margins are sums of noisy counts."""

    method: Literal["differential-privacy"]
    epsilon_per_year: float = Field(gt=0, le=10)
    releases_per_year: int = Field(ge=1)
    mechanism: Literal["discrete-laplace"]
    # How often one youth can be counted in a figure within one release; the egress must
    # clip to it. The sum over a release's figures is the L1 sensitivity.
    contributions: dict[Figure, Annotated[int, Field(ge=1)]]


Protection = Annotated[
    ThresholdProtection | CellKeyProtection | DifferentialPrivacyProtection,
    Field(discriminator="method"),
]


class Regime(_Policy):
    name: Text
    summary: Text  # one sentence: the guarantee it gives (the README's regime table)
    recipient_type: Literal[
        "municipality", "region", "supra-regional", "provider", "certified-institution", "public"
    ]
    legal_basis: list[Text] = Field(min_length=1)
    purpose: Text  # what the audit trail carries for every access under this regime
    scope: Scope
    figures: list[Figure] = Field(min_length=1)
    dimensions: list[Dimension]
    capacity: bool  # the live, exact capacity figures (not personal data)
    protection: Protection
    cadence: Literal["daily", "weekly", "monthly"]
    justice_data: bool
    min_n_percentiles: int = Field(ge=1)
    flow_matrix_min_row: int = Field(ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Regime":
        if len(set(self.figures)) != len(self.figures):
            raise ValueError("figures: a figure is listed twice")
        if CAPACITY_FIGURES & set(self.figures):
            raise ValueError("figures: capacity figures are granted by `capacity`, not here")
        if self.justice_data and self.recipient_type != "certified-institution":
            raise ValueError("justice_data: only a certified institution may hold justice data")
        self._check_protection()
        return self

    def _check_protection(self) -> None:
        protection = self.protection
        if isinstance(protection, ThresholdProtection):
            if self.flow_matrix_min_row < protection.k:
                raise ValueError("flow_matrix_min_row: below the threshold k")
            if self.min_n_percentiles < protection.k:
                raise ValueError("min_n_percentiles: below the threshold k")
        if isinstance(protection, DifferentialPrivacyProtection):
            if protection.releases_per_year < RELEASES_PER_YEAR[self.cadence]:
                raise ValueError(
                    "protection.releases_per_year: fewer than the cadence makes in a year"
                )
            if PERCENTILE_FIGURES & set(self.figures):
                raise ValueError("figures: no differentially private median or p90 here")
            if set(protection.contributions) != set(self.figures):
                raise ValueError("protection.contributions: give a bound for every figure")
