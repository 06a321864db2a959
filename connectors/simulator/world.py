"""The organisations of a run, the places they offer sized to the demand, and routing.

Every demo location offers places for the placement care functions it lists; how many
follows from the demand the routing sends it (see ``assumptions``), so at any scale and
for any set of regions occupancy stays near the places: waiting lists form where places
are scarce and neither explode nor never form.
"""

from dataclasses import dataclass
from random import Random

from connectors.simulator import assumptions
from connectors.simulator.assumptions import CARE
from connectors.simulator.state import Unit, organisation
from connectors.simulator.stays import expected
from connectors.simulator.weighted import Weighted
from schemas.reference import reference_data

YEAR_DAYS = 365.0


def inhabitants(region: str) -> float:
    """Approximate: the table in ``assumptions``, else the national mean per municipality."""
    mean = assumptions.NATIONAL_INHABITANTS / assumptions.NATIONAL_MUNICIPALITIES
    return sum(
        assumptions.INHABITANTS.get(m.code, mean)
        for m in reference_data().municipalities_in(region)
    )


def external_starts(function: str) -> float:
    """National starts a year that are no transfer from another placement.

    ``starts_per_year`` counts transfers in; the transfers into a function come from the
    other functions' endings, so the rest arrives from outside.
    """
    transferred = 0.0
    for source, profile in CARE.items():
        total = sum(weight for _, weight in profile.transfer_to)
        share = expected(source).transfer_share
        for target, weight in profile.transfer_to:
            if target == function:
                transferred += profile.starts_per_year * share * weight / total
    return CARE[function].starts_per_year - transferred


def reaching_assignment() -> float:
    """The share of new youths still waiting when the municipality assigns their care.

    Patience is exponential (memoryless), so each exponential step of mean ``m`` days is
    survived with chance 1 / (1 + m / patience); refusal detours are left out.
    """
    share = 1.0
    for mean_days in (assumptions.OFFER_DAYS, assumptions.INTAKE_DAYS, assumptions.ASSIGNMENT_DAYS):
        share /= 1 + mean_days / assumptions.PATIENCE_DAYS
    return share


@dataclass(frozen=True, slots=True)
class _Route:
    units: tuple[Unit, ...]
    weights: tuple[float, ...]  # preference by where the unit lies


class World:
    def __init__(self, regions: tuple[str, ...], scale: float) -> None:
        data = reference_data()
        self.regions = regions
        self._cooperation = {region.code: region.cooperation for region in data.regions()}
        shares = {r: inhabitants(r) / assumptions.NATIONAL_INHABITANTS for r in regions}
        self.units = tuple(
            Unit(
                location=location,
                function=function,
                places=0,
                expected_occupancy=0.0,
                provider=organisation("PROVIDER", location.agb_code),
            )
            for location in data.locations()
            # A deactivated organisation's submissions are refused: it gives no care here.
            if location.active and data.provider(location.agb_code).active
            for function in sorted(location.care_functions)
            if function in CARE
        )
        self._routes: dict[tuple[str, str], _Route] = {}
        homes: dict[Unit, list[tuple[str, float]]] = {unit: [] for unit in self.units}
        streams: list[tuple[tuple[str, str], float]] = []
        for function, profile in CARE.items():
            offering = tuple(unit for unit in self.units if unit.function == function)
            if not offering:
                continue
            for region in regions:
                weights = tuple(self._preference(region, u.location.region_code) for u in offering)
                self._routes[region, function] = _Route(offering, weights)
                starts_per_day = profile.starts_per_year * shares[region] * scale / YEAR_DAYS
                for unit, weight in zip(offering, weights, strict=True):
                    sent = starts_per_day * weight / sum(weights)
                    unit.expected_occupancy += sent * expected(function).stay_days
                    homes[unit].append((region, sent))
                arrivals = external_starts(function) * shares[region] * scale / YEAR_DAYS
                if function != assumptions.CRISIS:  # crisis care starts at once
                    arrivals /= reaching_assignment()
                streams.append(((region, function), arrivals))
        for unit in self.units:
            unit.places = max(1, round(unit.expected_occupancy / CARE[unit.function].utilisation))
        self._homes = {unit: Weighted(sent) for unit, sent in homes.items()}
        self.arrivals = Weighted(streams)  # (home region, care function) of a new youth
        self.arrivals_per_day = self.arrivals.total

    def route(
        self, rng: Random, region: str, function: str, exclude: frozenset[str] = frozenset()
    ) -> Unit | None:
        """Where a youth of ``region`` is registered, avoiding the providers in ``exclude``.

        Like a regional matching team: a location with a free place if there is one,
        else any; nearer locations weigh more. None when every provider is excluded.
        """
        route = self._routes[region, function]
        allowed = [
            (unit, weight)
            for unit, weight in zip(route.units, route.weights, strict=True)
            if unit.location.agb_code not in exclude
        ]
        with_room = [(unit, weight) for unit, weight in allowed if unit.has_room]
        candidates = with_room or allowed
        return Weighted(candidates).pick(rng) if candidates else None

    def home_for(self, rng: Random, unit: Unit) -> str:
        """The home region of a youth placed or waiting at ``unit`` when the run starts."""
        return self._homes[unit].pick(rng)

    def _preference(self, home: str, location_region: str) -> float:
        if home == location_region:
            return assumptions.SAME_REGION_WEIGHT
        cooperation = self._cooperation[home]
        if cooperation is not None and cooperation == self._cooperation[location_region]:
            return assumptions.SAME_COOPERATION_WEIGHT
        return assumptions.ELSEWHERE_WEIGHT
