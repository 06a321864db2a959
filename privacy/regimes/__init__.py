"""The egress regimes: one policy file per recipient type, validated at start."""

from privacy.regimes.loader import load_regimes, regime
from privacy.regimes.model import Regime

__all__ = ["Regime", "load_regimes", "regime"]
