"""Medians and 90th percentiles of waiting days: published only from a minimum n.

Where it stands: beside the counts of every regime that may see waiting times. A median
of one or two youths is one child's exact wait, so below the regime's
``min_n_percentiles`` the cell is withheld (status suppressed). Whole days only.
See ``privacy/disclosure/README.md``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from privacy.disclosure.cells import ProtectedCell


@dataclass(frozen=True)
class Percentile:
    table: str  # waiting_days_median or waiting_days_p90
    coords: tuple[str, ...]
    value: float  # days
    n: int  # how many youths it is computed over


def publish_percentiles(percentiles: Iterable[Percentile], min_n: int) -> list[ProtectedCell]:
    return [
        ProtectedCell(item.table, item.coords, round(item.value), "exact")
        if item.n >= min_n
        else ProtectedCell(item.table, item.coords, None, "suppressed")
        for item in percentiles
    ]
