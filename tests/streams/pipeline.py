"""Both stages without Kafka: events in, a region's figures out.

``Stages`` recomputes everything from the youths' and locations' states (from scratch,
the reference the streamed figures are compared with); ``InProcessWorker`` runs the
worker's own functions per batch, stage 1's batch step and stage 2's hold, replacing per
(region, subject) the latest whole value with running totals. Both take the youth's
contributions from stage 1's own function, general (``YOUTH``), justice (``JUSTICE``) and
per municipality of residence (``RESIDENTS``) apart; the general figures are the default.
"""

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from connectors.publisher import EVENT_ID_HEADER, message_key
from connectors.simulator import Simulation
from schemas.catalog import EVENT_TYPES
from schemas.codec import decode_record, encode
from streams.messages import YOUTH, bundles, unbundle
from streams.region_stage.aggregates import figures_from_totals
from streams.region_stage.figures import RegionFigures
from streams.region_stage.hold import Hold
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_totals import RegionTotals
from streams.region_stage.region_view import RegionView
from streams.regional import RegionContribution
from streams.youth_stage.batches import StepFunction, SteppedBatch, step_batch
from streams.youth_stage.capacity import CAPACITY_EVENT_NAMES, LocationState, add_capacity_event
from streams.youth_stage.step import Arrival, Step, location_step, youth_contributions, youth_step
from streams.youth_stage.trajectory import YouthState, add_event
from tests.factories import make_edge
from tests.streams.events import ZEIST_CLINIC, EventMaker, Made

Pair = tuple[str, dict[str, Any]]
PARTITION = 0  # the one facts partition of the in-process worker


class Stages:
    """The state of both stages as the faust tables will hold it."""

    def __init__(self) -> None:
        self.youths: dict[str, YouthState] = {}
        self.locations: dict[str, LocationState] = {}

    def feed(self, pairs: Iterable[Pair]) -> "Stages":
        for name, record in pairs:
            self.add(name, record)
        return self

    def add(self, name: str, record: dict[str, Any]) -> str | None:
        """Add one event; the youth's key for a person event."""
        if name in CAPACITY_EVENT_NAMES:
            location = record["location"]
            key = f"{location['provider_agb']}:{location['location_code']}"
            state = self.locations.get(key, LocationState())
            self.locations[key] = add_capacity_event(state, name, record)
            return None
        youth = str(record["youth"]["pseudonym"])
        self.youths[youth] = add_event(self.youths.get(youth, YouthState()), name, record)
        return youth

    def contributions(self, kind: bytes = YOUTH) -> dict[tuple[str, str], RegionContribution]:
        """Per (region, youth), recomputed from the youths' states."""
        return {
            (region, youth): contribution
            for youth, state in self.youths.items()
            for region, contribution in youth_contributions(youth, state, 30)[kind].items()
        }

    def regions(self, kind: bytes = YOUTH) -> set[str]:
        regions = {region for region, _ in self.contributions(kind)}
        if kind != YOUTH:
            return regions  # only the general figures have capacity
        return regions | {state.region for state in self.locations.values() if state.region}

    def figures(
        self, region: str, as_of: date | None = None, kind: bytes = YOUTH
    ) -> RegionFigures | None:
        held = [c for (r, _), c in self.contributions(kind).items() if r == region]
        locations = self.locations.values() if kind == YOUTH else []
        return region_figures(region, held, locations, as_of)

    def all_figures(self, kind: bytes = YOUTH) -> dict[str, dict[str, Any]]:
        """Every region's figures as plain dicts."""
        return {
            region: _plain(self.figures(region, kind=kind)) for region in sorted(self.regions(kind))
        }


class InProcessWorker:
    """Both stages as the worker runs them, without Kafka: each batch goes through stage
    1's own batch step (``streams.youth_stage.batches.step_batch``: the youth step for
    person events, the location step for capacity), each region's facts through the
    bundles and stage 2's own hold (``streams.region_stage.hold``) into a real
    ``RegionStore`` and ``RegionView``, all on one facts partition."""

    def __init__(self, replacement_window_days: int = 30) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="region-store-")
        self.hold = Hold(RegionStore(Path(self._folder.name)), RegionView())
        self.hold.follow(frozenset({PARTITION}))
        self.tables: dict[str, dict[bytes, bytes]] = {"trajectories": {}, "capacities": {}}
        self._next_offset = {"trajectories": 0, "capacities": 0}  # of each stage's input
        self._window = replacement_window_days

    def __enter__(self) -> "InProcessWorker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.hold.store.close()
        self._folder.cleanup()

    def run(self, batch: Sequence[Arrival]) -> None:
        """One batch of the input topics: its person events to the youths' stage, its
        capacity events to the locations'. Each arrival is read at the next offset of its
        topic, as if published just before (a replayed event is a resubmission)."""
        person, capacity = [], []
        for a in batch:
            (capacity if _is_capacity(a) else person).append(a)
        self._stage("trajectories", self._youth, person)
        self._stage("capacities", location_step, capacity)

    def feed(self, pairs: Iterable[Pair], batch: int = 1) -> "InProcessWorker":
        """Decoded events, published and taken in batches of ``batch``."""
        arrivals = [arrival(name, record) for name, record in pairs]
        for start in range(0, len(arrivals), batch):
            self.run(arrivals[start : start + batch])
        return self

    def _youth(self, youth: str, stored: bytes | None, arrivals: Sequence[Arrival]) -> Step | None:
        return youth_step(youth, stored, arrivals, self._window)

    def _stage(self, stage: str, step: StepFunction, arrivals: Sequence[Arrival]) -> None:
        table = self.tables[stage]
        first = self._next_offset[stage]
        self._next_offset[stage] += len(arrivals)
        stepped = stepped_batch(stage, step, list(enumerate(arrivals, start=first)), table)
        for region, bundle in sent_bundles(stepped):
            self.hold.hold(region, PARTITION, unbundle(bundle))
        store_states(stepped, table)

    def held(self) -> dict[tuple[str, bytes, str], bytes]:
        """What stage 2 holds: per (region, kind, subject) the latest body."""
        return {
            (region, message.kind, message.subject): message.body
            for region, message in self.hold.store.items([PARTITION])
        }

    def rebuilt_view(self) -> RegionView:
        """A view rebuilt from the store, as after the worker's partitions changed."""
        view = RegionView()
        view.rebuild(self.hold.store.items([PARTITION]))
        return view

    def all_figures(self, kind: bytes = YOUTH) -> dict[str, dict[str, Any]]:
        """From the running totals, every region's figures of the kind as plain dicts."""
        return _view_figures(self.hold.view, kind)

    def rebuilt_figures(self, kind: bytes = YOUTH) -> dict[str, dict[str, Any]]:
        """The same from a view rebuilt from the store."""
        return _view_figures(self.rebuilt_view(), kind)


def stepped_batch(
    stage: str, step: StepFunction, batch: Sequence[tuple[int, Arrival]], table: dict[bytes, bytes]
) -> SteppedBatch:
    """Stage 1's own batch step over (offset, arrival) pairs of one input partition, with
    the subjects' states in ``table``."""
    events = [_Event(_Message(a.key, a.headers, a.value, offset)) for offset, a in batch]
    return step_batch(stage, events, lambda _partition, key: table.get(key), step)


def sent_bundles(stepped: SteppedBatch) -> list[tuple[str, bytes]]:
    """(region, bundle) in the order stage 1 sends them."""
    return [
        (region, bundle)
        for region, messages in stepped.facts.items()
        for bundle in bundles(messages)
    ]


def store_states(stepped: SteppedBatch, table: dict[bytes, bytes]) -> None:
    """Write the batch's new states, as stage 1 does once its facts are acknowledged."""
    for state in stepped.states:
        if state.stored:
            table[state.key] = state.stored
        else:
            table.pop(state.key, None)


@dataclass(frozen=True, slots=True)
class _Message:
    """What stage 1 reads of a Kafka message."""

    key: bytes
    headers: Sequence[tuple[str, bytes]]
    value: bytes | None
    offset: int
    timestamp: float = 0.0
    partition: int = 0


@dataclass(frozen=True, slots=True)
class _Event:
    message: _Message


def _is_capacity(arrival: Arrival) -> bool:
    return arrival.value is not None and decode_record(arrival.value)[0] in CAPACITY_EVENT_NAMES


def _view_figures(view: RegionView, kind: bytes) -> dict[str, dict[str, Any]]:
    figures = {region: view.figures(region, kind) for k, region in view.figures_held() if k == kind}
    return {region: f.to_dict() for region, f in sorted(figures.items()) if f is not None}


def arrival(name: str, record: dict[str, Any]) -> Arrival:
    """A decoded event as the publisher sends it: Avro value, event id in a header."""
    model = next(t for t in EVENT_TYPES if t.avro_name == name)
    event = model.model_validate(record)
    headers = [(EVENT_ID_HEADER, event.envelope.event_id.encode())]
    return Arrival(message_key(event), headers, encode(event))


def arrival_of(made: Made) -> Arrival:
    """A made event as the publisher sends it."""
    return arrival(*made.pair)


def tombstone_of(made: Made) -> Arrival:
    """What ``jeugdhub subject erase`` writes for the event: its key, no value."""
    return Arrival(arrival_of(made).key, [], None)


def region_figures(
    region: str,
    contributions: Iterable[RegionContribution],
    locations: Iterable[LocationState],
    as_of: date | None = None,
) -> RegionFigures | None:
    """The figures of ``region`` recomputed from its youths' contributions; ``locations``
    may hold other regions' locations too (they are left out)."""
    totals = RegionTotals()
    for contribution in contributions:
        totals.add(contribution)
    return figures_from_totals(region, totals, locations, as_of)


def _plain(figures: RegionFigures | None) -> dict[str, Any]:
    assert figures is not None
    return figures.to_dict()


def figures_of(events: Iterable[Made], region: str, as_of: date | None = None) -> RegionFigures:
    """The figures of ``region`` from ``Made`` events; the region must have figures."""
    figures = Stages().feed(event.pair for event in events).figures(region, as_of)
    assert figures is not None
    return figures


# (Kafka key, arrival, is a person event)
Message = tuple[str, Arrival, bool]


def simulated_messages(tmp_path: Path, seed: int = 8, days: int = 120) -> list[Message]:
    """What the publisher puts on the topics for ``days`` simulated days."""
    edge = make_edge(tmp_path)
    messages = []
    for simulated in Simulation(seed=seed, start=date(2026, 1, 1), days=days).records():
        person = simulated.kind == "person"
        vetted = (edge.person_event if person else edge.capacity_event)(simulated.record)
        event = vetted.event
        headers = [(EVENT_ID_HEADER, event.envelope.event_id.encode())]
        messages.append((event.key, Arrival(message_key(event), headers, encode(event)), person))
    return messages


def held_after(batches: Iterable[list[Message]]) -> dict[tuple[str, bytes, str], bytes]:
    """Both stages over the batches as the worker runs them; stage 2's held values at the end."""
    with InProcessWorker() as worker:
        for batch in batches:
            worker.run([arrival for _, arrival, _ in batch])
        return worker.held()


def batched(messages: list[Message], size: int) -> list[list[Message]]:
    return [messages[start : start + size] for start in range(0, len(messages), size)]


def placed_and_discharged(make: EventMaker, kid_number: int) -> tuple[str, Made, Made]:
    """A youth placed in Zeist and discharged: its pseudonym, the start and the end."""
    kid = make.kid(kid_number)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    end = make.ended("2026-03-20", kid, "P-1", care=ZEIST_CLINIC)
    return str(start.record["youth"]["pseudonym"]), start, end
