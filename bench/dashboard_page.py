"""The dashboard's page for a region with a year of daily releases, against the snapshot
it is drawn from.

Runs on a broker of its own: one region subscriber whose feed holds N daily figures
releases (every region-regime figure per placement care function, perturbed, with totals
and inter-regional rows) and a capacity release per day, as the egress writes them, then
``jeugdhub feed-api``. Times, in the same run:
- the baseline: ``GET /v1/feed``, the JSON snapshot the page is drawn from;
- the page's first load (``GET /`` after sign-in), which also reads the year's history
  back from the feed topic for the waiting-list trend;
- the page's figures again (``GET /dashboard/<name>/figures``, what its script fetches
  on every release), with the history already read.

    python -m bench.dashboard_page [--days 365] [--rounds 30]
"""

import argparse
import asyncio
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.feed_sse import (
    SUBSCRIBER,
    capacity_release,
    placement_care_functions,
    region_release,
    report,
    running_feed_api,
    subscribed_broker,
)
from connectors.publisher import durable_producer
from jeugdhub.kafka_access import KafkaAccess
from schemas.feeds import CellStatus, FeedCell, ReleaseKind
from schemas.topics import feed_topic

FIRST_DAY = date(2026, 1, 1)
PER_CARE_FUNCTION = (
    "occupied",
    "waiting",
    "waiting_days_median",
    "registrations",
    "placements",
    "discharges",
    "replacements",
    "refusals",
    "non_contracted",
    "placements_17_plus",
    "transitions_18",
)
OTHER_REGIONS = ("eemland", "flevoland", "lekstroom", "utrecht-west", "zuid-oost-utrecht")


def _figures_release(day: int) -> bytes:
    functions: list[str | None] = [*placement_care_functions(), None]
    cells = [
        FeedCell(
            figure=figure,
            region=SUBSCRIBER,
            care_function=function,
            value=None if figure == "waiting_days_median" and day % 3 else (day + n) % 40,
            status=CellStatus.SUPPRESSED
            if figure == "waiting_days_median" and day % 3
            else CellStatus.PERTURBED,
        )
        for n, function in enumerate(functions)
        for figure in PER_CARE_FUNCTION
    ]
    cells += [
        FeedCell(
            figure=figure,
            region=SUBSCRIBER,
            category=other,
            value=(day + n) % 30,
            status=CellStatus.PERTURBED,
        )
        for n, other in enumerate(OTHER_REGIONS)
        for figure in ("inter_regional_in", "inter_regional_out")
    ]
    as_of = FIRST_DAY + timedelta(days=day)
    return region_release(
        ReleaseKind.FIGURES,
        f"figures-{day}",
        as_of,
        cells,
        protection="cell-key perturbation (benchmark)",
        period_start=as_of,
        next_release=as_of + timedelta(days=1),
    )


async def _write_year(admin: KafkaAccess, days: int) -> None:
    producer = durable_producer(admin)
    await producer.start()
    try:
        for day in range(days):
            for key, value in (
                (f"CAPACITY/{SUBSCRIBER}", capacity_release(day)),
                (f"FIGURES/{SUBSCRIBER}", _figures_release(day)),
            ):
                await producer.send(feed_topic(SUBSCRIBER), value, key=key.encode())
        await producer.flush()
    finally:
        await producer.stop()


def _timed(
    client: httpx.Client, path: str, rounds: int, headers: dict[str, str] | None = None
) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise SystemExit(f"{path} answered {answer.status_code}: {answer.text[:300]}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="daily releases on the feed")
    parser.add_argument("--rounds", type=int, default=30, help="timed requests of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        with subscribed_broker(state) as (admin, kafka_env, token):
            asyncio.run(_write_year(admin, args.days))
            with (
                running_feed_api(state, kafka_env) as url,
                httpx.Client(base_url=url, timeout=120) as client,
            ):
                bearer = {"Authorization": f"Bearer {token}"}
                client.get("/v1/feed", headers=bearer)  # the feed topic read once
                snapshot = _timed(client, "/v1/feed", args.rounds, bearer)
                client.post("/session", data={"token": token})
                first = _timed(client, "/", 1)[0]
                again = _timed(client, f"/dashboard/{SUBSCRIBER}/figures", args.rounds)

    print(f"feed: {args.days} daily figures releases and {args.days} capacity releases")
    print(f"{'first page load with history':<30} {first * 1000:8.1f} ms")
    report(("page figures again", again), ("GET /v1/feed (baseline)", snapshot))


if __name__ == "__main__":
    main()
