"""Facts that land late take nothing back (DEFINITIONS.md "Exactness", 2).

Two attempts at the same input: one that sent a batch's facts and then stopped before it
stored the batch's states (a crash; or a paused worker whose facts the producer still
held), and the worker that took its partitions over, which steps the same input again
from the states stored before, in other batches. Whatever order the two attempts'
bundles land in on the facts topic, stage 2 must end with the contributions of the whole
set, also in areas the second attempt's own states never touched.
"""

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from schemas.codec import decode_record
from schemas.person_events import (
    PlacementStarted,
    WaitingListRegistered,
    event_id_of,
    subject_of,
)
from streams.messages import PROVIDERS, RESIDENTS, YOUTH, unbundle
from streams.region_stage.hold import Hold
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView
from streams.regional import contribution_from_bytes
from streams.youth_stage.step import Arrival, Step, youth_contributions, youth_step
from streams.youth_stage.trajectory import YouthState, add_event, areas_named, remove_event
from tests.streams.events import ZEIST_CLINIC, EventMaker
from tests.streams.pipeline import (
    arrival_of,
    sent_bundles,
    simulated_messages,
    stepped_batch,
    store_states,
)

Log = list[tuple[int, Arrival]]  # one input partition: (offset, arrival)
Bundles = list[tuple[str, bytes]]  # (region, bundle) in the order they were sent
FACTS_PARTITION = 0
ERASED_LATER = {PlacementStarted.avro_name, WaitingListRegistered.avro_name}


def _step(youth: str, stored: bytes | None, arrivals: Sequence[Arrival]) -> Step | None:
    return youth_step(youth, stored, arrivals, 30)


def _attempt(
    log: Log, table: dict[bytes, bytes], size: int, stop_at: int | None = None
) -> tuple[Bundles, Bundles]:
    """Stage 1 over the log in batches of ``size``, the states in ``table``: the facts of
    the batches whose states it stored, and those of batch ``stop_at`` (sent, and then
    the attempt stopped before it stored the batch's states)."""
    stored: Bundles = []
    for number, start in enumerate(range(0, len(log), size)):
        stepped = stepped_batch("trajectories", _step, log[start : start + size], table)
        if number == stop_at:
            return stored, sent_bundles(stepped)
        stored += sent_bundles(stepped)
        store_states(stepped, table)
    return stored, []


def _landed(first: Bundles, late: Bundles, second: Bundles, rng: random.Random) -> Bundles:
    """``first`` landed, then the late bundles interleaved at random with ``second``, each
    attempt's in the order it sent them."""
    merged = first[:]
    late, second = late[:], second[:]  # popped from
    while late or second:
        late_now = late and (not second or rng.random() < 0.1)
        pick = late if late_now else second
        merged.append(pick.pop(0))
    return merged


def _held_contributions(landed: Bundles, folder: Path) -> dict[tuple[str, bytes, str], object]:
    store = RegionStore(folder)
    hold = Hold(store, RegionView())
    try:
        for region, bundle in landed:
            hold.hold(region, FACTS_PARTITION, unbundle(bundle))
        return {
            (region, message.kind, message.subject): contribution_from_bytes(message.body)
            for region, message in store.items([FACTS_PARTITION])
        }
    finally:
        store.close()


def _states_along(log: Log) -> Iterator[tuple[str, YouthState]]:
    """After each message of the log, its youth and the youth's set so far, recomputed
    without the stages."""
    states: dict[str, YouthState] = {}
    for _, arrival in log:
        youth = subject_of(arrival.key).decode()
        state = states.get(youth, YouthState())
        if arrival.value is None:
            event_id = event_id_of(arrival.key)
            assert event_id is not None
            state = remove_event(state, event_id)
        else:
            state = add_event(state, *decode_record(arrival.value))
        states[youth] = state
        yield youth, state


def _expected(log: Log) -> dict[tuple[str, bytes, str], object]:
    """The contributions of the whole set."""
    states = dict(_states_along(log))
    return {
        (region, kind, youth): contribution
        for youth, state in states.items()
        for kind, areas in youth_contributions(youth, state, 30).items()
        for region, contribution in areas.items()
    }


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Log:
    """90 simulated days of person events, a tenth of the placements and registrations
    erased 5 to 400 messages later: their youths then leave areas they touched."""
    rng = random.Random(11)
    person = [
        arrival
        for _, arrival, is_person in simulated_messages(tmp_path_factory.mktemp("edge"), 12, 90)
        if is_person
    ]
    erasures: dict[int, list[Arrival]] = {}
    for position, arrival in enumerate(person):
        assert arrival.value is not None
        if decode_record(arrival.value)[0] in ERASED_LATER and rng.random() < 0.1:
            later = erasures.setdefault(position + rng.randint(5, 400), [])
            later.append(Arrival(arrival.key, [], None))
    arrivals = []
    for position, arrival in enumerate(person):
        arrivals += [arrival, *erasures.get(position, [])]
    assert sum(map(len, erasures.values())) > 50
    return list(enumerate(arrivals))


@pytest.mark.parametrize("seed", range(6))
def test_late_facts_of_an_earlier_attempt_take_nothing_back(
    log: Log, seed: int, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    earlier: dict[bytes, bytes] = {}
    first, late = _attempt(log, earlier, rng.choice((150, 400, 900)), stop_at=rng.randint(1, 6))
    # The worker that took over: the states stored before, the input from its start.
    second, _ = _attempt(log, dict(earlier), rng.choice((200, 700, 5000)))

    landed = _landed(first, late, second, rng)

    assert late, "the stopped batch sent no facts: nothing was attacked"
    assert _held_contributions(landed, tmp_path / "store") == _expected(log)


def test_an_area_the_new_owner_never_told_gets_its_tombstone(
    make: EventMaker, tmp_path: Path
) -> None:
    """The stopped attempt told the areas of a placement that was then retracted; the
    new owner steps start and retraction in one batch, so its own states never touched
    those areas. Its tombstones there outrank the late contributions."""
    kid = make.kid(71)
    start = make.started("2026-03-02", kid, "P-1", care=ZEIST_CLINIC)
    retracted = make.retracted("2026-03-03", kid, start)
    log: Log = [(0, arrival_of(start)), (1, arrival_of(retracted))]

    _, late = _attempt(log, {}, 1, stop_at=0)
    second, _ = _attempt(log, {}, 2)
    told_late = {(region, m.kind) for region, bundle in late for _, m in unbundle(bundle)}
    assert {kind for _, kind in told_late} == {YOUTH, RESIDENTS, PROVIDERS}

    for order, landed in (("late", second + late), ("early", late + second)):
        assert _held_contributions(landed, tmp_path / order) == {}, order


def test_a_contribution_counts_only_in_areas_its_events_name(log: Log) -> None:
    """What stage 1 tells beyond its own states rests on this (``trajectory.areas_named``):
    in every prefix of a youth's events, each area of a contribution is named by one."""
    checked = 0
    for youth, state in _states_along(log):
        named = areas_named(state.events.values())
        areas = youth_contributions(youth, state, 30)
        assert areas[YOUTH].keys() <= named.regions
        assert areas[RESIDENTS].keys() <= named.municipalities
        assert areas[PROVIDERS].keys() <= named.provider_parts
        checked += len(areas[PROVIDERS])
    assert checked > 1000
