"""A simulated quarter: the figures are a function of the set of events."""

import random
from datetime import date
from typing import Any

import pytest

from connectors.simulator import Simulation
from schemas.codec import decode_record, encode
from tests.factories import make_edge
from tests.reference_model import recompute
from tests.reference_model.events import DecodedEvent


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> list[DecodedEvent]:
    edge = make_edge(tmp_path_factory.mktemp("keys"))
    events = []
    for simulated in Simulation(seed=5, start=date(2026, 1, 1), days=90).records():
        if simulated.kind == "person":
            vetted = edge.person_event(simulated.record)
        else:
            vetted = edge.capacity_event(simulated.record)
        events.append(decode_record(encode(vetted.event)))
    return events


@pytest.fixture(scope="module")
def figures(simulated: list[DecodedEvent]) -> dict[str, dict[str, Any]]:
    return recompute(simulated)


def test_shuffled_and_duplicated_input_gives_the_same_figures(
    simulated: list[DecodedEvent], figures: dict[str, dict[str, Any]]
) -> None:
    shuffle = random.Random(17)
    messy = simulated + shuffle.sample(simulated, len(simulated) // 5)
    shuffle.shuffle(messy)

    assert recompute(messy) == figures


def test_the_figures_agree_with_each_other(figures: dict[str, dict[str, Any]]) -> None:
    assert figures  # the run touches regions at all
    for region in figures.values():
        # Stays started in the region, by day: the daily placements and the flow matrix.
        placements: dict[str, int] = {}
        for days in region["daily"].values():
            for day, values in days.items():
                if "placements" in values:
                    placements[day] = placements.get(day, 0) + values["placements"]
        started: dict[str, int] = {}
        for pair in region["flow_matrix"].values():
            for day, n in pair["started"].items():
                started[day] = started.get(day, 0) + n
        assert placements == started
        # Occupied places now: per care function and per home region.
        occupied = sum(row["occupied"] for row in region["now"].values())
        assert occupied == sum(pair["open"] for pair in region["flow_matrix"].values())
        for row in region["now"].values():
            assert row["free"] == max(0, row["places_declared"] - row["occupied"])
        assert all(day <= region["as_of"] for days in region["daily"].values() for day in days)
