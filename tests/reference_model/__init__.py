"""The independent reference model of ``streams/DEFINITIONS.md`` (see README.md).

A plain batch recomputation of every figure from a list of decoded events, written apart
from ``streams/`` so that two readings of the definitions can be compared.
"""

from tests.reference_model.figures import (
    recompute,
    recompute_justice,
    recompute_providers,
    recompute_residents,
    rolling_28,
)

__all__ = [
    "recompute",
    "recompute_justice",
    "recompute_providers",
    "recompute_residents",
    "rolling_28",
]
