"""120 simulated days through both stages: arrival order and duplicates change nothing."""

import random
from datetime import date
from pathlib import Path

from connectors.simulator import Simulation
from schemas.codec import decode_record, encode
from tests.factories import make_edge
from tests.streams.pipeline import InProcessWorker, Pair, Stages


def simulated_events(tmp_path: Path) -> list[Pair]:
    edge = make_edge(tmp_path)
    events = []
    justice_ids: set[str] = set()  # as the ingest routes retractions (connectors.ingest)
    for simulated in Simulation(seed=3, start=date(2026, 1, 1), days=120).records():
        if simulated.kind == "person":
            vetted = edge.person_event(simulated.record, justice_ids)
            if vetted.justice:
                justice_ids.add(vetted.event.envelope.event_id)
        else:
            vetted = edge.capacity_event(simulated.record)
        events.append(decode_record(encode(vetted.event)))
    return events


def test_shuffled_events_with_duplicates_give_the_figures_of_the_ordered_run(
    tmp_path: Path,
) -> None:
    events = simulated_events(tmp_path)
    rng = random.Random(3)
    shuffled = events + rng.sample(events, len(events) // 20)
    rng.shuffle(shuffled)

    in_order = Stages().feed(events).all_figures()
    with InProcessWorker() as worker:
        worker.feed(shuffled)

        assert worker.rebuilt_figures() == in_order
        assert worker.all_figures() == in_order
    # The run exercises what the figures measure, so the equality says something.
    utrecht = in_order["utrecht-stad"]
    assert any(now["occupied"] > 0 for now in utrecht["now"].values())
    assert any(now["waiting_now"] > 0 for f in in_order.values() for now in f["now"].values())
    days = [day for f in in_order.values() for fn in f["daily"].values() for day in fn.values()]
    for measure in ("registrations", "placements", "replacements", "refusals"):
        assert sum(day.get(measure, 0) for day in days) > 0, measure
    assert sum(sum(day.get("discharges", {}).values()) for day in days) > 0
