"""What a new case of care is: under which law, contracted or not, and its ``care`` part."""

from random import Random
from typing import Any

from connectors.simulator import assumptions
from connectors.simulator.assumptions import CARE
from connectors.simulator.state import Unit
from connectors.simulator.weighted import Weighted
from schemas.vocabulary import LegalFramework

# Weights of the ages 0..17 at registration, per care function.
AGES = {function: Weighted(enumerate(profile.ages)) for function, profile in CARE.items()}


def draw_framework(rng: Random, function: str) -> LegalFramework | None:
    """A measure or youth probation for some youths; None: voluntary care."""
    profile = CARE[function]
    if rng.random() >= profile.justice_share:
        return None
    if rng.random() < profile.probation_share:
        return LegalFramework.YOUTH_PROBATION
    return LegalFramework.CHILD_PROTECTION_MEASURE


def care_sent(
    rng: Random, unit: Unit, framework: LegalFramework | None, near_home: bool
) -> dict[str, Any]:
    """The ``care`` of every record about this case; care outside the home region's
    cooperation (``near_home`` False) is often not bought under a regional contract."""
    non_contracted = (
        assumptions.NON_CONTRACTED_INSIDE if near_home else assumptions.NON_CONTRACTED_OUTSIDE
    )
    care: dict[str, Any] = {
        "care_function": unit.function,
        "provider_agb": unit.location.agb_code,
        "provider_location": unit.location.location_code,
        "contracted": rng.random() >= non_contracted,
    }
    if framework is not None:
        care["legal_framework"] = framework.value
    return care
