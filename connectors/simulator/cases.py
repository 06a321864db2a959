"""What a new case of care is: under which law, and its ``care`` part.

Whether the care is contracted is not the sender's to say: the edge looks it up in the
registry's contracts (the demo's are in ``registry/demo/contracts.csv``).
"""

from random import Random
from typing import Any

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


def care_sent(unit: Unit, framework: LegalFramework | None) -> dict[str, Any]:
    """The ``care`` of every record about this case."""
    care: dict[str, Any] = {
        "care_function": unit.function,
        "provider_agb": unit.location.agb_code,
        "provider_location": unit.location.location_code,
    }
    if framework is not None:
        care["legal_framework"] = framework.value
    return care
