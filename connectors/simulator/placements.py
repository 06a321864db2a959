"""Stays: a youth takes a free place, may be suspended for a while, and leaves.

A place is taken only while the location has room; otherwise the youth waits in the
location's queue (transfers first) until a discharge or a reopening frees one. At the
end a youth moves on to another provider (a transfer), leaves care at 18, or goes home
or elsewhere.
"""

from collections.abc import Callable
from typing import Any

from connectors.simulator import assumptions, references
from connectors.simulator.assumptions import CARE
from connectors.simulator.clock import DAY, HOUR, local_date
from connectors.simulator.context import Context
from connectors.simulator.people import Youth
from connectors.simulator.state import Placement, Request, Unit
from connectors.simulator.stays import draw_stay, may_transfer, planned_end
from connectors.simulator.weighted import Weighted
from schemas.vocabulary import Destination, LegalFramework, RemovalReason

# Called with the youth, the next location, the legal framework and when to register.
Transfer = Callable[[Youth, Unit, LegalFramework | None, float], None]

_END_REASONS = Weighted(assumptions.END_REASONS)
_DESTINATIONS = Weighted(assumptions.DESTINATIONS)
_ADULT_DESTINATIONS = Weighted(assumptions.ADULT_DESTINATIONS)


class Placements:
    def __init__(self, context: Context, transfer: Transfer) -> None:
        self._rng = context.rng
        self._scheduler = context.scheduler
        self._reporter = context.reporter
        self._numbers = context.numbers
        self._world = context.world
        self._transfer = transfer

    def admit(self, request: Request, now: float) -> bool:
        """Place the youth if the location has room, else queue; True when placed."""
        unit = request.unit
        if unit.has_room:
            self._start(request, now)
            return True
        (unit.urgent if request.urgent else unit.waiting).append(request)
        return False

    def fill(self, unit: Unit, now: float) -> None:
        """Give the free places of ``unit`` to the longest-waiting youths still waiting."""
        while unit.has_room:
            request = _next_waiting(unit)
            if request is None:
                return
            self._start(request, now)

    def resident(
        self,
        unit: Unit,
        *,
        youth: Youth,
        care: dict[str, Any],
        framework: LegalFramework | None,
        since: float,
        until: float,
        now: float,
    ) -> None:
        """A youth placed since ``since`` (before the run) until ``until``, reported now.

        Sources report who they house when they connect (the opening balance), within the
        first hours of the run, so the hub starts from real occupancy.
        """
        unit.occupied += 1
        placement = self._placement(unit, youth, care, framework)
        self._reporter.person(
            "PlacementStarted",
            unit.provider,
            since,
            youth,
            care=care,
            placement_ref=placement.placement_ref,
            reported=now + self._rng.uniform(0, assumptions.OPENING_REPORT_HOURS) * HOUR,
        )
        self._plan(placement, since, until, now)

    def _start(self, request: Request, now: float) -> None:
        unit, youth = request.unit, request.youth
        unit.occupied += 1
        request.open = False
        self._reporter.person(
            "WaitingListRemoved",
            unit.provider,
            now,
            youth,
            care=request.care,
            registration_ref=request.registration_ref,
            details={"reason": RemovalReason.PLACED.value},
        )
        placement = self._placement(unit, youth, request.care, request.framework)
        self._reporter.person(
            "PlacementStarted",
            unit.provider,
            now,
            youth,
            care=request.care,
            placement_ref=placement.placement_ref,
            assignment_ref=request.assignment_ref,
            registration_ref=request.registration_ref,
        )
        self._plan(placement, now, now + draw_stay(self._rng, unit.function), now)

    def _placement(
        self, unit: Unit, youth: Youth, care: dict[str, Any], framework: LegalFramework | None
    ) -> Placement:
        reference = self._numbers.new(references.PLACEMENT, unit.provider)
        return Placement(youth, unit, care, reference, framework)

    def _plan(self, placement: Placement, start: float, end: float, now: float) -> None:
        """Schedule the end (and a suspension); the 18th birthday may cut the stay short."""
        rng, youth = self._rng, placement.youth
        end, at_adulthood = planned_end(rng, start, end, youth.adult_at, youth.extended_care_until)
        end = max(end, now + HOUR)
        profile = CARE[placement.unit.function]
        if end - now > 2 * DAY and rng.random() < profile.suspension_chance:
            suspended = now + rng.uniform(0.1, 0.7) * (end - now)
            resumed = min(
                suspended + rng.expovariate(1 / assumptions.SUSPENSION_DAYS) * DAY, end - HOUR
            )
            if resumed > suspended:
                self._scheduler.at(
                    suspended, lambda at: self._report(placement, "PlacementSuspended", at)
                )
                self._scheduler.at(
                    resumed, lambda at: self._report(placement, "PlacementResumed", at)
                )
        self._scheduler.at(end, lambda at: self._end(placement, at_adulthood, at))

    def _report(
        self,
        placement: Placement,
        event_type: str,
        at: float,
        details: dict[str, Any] | None = None,
    ) -> None:
        self._reporter.person(
            event_type,
            placement.unit.provider,
            at,
            placement.youth,
            care=placement.care,
            placement_ref=placement.placement_ref,
            details=details,
        )

    def _end(self, placement: Placement, at_adulthood: bool, now: float) -> None:
        rng, unit, youth = self._rng, placement.unit, placement.youth
        unit.occupied -= 1
        destination: Destination | None
        if at_adulthood:
            (reason, code), destination = assumptions.ADULT_END, _ADULT_DESTINATIONS.pick(rng)
        elif (target := self._transfer_target(placement, now)) is not None:
            (reason, code), destination = assumptions.TRANSFER_END, Destination.ANOTHER_PLACEMENT
            gap = rng.uniform(0, assumptions.TRANSFER_GAP_DAYS) * DAY
            self._transfer(youth, target, placement.framework, now + gap)
        else:
            (reason, code), destination = _END_REASONS.pick(rng), _DESTINATIONS.pick(rng)
        details = {"end_reason": reason.value, "ijw_end_reason": code}
        if destination is not None:
            details["destination"] = destination.value
        self._report(placement, "PlacementEnded", now, details)
        self.fill(unit, now)

    def _transfer_target(self, placement: Placement, now: float) -> Unit | None:
        """Another provider's location for the next care function, if the youth moves on."""
        rng, youth, unit = self._rng, placement.youth, placement.unit
        profile = CARE[unit.function]
        if not may_transfer(now, youth.adult_at) or rng.random() >= profile.transfer_chance:
            return None
        age = youth.age_on(local_date(now))
        # Only care that takes youths of this age: no closed care for a five-year-old.
        suitable = [(f, w) for f, w in profile.transfer_to if CARE[f].ages[age] > 0]
        if not suitable:
            return None
        function = Weighted(suitable).pick(rng)
        exclude = frozenset({unit.location.agb_code})
        return self._world.route(rng, youth.region, function, exclude)


def _next_waiting(unit: Unit) -> Request | None:
    for queue in (unit.urgent, unit.waiting):
        while queue:
            request = queue.popleft()
            if request.open:
                return request
    return None
