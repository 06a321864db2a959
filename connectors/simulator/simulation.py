"""A run of the simulator: its parameters and the stream of raw records it yields."""

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from random import Random

from connectors.simulator import assumptions
from connectors.simulator.capacity import Capacity
from connectors.simulator.clock import midnight
from connectors.simulator.context import Context
from connectors.simulator.opening import opening_balance
from connectors.simulator.outbox import Outbox, SimulatedRecord
from connectors.simulator.people import People
from connectors.simulator.references import CaseNumbers
from connectors.simulator.reporting import Mess, Reporter
from connectors.simulator.scheduler import Scheduler
from connectors.simulator.waiting_list import WaitingList
from connectors.simulator.world import World
from schemas.reference import reference_data


class Simulation:
    """Synthetic providers, municipalities, GIs and regions reporting for ``days`` days.

    ``regions`` are the youths' home regions (default: the Utrecht-Flevoland
    cooperation); the providers are the demo locations, wherever they lie. ``scale``
    multiplies demand and places alike (scale 10 is ten times the youths in ten times the
    places). The messy-reality knobs are chances per record: ``late_reports`` are reported
    1 to ``max_late_days`` days after the fact, ``retractions`` are entered twice by
    mistake and the copy retracted, ``duplicates`` are sent again later unchanged.

    Every fact happens within the run (``occurred_at`` before ``start + days``, the
    opening balance before ``start``); late reports come up to ``max_late_days`` after it.
    The same arguments always give the same records; the mistakes have their own random
    stream, so changing a knob leaves the facts as they were. ``source_event_id`` values
    and case references carry ``sim<seed>`` so runs with different seeds never collide
    in one hub; two runs with one seed do.
    """

    def __init__(
        self,
        seed: int,
        start: date,
        days: int,
        regions: Sequence[str] | None = None,
        scale: float = 1.0,
        *,
        late_reports: float = 0.05,
        max_late_days: float = 14.0,
        retractions: float = 0.005,
        duplicates: float = 0.0,
    ) -> None:
        if days < 1:
            raise ValueError("days must be at least 1")
        if not scale > 0:
            raise ValueError("scale must be positive")
        for name, share in (
            ("late_reports", late_reports),
            ("retractions", retractions),
            ("duplicates", duplicates),
        ):
            if not 0 <= share <= 1:
                raise ValueError(f"{name} is a chance per record: between 0 and 1")
        if max_late_days < 1:
            raise ValueError("max_late_days must be at least 1: a late report is days late")
        data = reference_data()
        if regions is None:
            regions = [region.code for region in data.regions(assumptions.DEFAULT_COOPERATION)]
        if not regions or len(set(regions)) != len(regions):
            raise ValueError("regions must name at least one region, each once")
        for code in regions:
            data.region(code, field="regions")  # UnknownCodeError for a code it does not know
        self.seed = seed
        self.start = start
        self.days = days
        self.regions = tuple(regions)
        self.scale = scale
        self.mess = Mess(late_reports, max_late_days, retractions, duplicates)

    def records(self) -> Iterator[SimulatedRecord]:
        """All records of the run, sorted by ``reported_at``; lazily, so callers may islice."""
        begin = midnight(self.start)
        end = midnight(self.start + timedelta(days=self.days))
        tag = f"sim{self.seed % 100_000_000}"
        scheduler = Scheduler()
        outbox = Outbox()
        flow = Random(f"{self.seed}:flow")
        reporter = Reporter(Random(f"{self.seed}:reports"), outbox, tag, end, self.mess)
        numbers = CaseNumbers(tag)
        world = World(self.regions, self.scale)
        people = People(Random(f"{self.seed}:people"), self.regions)
        context = Context(flow, scheduler, reporter, numbers, world)
        waiting_list = WaitingList(context, people)
        Capacity(context, waiting_list.placements).declare(self.start, begin)
        opening_balance(context, people, waiting_list, begin)
        waiting_list.open(begin)
        while (moment := scheduler.next_moment()) is not None and moment < end:
            # Nothing scheduled from here on is reported before ``moment``.
            while outbox.has_due(moment):
                yield outbox.release()
            scheduler.run_next()
        yield from outbox.drain()
