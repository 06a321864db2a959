"""The opening balance: who is in care and who waits for a place when the run starts.

Sources report what they hold when they connect, within the first hours of the run, so
the hub starts near steady state instead of from empty locations.

Each location starts at its expected occupancy (at most its places). For youths in care
at a given moment, long stays are over-represented (a stay of two years is twice as
likely to be caught as one of one year), so their stay comes from the length-biased
distribution and the moment falls uniformly within it. Each non-crisis location also
starts with the youths that steady state would have between registration and assignment
(Little's law: starts per day x the mean days of that path), already assigned, so the
first discharges are followed by placements as they would be later on.
"""

from connectors.simulator import assumptions
from connectors.simulator.cases import AGES, care_sent, draw_framework
from connectors.simulator.clock import DAY, midnight
from connectors.simulator.context import Context
from connectors.simulator.people import People
from connectors.simulator.state import Unit
from connectors.simulator.stays import draw_stay, expected
from connectors.simulator.waiting_list import WaitingList

PATH_DAYS = assumptions.OFFER_DAYS + assumptions.INTAKE_DAYS + assumptions.ASSIGNMENT_DAYS


def opening_balance(
    context: Context, people: People, waiting_list: WaitingList, now: float
) -> None:
    for unit in context.world.units:
        _residents(context, people, waiting_list, unit, now)
        if unit.function != assumptions.CRISIS:
            _waiting(context, people, waiting_list, unit, now)


def _residents(
    context: Context, people: People, waiting_list: WaitingList, unit: Unit, now: float
) -> None:
    rng, world = context.rng, context.world
    for _ in range(min(unit.places, round(unit.expected_occupancy))):
        youth = people.new(world.home_for(rng, unit), AGES[unit.function].pick(rng), now)
        framework = draw_framework(rng, unit.function)
        care = care_sent(unit, framework)
        stay = draw_stay(rng, unit.function, length_biased=True)
        # Never placed before the day after birth, however long the stay.
        since = now - min(rng.random() * stay, max(0.0, now - midnight(youth.birth_date) - DAY))
        waiting_list.placements.resident(
            unit,
            youth=youth,
            care=care,
            framework=framework,
            since=since,
            until=since + stay,
            now=now,
        )


def _waiting(
    context: Context, people: People, waiting_list: WaitingList, unit: Unit, now: float
) -> None:
    rng, world = context.rng, context.world
    starts_per_day = unit.expected_occupancy / expected(unit.function).stay_days
    for _ in range(round(starts_per_day * PATH_DAYS)):
        waited = rng.uniform(1, 2 * PATH_DAYS) * DAY
        registered = now - waited
        youth = people.new(world.home_for(rng, unit), AGES[unit.function].pick(rng), registered)
        assigned = now - rng.uniform(0, waited / 2)
        waiting_list.already_waiting(youth, unit, registered, assigned, now)
