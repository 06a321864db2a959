"""What the egress tells operators: releases and their cells per regime, once Kafka has them.

Labels are the regime, the release kind and the cell status (``EXACT``, ``PERTURBED``,
``SUPPRESSED``, ``NOISY``): never a subscriber's name (subscribers come and go; the
regimes are a fixed set of policy files), a region or a value.
"""

import time
from collections import Counter as Tally

from prometheus_client import Counter, Gauge

from schemas.feeds import FeedRelease

RELEASES = Counter(
    "jeugdhub_feed_releases", "Feed releases on Kafka, per regime and kind", ["regime", "kind"]
)
CELLS = Counter(
    "jeugdhub_feed_cells",
    "Cells in feed releases on Kafka, per regime and status: how many were suppressed, "
    "perturbed or given noise",
    ["regime", "status"],
)
WITHHELD = Counter(
    "jeugdhub_feed_releases_withheld",
    "Person-derived releases withheld whole (no protection possible, a contradiction, or a "
    "spent privacy budget), per regime",
    ["regime"],
)
LAST_RELEASE = Gauge(
    "jeugdhub_feed_last_release_timestamp_seconds",
    "When the egress last put a release of this regime and kind on Kafka (Unix time)",
    ["regime", "kind"],
)


def count_released(releases: list[FeedRelease]) -> None:
    now = time.time()
    for release in releases:
        kind = release.kind.value
        RELEASES.labels(release.regime, kind).inc()
        LAST_RELEASE.labels(release.regime, kind).set(now)
        for status, count in Tally(cell.status.value for cell in release.cells).items():
            CELLS.labels(release.regime, status).inc(count)
