"""The worker's in-memory view of stage 2 gives the figures of a recomputation, whether
it was kept up to date message by message or rebuilt from the store."""

import random
from pathlib import Path

from tests.streams.pipeline import InProcessWorker, Stages
from tests.streams.test_simulation import simulated_events


def test_view_updated_per_message_and_rebuilt_from_the_store_agree(tmp_path: Path) -> None:
    events = simulated_events(tmp_path)[:3000]
    random.Random(5).shuffle(events)

    with InProcessWorker() as worker:
        worker.feed(events)
        live, rebuilt = worker.all_figures(), worker.rebuilt_figures()

    assert live
    assert live == rebuilt == Stages().feed(events).all_figures()
