"""What the parts of one run share: the flow's random stream, the agenda, the reporter,
the case numbering and the world."""

from dataclasses import dataclass
from random import Random

from connectors.simulator.references import CaseNumbers
from connectors.simulator.reporting import Reporter
from connectors.simulator.scheduler import Scheduler
from connectors.simulator.world import World


@dataclass(frozen=True, slots=True)
class Context:
    rng: Random  # the facts' random stream (the reporter's mistakes have their own)
    scheduler: Scheduler
    reporter: Reporter
    numbers: CaseNumbers
    world: World
