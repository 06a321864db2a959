"""A real feed API (``jeugdhub feed-api``) with two region subscribers, A (utrecht-stad)
and B (eemland), whose feeds hold what the egress's own planner and protection release
from hand-made region figures: capacity, and three closed days of figures."""

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from feeds.egress.protection import protect_release
from feeds.egress.release import ReleasePlanner
from jeugdhub.kafka_access import KafkaAccess
from privacy.regimes import load_regimes
from schemas.feeds import FeedRelease
from tests.feedapi.conftest import (
    RunningFeedApi,
    create_feed_topics,
    start_feed_api,
    stop_feed_api,
    write_releases,
)
from tests.feeds.figures import region_figures

# A hub with a broker of its own, for the test through the whole hub (gateway to page).
from tests.worker.conftest import hub  # noqa: F401

FIRST_DAY = date(2026, 3, 10)
DAYS = 4  # figures as of four days: the first three are closed and released
# utrecht-stad has places in closed and crisis care; few wait, so no median is released
FUNCTIONS = ("closed", "crisis", "residential-youth-parenting")
HOMES_OF_B = ("eemland", "utrecht-stad")  # B's provider region holds youths of A's


def run_apart(work: Coroutine[object, object, object]) -> None:
    """Run ``work`` on an event loop of its own thread: Playwright's sync API keeps one
    running in the test's thread, where ``asyncio.run`` is refused."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, work).result()


@dataclass
class Feeds:
    api: RunningFeedApi
    admin: KafkaAccess
    planner: ReleasePlanner
    written: dict[str, list[FeedRelease]] = field(default_factory=dict)

    def publish(self, name: str) -> list[FeedRelease]:
        """What the planner has due for ``name`` now, written to its feed topic."""
        subscriber = self.api.store.get(name)
        due = self.planner.due(subscriber)
        keys, releases = [key for key, _ in due], [release for _, release in due]
        run_apart(write_releases(self.admin, name, releases, keys))
        self.written.setdefault(name, []).extend(releases)
        return releases

    def figures_of(self, region: str, day: date, **options: Any) -> None:
        self.planner.general.add(region_figures(region, day, functions=FUNCTIONS, **options))


@pytest.fixture(scope="module")
def feeds(
    kafka_env: dict[str, str], kafka_admin: KafkaAccess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Feeds]:
    api = start_feed_api(tmp_path_factory.mktemp("dashboard"), kafka_env)
    planner = ReleasePlanner(load_regimes(), protect_release)
    made = Feeds(api, kafka_admin, planner)
    try:
        run_apart(create_feed_topics(kafka_admin, api.a, api.b))
        for n in range(DAYS):
            day = FIRST_DAY + timedelta(days=n)
            # 12 wait per care function on the first two days (medians are released),
            # 7 on the third (they are withheld); stays from and in the other region
            made.figures_of(
                "utrecht-stad",
                day,
                places=20 + n,
                base=24,
                occupied=12 + n,
                waiting=12 if n < 2 else 7,
                homes=("eemland", "flevoland"),
                open_stays=8 + n,
            )
            made.figures_of(
                "eemland", day, places=50, base=40, occupied=45, waiting=30, homes=HOMES_OF_B
            )
        made.publish(api.a)
        made.publish(api.b)
        yield made
    finally:
        stop_feed_api(api)
