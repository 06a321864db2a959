"""What a run's parameters do: regions, scale, and the arguments it refuses."""

from itertools import islice

import pytest

from connectors.simulator import Simulation
from jeugdhub.errors import UnknownCodeError
from schemas.reference import reference_data
from tests.simulator.conftest import START
from tests.simulator.facts import facts, of_type


def test_the_default_regions_are_the_utrecht_flevoland_cooperation() -> None:
    cooperation = tuple(r.code for r in reference_data().regions("utrecht-flevoland"))

    assert Simulation(1, START, 1).regions == cooperation


def test_a_run_for_one_region_has_only_youths_from_that_region() -> None:
    run = Simulation(3, START, 60, regions=["flevoland"])
    municipalities = {r["youth"]["municipality"] for r in facts(run.records()) if "youth" in r}

    assert municipalities
    assert {reference_data().municipality(m).region_code for m in municipalities} == {"flevoland"}


def test_scale_multiplies_the_places() -> None:
    def places(scale: float) -> int:
        run = Simulation(3, START, 1, scale=scale)
        return sum(r["details"]["places"] for r in of_type(facts(run.records()), "PlacesDeclared"))

    assert 9 * places(1) <= places(10) <= 11 * places(1)


def test_a_large_run_yields_two_hundred_thousand_records_in_order() -> None:
    # Timing belongs in the benchmarks; here only that a long stream keeps coming in order.
    previous = None
    count = 0
    for simulated in islice(Simulation(1, START, 3650, scale=5).records(), 200_000):
        assert previous is None or previous <= simulated.reported_at
        previous = simulated.reported_at
        count += 1

    assert count == 200_000


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(UnknownCodeError):
        Simulation(1, START, 30, regions=["atlantis"])


@pytest.mark.parametrize(
    "arguments",
    [
        {"days": 0},
        {"scale": 0},
        {"late_reports": 1.5},
        {"retractions": -0.1},
        {"duplicates": 2},
        {"max_late_days": 0.5},
        {"regions": []},
        {"regions": ["flevoland", "flevoland"]},
    ],
)
def test_meaningless_arguments_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Simulation(**{"seed": 1, "start": START, "days": 30, **arguments})  # type: ignore[arg-type]
