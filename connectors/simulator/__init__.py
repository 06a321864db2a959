"""The Utrecht-Flevoland simulator: synthetic sources sending raw records.

Synthetic providers, municipalities, certified institutions and regions report what
happens to synthetic youths (waiting list, assignment, placement, discharge, transfers)
and to the places of the demo locations, as raw records in the format of
``privacy.raw_records`` (BSN, birth date, name and address included), sorted by the
simulated moment they are reported (``SimulatedRecord.reported_at``, in UTC). They take
the same path into the hub as real data.

    from itertools import islice
    run = Simulation(seed=7, start=date(2026, 1, 1), days=365)
    for simulated in islice(run.records(), 1000):
        ...  # simulated.kind, simulated.record -> the gateway or privacy.edge.Edge

``wall_delay`` turns two report times into a real-time pause for a paced replay. The
numbers behind the simulation are documented in ``connectors.simulator.assumptions``.
"""

from connectors.simulator.outbox import SimulatedRecord
from connectors.simulator.pacing import wall_delay
from connectors.simulator.simulation import Simulation

__all__ = ["SimulatedRecord", "Simulation", "wall_delay"]
