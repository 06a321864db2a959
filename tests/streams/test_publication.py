"""The region-figures record: what a subscriber decodes equals the figures, cut to the
published window (the last DAILY_DAYS days of daily flows and of matrix starts)."""

from datetime import timedelta
from pathlib import Path

from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, encode
from streams.publication.record import DAILY_DAYS, published
from tests.streams.pipeline import Stages
from tests.streams.test_simulation import simulated_events
from tests.worker.running import as_figures_dict, published_window


def test_a_decoded_record_equals_the_figures_in_the_window(tmp_path: Path) -> None:
    stages = Stages().feed(simulated_events(tmp_path))
    checked_older_days = 0
    for region in sorted(stages.regions()):
        figures = stages.figures(region)
        assert figures is not None
        record = decode_any(encode(published(figures)))
        assert isinstance(record, RegionFiguresPublished)

        assert record.daily_from == figures.as_of - timedelta(days=DAILY_DAYS - 1)
        whole = figures.to_dict()
        assert as_figures_dict(record) == published_window(whole, record.daily_from.isoformat())
        checked_older_days += sum(
            day < record.daily_from.isoformat()
            for row in whole["flow_matrix"].values()
            for day in row["started"]
        )
    # The simulation spans more than the window, so something was left out.
    assert checked_older_days > 0
