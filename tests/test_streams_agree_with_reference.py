"""The stream stages and the independent reference model agree on a simulated quarter.

Neither imports the other; both follow streams/DEFINITIONS.md: the general figures, the
figures of justice data apart, the figures per municipality of residence and per
provider's part of a region, and the cell
key beside every person-derived count. This
is the check the exactness tests against the real broker will make at scale.
"""

from pathlib import Path

import pytest

from streams.messages import JUSTICE, PROVIDERS, RESIDENTS
from tests.reference_model import (
    recompute,
    recompute_justice,
    recompute_providers,
    recompute_residents,
)
from tests.streams.pipeline import InProcessWorker, Stages
from tests.streams.test_simulation import simulated_events


@pytest.mark.slow
def test_stream_stages_equal_the_reference_model(tmp_path: Path) -> None:
    events = simulated_events(tmp_path)

    with InProcessWorker() as worker:
        streamed = worker.feed(events, batch=500).all_figures()
    reference = recompute(events)

    assert sorted(streamed) == sorted(reference)
    for region in reference:
        assert streamed[region] == reference[region], region
    # The justice events' figures, counted apart; cell keys are part of every comparison.
    stages = Stages().feed(events)
    justice = stages.all_figures(JUSTICE)
    assert justice and justice == recompute_justice(events)
    residents = stages.all_figures(RESIDENTS)
    assert len(residents) > 10 and residents == recompute_residents(events)
    providers = stages.all_figures(PROVIDERS)
    assert len(providers) > 10 and providers == recompute_providers(events)
