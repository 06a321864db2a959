"""How long a placement lasts, and what that means on average for each care function.

The 18th birthday cuts many stays short (or stretches them into extended youth care),
and adults are never transferred, so the mean stay and the share of transfers differ
from the profile's raw numbers. Sizing places and arrivals by the raw numbers would let
occupancy drift away from the places; ``expected`` measures the real ones once by
simulating single stays with the same rules the run uses.
"""

from dataclasses import dataclass
from functools import cache
from random import Random

from connectors.simulator import assumptions
from connectors.simulator.assumptions import CARE
from connectors.simulator.cases import AGES
from connectors.simulator.clock import DAY

YEAR = 365.25 * DAY
_SAMPLES = 4000


def draw_stay(rng: Random, function: str, length_biased: bool = False) -> float:
    """A length of stay in seconds; ``length_biased``: that of a youth found in care at a
    given moment (gamma with shape + 1), when long stays are over-represented."""
    profile = CARE[function]
    shape = profile.stay_shape + 1 if length_biased else profile.stay_shape
    days = rng.gammavariate(shape, profile.mean_stay_days / profile.stay_shape)
    return max(days, assumptions.MIN_STAY_DAYS) * DAY


def planned_end(
    rng: Random, start: float, end: float, adult_at: float, extended_until: float
) -> tuple[float, bool]:
    """The end of a stay that may reach the 18th birthday; True when it ends there."""
    if start < adult_at < end:
        if rng.random() < assumptions.ENDS_AT_ADULTHOOD:
            return adult_at + rng.uniform(0, assumptions.ADULT_END_WITHIN_DAYS) * DAY, True
        return min(end, extended_until), False
    return end, False


def may_transfer(end: float, adult_at: float) -> bool:
    """Only minors move on to another placement: the next one starts before the 18th birthday."""
    return end + assumptions.TRANSFER_GAP_DAYS * DAY < adult_at


@dataclass(frozen=True, slots=True)
class Expected:
    stay_days: float  # mean length of stay, the 18th birthday taken into account
    transfer_share: float  # share of stays that end in a transfer


@cache
def expected(function: str) -> Expected:
    """Measured over simulated stays from the age profile (a fixed seed: the same always)."""
    rng = Random(f"stays:{function}")
    ages = AGES[function]
    transfer_chance = CARE[function].transfer_chance
    total_stay = transfers = 0.0
    for _ in range(_SAMPLES):
        adult_at = (assumptions.ADULT_AGE - ages.pick(rng) - rng.random()) * YEAR
        extended_until = (
            adult_at + (assumptions.EXTENDED_CARE_UNTIL_AGE - assumptions.ADULT_AGE) * YEAR
        )
        end, _ = planned_end(rng, 0.0, draw_stay(rng, function), adult_at, extended_until)
        total_stay += end
        if may_transfer(end, adult_at):
            transfers += transfer_chance
    return Expected(total_stay / _SAMPLES / DAY, transfers / _SAMPLES)
