"""The worker's in-memory view of stage 2 gives the figures of a recomputation, whether
it was kept up to date message by message or rebuilt from the table."""

import random
from pathlib import Path

from streams.messages import YOUTH, RegionMessage
from streams.region_stage.aggregates import region_figures
from streams.region_stage.region_view import RegionView
from streams.regional import contribution_to_bytes
from streams.youth_stage.step import youth_contributions
from tests.streams.pipeline import Stages
from tests.streams.test_simulation import simulated_events


def test_view_updated_per_message_and_rebuilt_from_the_table_agree(tmp_path: Path) -> None:
    events = simulated_events(tmp_path)[:3000]
    random.Random(5).shuffle(events)
    stages = Stages()
    live = RegionView()
    table: dict[bytes, bytes] = {}
    regions_of: dict[str, set[str]] = {}
    for name, record in events:
        youth = stages.add(name, record)
        if youth is None:
            continue
        new = youth_contributions(youth, stages.youths[youth], 30)[YOUTH]
        for region in regions_of.get(youth, set()) | new.keys():
            body = contribution_to_bytes(new[region]) if region in new else b""
            message = RegionMessage(YOUTH, youth, body)
            key = f"{region}|{message.table_key}".encode()
            live.apply(region, message, table.get(key))
            if body:
                table[key] = body
            else:
                table.pop(key, None)
        regions_of[youth] = set(new)
    rebuilt = RegionView()
    rebuilt.rebuild(table.items())

    recomputed = stages.contributions()
    assert live.figures_held()
    for kind, region in sorted(live.figures_held()):
        assert kind == YOUTH
        held = [c for (r, _), c in recomputed.items() if r == region]
        # Capacity is left out here: the view's youth part is what is exercised.
        expected = region_figures(region, held, [])
        assert live.figures(region) == expected
        assert rebuilt.figures(region) == expected
