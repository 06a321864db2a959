"""Whether any publication of figures went back on one before it.

"As complete as" is judged by ``as_of``: the latest event date among the events the
figures count (streams/DEFINITIONS.md). Figures made from part of the history, a replay
not yet done or the stale view of a worker that lost its partitions, count fewer of the
latest events, so their as-of is older than what was published before. Only a retraction
of the one event that carries a region's latest date lowers it rightly; with the tests'
daily volumes every region has many events on its latest day.
"""

import asyncio
from datetime import date

from jeugdhub.kafka_access import KafkaAccess
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any
from tests.kafka_reading import read_to_end
from tests.worker.running import REFERENCE_OF

FIGURES_TOPICS = tuple(REFERENCE_OF)


def regressions(access: KafkaAccess) -> list[str]:
    """Every publication, on every figures topic, whose as-of is older than that of the
    publication of the same area before it (Kafka keeps one area's publications in the
    order they were written: one key, one partition)."""
    found = []
    latest: dict[tuple[str, str], date] = {}  # per topic and area, the latest as-of
    for record in asyncio.run(read_to_end(access, list(FIGURES_TOPICS))):
        figures = decode_any(record.value)
        assert isinstance(figures, RegionFiguresPublished)
        area = (record.topic, figures.region)
        before = latest.get(area)
        if before is not None and figures.as_of < before:
            found.append(
                f"{record.topic} {figures.region} offset {record.offset}: as of "
                f"{figures.as_of}, after a publication as of {before}"
            )
        latest[area] = max(figures.as_of, before or figures.as_of)
    return found
