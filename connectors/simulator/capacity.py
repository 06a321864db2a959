"""Places: declared at the start, base availability agreed, closed and reopened now and then."""

from datetime import date

from connectors.simulator import assumptions
from connectors.simulator.clock import DAY
from connectors.simulator.context import Context
from connectors.simulator.placements import Placements
from connectors.simulator.state import Unit, organisation
from schemas.vocabulary import PlacesChange


class Capacity:
    def __init__(self, context: Context, placements: Placements) -> None:
        self._rng = context.rng
        self._scheduler = context.scheduler
        self._reporter = context.reporter
        self._world = context.world
        self._placements = placements

    def declare(self, day: date, now: float) -> None:
        """Every location declares its places from ``day``; the region of a location in the
        run agrees base availability for the essential functions."""
        valid_from = day.isoformat()
        for unit in self._world.units:
            location = unit.location
            self._reporter.capacity(
                "PlacesDeclared",
                unit.provider,
                now,
                location=location,
                function=unit.function,
                details={"places": unit.places, "valid_from": valid_from},
            )
            region = location.region_code
            if unit.function in assumptions.ESSENTIAL_FUNCTIONS and region in self._world.regions:
                places = max(1, int(unit.places * assumptions.BASE_AVAILABILITY_SHARE))
                self._reporter.capacity(
                    "BaseAvailabilityAgreed",
                    organisation("REGION", region),
                    now,
                    location=location,
                    function=unit.function,
                    details={"places": places, "agreed_by": region, "valid_from": valid_from},
                )
            self._schedule_closure(unit, now)

    def _schedule_closure(self, unit: Unit, now: float) -> None:
        at = now + self._rng.expovariate(1 / assumptions.CLOSURE_EVERY_DAYS) * DAY
        self._scheduler.at(at, lambda moment: self._close(unit, moment))

    def _close(self, unit: Unit, now: float) -> None:
        """A group closes a few places (staff shortage, renovation) for a while."""
        self._schedule_closure(unit, now)
        if unit.closed or unit.places < 3:
            return
        rng = self._rng
        closing = rng.randint(1, max(1, int(unit.places * assumptions.CLOSURE_MAX_SHARE)))
        unit.places -= closing
        unit.closed = closing
        self._changed(unit, PlacesChange.CLOSED, closing, now)
        shortest, longest = assumptions.CLOSURE_LENGTH_DAYS
        at = now + rng.uniform(shortest, longest) * DAY
        self._scheduler.at(at, lambda moment: self._reopen(unit, moment))

    def _reopen(self, unit: Unit, now: float) -> None:
        reopening, unit.closed = unit.closed, 0
        unit.places += reopening
        self._changed(unit, PlacesChange.OPENED, reopening, now)
        self._placements.fill(unit, now)

    def _changed(self, unit: Unit, change: PlacesChange, places: int, now: float) -> None:
        self._reporter.capacity(
            "PlacesChanged",
            unit.provider,
            now,
            location=unit.location,
            function=unit.function,
            details={"change": change.value, "places": places},
        )
