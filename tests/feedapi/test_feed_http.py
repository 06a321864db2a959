"""The feed API as a subscriber uses it: snapshot, CSV, access rules, the live stream."""

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from jeugdhub.kafka_access import KafkaAccess
from schemas.feeds import FeedRelease, ReleaseKind
from tests.feedapi.conftest import (
    RunningFeedApi,
    create_feed_topics,
    key_of,
    release,
    write_releases,
)
from tests.feedapi.sse import Event, events

CAPACITY, FIGURES = ReleaseKind.CAPACITY, ReleaseKind.FIGURES
STREAM_WAIT_S = 30


@pytest.fixture(scope="module")
def written(feed_api: RunningFeedApi, kafka_admin: KafkaAccess) -> dict[str, list[FeedRelease]]:
    """Two capacity releases and one of figures for A, one for B, before anyone asked."""
    a = [release(feed_api.a, CAPACITY, 1), release(feed_api.a, FIGURES, 1)]
    a.append(release(feed_api.a, CAPACITY, 2))
    b = [release(feed_api.b, CAPACITY, 7)]

    async def write() -> None:
        await create_feed_topics(kafka_admin, feed_api.a, feed_api.b)
        await write_releases(kafka_admin, feed_api.a, a)
        await write_releases(kafka_admin, feed_api.b, b)

    asyncio.run(write())
    return {feed_api.a: a, feed_api.b: b}


def _json(item: FeedRelease) -> object:
    return json.loads(item.model_dump_json())


def test_snapshot_is_the_latest_release_per_key_as_written(
    feed_api: RunningFeedApi, written: dict[str, list[FeedRelease]]
) -> None:
    first, figures, latest = written[feed_api.a]

    answer = httpx.get(f"{feed_api.url}/v1/feed", headers=feed_api.headers(feed_api.a))

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["subscriber"], body["regime"]) == (feed_api.a, "region")
    assert body["releases"] == [
        {"key": key_of(latest), "offset": 2, "release": _json(latest)},
        {"key": key_of(figures), "offset": 1, "release": _json(figures)},
    ]
    assert _json(first) not in [entry["release"] for entry in body["releases"]]
    other = httpx.get(f"{feed_api.url}/v1/feed", headers=feed_api.headers(feed_api.b)).json()
    assert [entry["release"] for entry in other["releases"]] == [_json(written[feed_api.b][0])]


def test_csv_opens_in_dutch_excel_with_the_same_cells(
    feed_api: RunningFeedApi, written: dict[str, list[FeedRelease]]
) -> None:
    _, figures, latest = written[feed_api.a]

    answer = httpx.get(f"{feed_api.url}/v1/feed.csv", headers=feed_api.headers(feed_api.a))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    expected = [
        {
            "soort": {"CAPACITY": "capaciteit", "FIGURES": "cijfers"}[item.kind.value],
            "regio": cell.region or "utrecht-stad",
            "zorgfunctie": cell.care_function or "totaal",
            "categorie": cell.category or "totaal",
            "cijfer": cell.figure,
            "waarde": "" if cell.value is None else str(cell.value),
            "status": {
                "EXACT": "exact",
                "PERTURBED": "verstoord",
                "SUPPRESSED": "onderdrukt",
                "NOISY": "met ruis",
            }[cell.status.value],
            "peildatum": item.as_of.strftime("%d-%m-%Y"),
            "periode_vanaf": item.period_start.strftime("%d-%m-%Y") if item.period_start else "",
        }
        for item in (latest, figures)
        for cell in item.cells
    ]
    assert rows == expected
    withheld = [row for row in rows if row["status"] == "onderdrukt"]
    assert withheld and all(row["waarde"] == "" for row in withheld)


@pytest.mark.parametrize("path", ["/v1/feeds/{}", "/v1/feeds/{}.csv", "/v1/feeds/{}/stream"])
def test_another_subscribers_feed_is_403_and_ones_own_by_name_is_200(
    feed_api: RunningFeedApi, written: dict[str, list[FeedRelease]], path: str
) -> None:
    headers = feed_api.headers(feed_api.a)

    other = httpx.get(feed_api.url + path.format(feed_api.b), headers=headers)
    unknown = httpx.get(feed_api.url + path.format("no-such-subscriber"), headers=headers)

    assert (other.status_code, unknown.status_code) == (403, 403)
    assert written[feed_api.b][0].release_id not in other.text
    if not path.endswith("stream"):
        own = httpx.get(feed_api.url + path.format(feed_api.a), headers=headers)
        assert own.status_code == 200
        assert (
            own.content
            == httpx.get(
                feed_api.url + ("/v1/feed.csv" if path.endswith(".csv") else "/v1/feed"),
                headers=headers,
            ).content
        )


@pytest.mark.parametrize("path", ["/v1/feed", "/v1/feed.csv", "/v1/feed/stream"])
def test_no_token_or_a_bad_one_is_401(feed_api: RunningFeedApi, path: str) -> None:
    token = feed_api.tokens[feed_api.a]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    answers = [
        httpx.get(feed_api.url + path),
        httpx.get(feed_api.url + path, headers={"Authorization": f"Bearer {forged}"}),
        httpx.get(feed_api.url + path, headers={"Authorization": token}),  # no scheme
    ]

    assert [answer.status_code for answer in answers] == [401, 401, 401]
    assert all(token not in answer.text and forged not in answer.text for answer in answers)
    assert answers[0].headers["www-authenticate"] == "Bearer"


def test_a_removed_subscriber_is_refused_without_a_restart(
    feed_api: RunningFeedApi, kafka_admin: KafkaAccess, written: dict[str, list[FeedRelease]]
) -> None:
    subscriber, token = feed_api.store.add("removed-soon", "region", "utrecht-stad")
    asyncio.run(create_feed_topics(kafka_admin, subscriber.name))
    headers = {"Authorization": f"Bearer {token}"}
    before = httpx.get(f"{feed_api.url}/v1/feed", headers=headers)

    feed_api.store.remove(subscriber.name)
    after = httpx.get(f"{feed_api.url}/v1/feed", headers=headers)

    assert (before.status_code, after.status_code) == (200, 401)
    assert before.json()["releases"] == []


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(10, read=STREAM_WAIT_S)) as http:
        yield http


async def _take(stream: AsyncIterator[Event], count: int) -> list[Event]:
    async def take() -> list[Event]:
        return [await anext(stream) for _ in range(count)]

    return await asyncio.wait_for(take(), STREAM_WAIT_S)


async def test_stream_delivers_a_release_written_after_connecting(
    feed_api: RunningFeedApi,
    kafka_admin: KafkaAccess,
    written: dict[str, list[FeedRelease]],
    client: httpx.AsyncClient,
) -> None:
    name = feed_api.b
    new = release(name, FIGURES, 8)
    url = f"{feed_api.url}/v1/feed/stream"
    async with client.stream("GET", url, headers=feed_api.headers(name)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = aiter(events(response))
        # The stream starts live: nothing written before it was opened comes first.
        (offset,) = await write_releases(kafka_admin, name, [new])
        (event,) = await _take(stream, 1)

    assert (event.id, event.event) == (str(offset), "release")
    assert json.loads(event.data) == {"key": key_of(new), "offset": offset, "release": _json(new)}


async def test_a_resumed_stream_gets_exactly_the_missed_releases_then_live_ones(
    feed_api: RunningFeedApi,
    kafka_admin: KafkaAccess,
    written: dict[str, list[FeedRelease]],
    client: httpx.AsyncClient,
) -> None:
    name = feed_api.a
    headers = feed_api.headers(name)
    url = f"{feed_api.url}/v1/feed/stream"
    async with client.stream("GET", url, headers=headers) as response:
        stream = aiter(events(response))
        seen_offsets = await write_releases(kafka_admin, name, [release(name, CAPACITY, 10)])
        (seen,) = await _take(stream, 1)
    missed = [release(name, CAPACITY, 11), release(name, FIGURES, 12)]
    missed.append(release(name, CAPACITY, 13))
    missed_offsets = await write_releases(kafka_admin, name, missed)

    resumed = {**headers, "Last-Event-ID": seen.id or ""}
    async with client.stream("GET", url, headers=resumed) as response:
        stream = aiter(events(response))
        replayed = await _take(stream, 3)
        later = release(name, FIGURES, 14)
        later_offsets = await write_releases(kafka_admin, name, [later])
        (live,) = await _take(stream, 1)

    assert seen.id == str(seen_offsets[0])
    assert [event.id for event in replayed] == [str(offset) for offset in missed_offsets]
    assert [json.loads(event.data)["release"] for event in replayed] == [_json(m) for m in missed]
    assert live.id == str(later_offsets[0])
    assert json.loads(live.data)["release"] == _json(later)


async def test_last_event_id_that_is_not_an_offset_is_400(
    feed_api: RunningFeedApi, client: httpx.AsyncClient
) -> None:
    headers = {**feed_api.headers(feed_api.a), "Last-Event-ID": "7; DROP"}

    answer = await client.get(f"{feed_api.url}/v1/feed/stream", headers=headers)

    assert answer.status_code == 400
    assert "Last-Event-ID" in answer.json()["detail"]


def test_no_token_reaches_the_log(
    feed_api: RunningFeedApi, written: dict[str, list[FeedRelease]]
) -> None:
    httpx.get(f"{feed_api.url}/v1/feed", headers=feed_api.headers(feed_api.a))
    log = feed_api.log.read_text()

    assert all(token not in log for token in feed_api.tokens.values())
    # the secret is urlsafe base64 and may itself hold "_": split off only the prefix and id
    assert all(token.split("_", 2)[2] not in log for token in feed_api.tokens.values())
