"""From request to placement: registration, offer, refusals, intake, assignment, waiting.

New youths arrive as a Poisson process per home region and care function. Each step
takes an exponential delay (means in ``assumptions``); a youth not placed within their
patience withdraws. See the ``assumptions`` docstring for the path and its numbers.
"""

from collections.abc import Callable
from datetime import timedelta

from connectors.simulator import assumptions, references
from connectors.simulator.assumptions import CARE
from connectors.simulator.cases import AGES, care_sent, draw_framework
from connectors.simulator.clock import DAY, HOUR, MINUTE, local_date
from connectors.simulator.context import Context
from connectors.simulator.people import People, Youth
from connectors.simulator.placements import Placements
from connectors.simulator.state import Organisation, Request, Unit, organisation
from connectors.simulator.weighted import Weighted
from schemas.vocabulary import (
    AssignmentDecision,
    LegalFramework,
    Referrer,
    RemovalReason,
    WaitingStatus,
)

_REFERRERS = Weighted(assumptions.REFERRERS)
_REFUSAL_REASONS = Weighted(assumptions.REFUSAL_REASONS)
Step = Callable[[Request, float], None]


class WaitingList:
    def __init__(self, context: Context, people: People) -> None:
        self._rng = context.rng
        self._scheduler = context.scheduler
        self._reporter = context.reporter
        self._numbers = context.numbers
        self._world = context.world
        self._people = people
        self.placements = Placements(context, self._transfer)

    def open(self, now: float) -> None:
        """Start the arrival of new youths."""
        self._scheduler.at(now + self._next_arrival_in(), self._arrive)

    def _next_arrival_in(self) -> float:
        return self._rng.expovariate(self._world.arrivals_per_day) * DAY

    def _arrive(self, now: float) -> None:
        self._scheduler.at(now + self._next_arrival_in(), self._arrive)
        rng = self._rng
        region, function = self._world.arrivals.pick(rng)
        youth = self._people.new(region, AGES[function].pick(rng), now)
        framework = draw_framework(rng, function)
        if function == assumptions.CRISIS:
            self._crisis(youth, framework, now)
            return
        unit = self._world.route(rng, region, function)
        assert unit is not None  # without exclusions every route has a location
        deadline = now + rng.expovariate(1 / assumptions.PATIENCE_DAYS) * DAY
        request = self._register(
            youth,
            unit=unit,
            framework=framework,
            deadline=deadline,
            refused_by=frozenset(),
            urgent=False,
            now=now,
        )
        self._then(request, assumptions.OFFER_DAYS, self._offer, now)

    def already_waiting(
        self, youth: Youth, unit: Unit, registered: float, assigned: float, now: float
    ) -> None:
        """A youth registered and assigned before the run, waiting for a place at ``unit``.

        Part of the opening balance: both facts are reported within the first hours.
        """
        rng = self._rng
        reported = now + rng.uniform(0, assumptions.OPENING_REPORT_HOURS) * HOUR
        request = self._register(
            youth,
            unit=unit,
            framework=draw_framework(rng, unit.function),
            deadline=now + rng.expovariate(1 / assumptions.PATIENCE_DAYS) * DAY,
            refused_by=frozenset(),
            urgent=False,
            now=registered,
            reported=reported,
        )
        self._assignment(request, assigned, reported + rng.uniform(1, 30) * MINUTE)
        if not self.placements.admit(request, now):
            self._scheduler.at(request.deadline, lambda at: self._withdraw(request, at))

    def _crisis(self, youth: Youth, framework: LegalFramework | None, now: float) -> None:
        """Crisis care starts at once where there is room; the assignment follows."""
        rng, world = self._rng, self._world
        unit = world.route(rng, youth.region, assumptions.CRISIS)
        assert unit is not None
        deadline = now + rng.expovariate(1 / assumptions.CRISIS_PATIENCE_DAYS) * DAY
        request = self._register(
            youth,
            unit=unit,
            framework=framework,
            deadline=deadline,
            refused_by=frozenset(),
            urgent=False,
            now=now,
        )
        if self.placements.admit(request, now):
            later = now + rng.expovariate(1 / assumptions.CRISIS_ASSIGNMENT_DAYS) * DAY
            self._scheduler.at(later, lambda at: self._assignment(request, at))
        else:
            self._scheduler.at(deadline, lambda at: self._withdraw(request, at))

    def _transfer(
        self, youth: Youth, unit: Unit, framework: LegalFramework | None, at: float
    ) -> None:
        """Re-registration at the next provider after a placement ended: placed first."""

        def register(now: float) -> None:
            patience = self._rng.expovariate(1 / assumptions.TRANSFER_PATIENCE_DAYS) * DAY
            request = self._register(
                youth,
                unit=unit,
                framework=framework,
                deadline=now + patience,
                refused_by=frozenset(),
                urgent=True,
                now=now,
            )
            self._then(request, assumptions.TRANSFER_ASSIGNMENT_DAYS, self._assign, now)

        self._scheduler.at(at, register)

    def _register(
        self,
        youth: Youth,
        *,
        unit: Unit,
        framework: LegalFramework | None,
        deadline: float,
        refused_by: frozenset[str],
        urgent: bool,
        now: float,
        reported: float | None = None,
    ) -> Request:
        rng = self._rng
        registrant = unit.provider if framework is None else self._certified_institution(unit)
        request = Request(
            youth=youth,
            unit=unit,
            registrant=registrant,
            registration_ref=self._numbers.new(references.REGISTRATION, registrant),
            care=care_sent(unit, framework),
            framework=framework,
            deadline=deadline,
            urgent=urgent,
            refused_by=refused_by,
        )
        first, last = assumptions.REQUESTED_START_DAYS
        requested_start = local_date(now) + timedelta(days=rng.randint(first, last))
        self._reporter.person(
            "WaitingListRegistered",
            registrant,
            now,
            youth,
            care=request.care,
            registration_ref=request.registration_ref,
            details={
                "requested_start": requested_start.isoformat(),
                "referrer": self._referrer(framework).value,
            },
            reported=reported,
        )
        return request

    def _then(self, request: Request, mean_days: float, step: Step, now: float) -> None:
        """The next step after an exponential delay, or withdrawal if patience runs out."""
        at = now + self._rng.expovariate(1 / mean_days) * DAY
        if at >= request.deadline:
            self._scheduler.at(request.deadline, lambda moment: self._withdraw(request, moment))
        else:
            self._scheduler.at(at, lambda moment: step(request, moment))

    def _offer(self, request: Request, now: float) -> None:
        rng = self._rng
        if rng.random() < assumptions.OFFER_REPORTED:
            self._status(request, WaitingStatus.OFFER, now)
        if (
            len(request.refused_by) < assumptions.MAX_REFUSALS
            and rng.random() < CARE[request.unit.function].refusal_chance
        ):
            refused_by = request.refused_by | {request.unit.location.agb_code}
            elsewhere = self._world.route(
                rng, request.youth.region, request.unit.function, refused_by
            )
            if elsewhere is not None:

                def refuse(request: Request, at: float) -> None:
                    self._refuse(request, elsewhere, refused_by, at)

                self._then(request, assumptions.REFUSAL_DAYS, refuse, now)
                return
        self._then(request, assumptions.INTAKE_DAYS, self._intake, now)

    def _refuse(
        self, request: Request, elsewhere: Unit, refused_by: frozenset[str], now: float
    ) -> None:
        """The provider says no; the entry moves to another provider a few days later."""
        self._status(request, WaitingStatus.OFFER_REFUSED, now)
        self._remove(request, RemovalReason.REFERRED_ELSEWHERE, now)
        at = now + self._rng.expovariate(1 / assumptions.REREGISTRATION_DAYS) * DAY
        if at >= request.deadline:
            return  # the family gives up; the entry is already off the list

        def register(moment: float) -> None:
            again = self._register(
                request.youth,
                unit=elsewhere,
                framework=request.framework,
                deadline=request.deadline,
                refused_by=refused_by,
                urgent=False,
                now=moment,
            )
            self._then(again, assumptions.OFFER_DAYS, self._offer, moment)

        self._scheduler.at(at, register)

    def _intake(self, request: Request, now: float) -> None:
        if self._rng.random() < assumptions.INTAKE_REPORTED:
            self._status(request, WaitingStatus.INTAKE, now)
        self._then(request, assumptions.ASSIGNMENT_DAYS, self._assign, now)

    def _assign(self, request: Request, now: float) -> None:
        """The municipality grants the care; then the youth waits for a free place."""
        self._assignment(request, now)
        if not self.placements.admit(request, now):
            self._scheduler.at(request.deadline, lambda at: self._withdraw(request, at))

    def _assignment(self, request: Request, now: float, reported: float | None = None) -> None:
        municipality = organisation("MUNICIPALITY", request.youth.municipality)
        request.assignment_ref = self._numbers.new(references.ASSIGNMENT, municipality)
        valid_from = local_date(now)
        valid_until = valid_from + timedelta(days=assumptions.ASSIGNMENT_VALID_DAYS - 1)
        self._reporter.person(
            "AssignmentDecided",
            municipality,
            now,
            request.youth,
            care=request.care,
            assignment_ref=request.assignment_ref,
            registration_ref=request.registration_ref,
            details={
                "decision": AssignmentDecision.GRANTED.value,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
            },
            reported=reported,
        )

    def _withdraw(self, request: Request, now: float) -> None:
        if request.open:
            self._remove(request, RemovalReason.WITHDRAWN, now)

    def _remove(self, request: Request, reason: RemovalReason, now: float) -> None:
        """The registrant takes the entry off its list (placement removals: ``Placements``)."""
        request.open = False
        self._reporter.person(
            "WaitingListRemoved",
            request.registrant,
            now,
            request.youth,
            care=request.care,
            registration_ref=request.registration_ref,
            details={"reason": reason.value},
        )

    def _status(self, request: Request, status: WaitingStatus, now: float) -> None:
        details = {"status": status.value}
        if status == WaitingStatus.OFFER_REFUSED:
            details["refusal_reason"] = _REFUSAL_REASONS.pick(self._rng).value
        self._reporter.person(
            "WaitingListStatusChanged",
            request.unit.provider,
            now,
            request.youth,
            care=request.care,
            registration_ref=request.registration_ref,
            details=details,
        )

    def _referrer(self, framework: LegalFramework | None) -> Referrer:
        if framework is LegalFramework.YOUTH_PROBATION:
            return Referrer.JUSTICE
        if framework is LegalFramework.CHILD_PROTECTION_MEASURE:
            return Referrer.CERTIFIED_INSTITUTION
        return _REFERRERS.pick(self._rng)

    @staticmethod
    def _certified_institution(unit: Unit) -> Organisation:
        code = (
            assumptions.GI_FOR_LVB if unit.function == assumptions.LVB else assumptions.GI_OTHERWISE
        )
        return organisation("CERTIFIED_INSTITUTION", code)
