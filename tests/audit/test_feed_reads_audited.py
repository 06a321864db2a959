"""A really running feed API audits every read and every refusal, and serves nothing it
could not audit: with the audit topic unwritable (a DENY ACL on the broker) reads are 503."""

import asyncio
import time
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)

from jeugdhub.kafka_access import HubPrincipal
from privacy.audit.trail import read_trail
from privacy.regimes import regime
from schemas.audit import AuditEntry
from schemas.feeds import ReleaseKind
from tests.audit.conftest import AuditPlace
from tests.commands import run_jeugdhub
from tests.feedapi.conftest import (
    RunningFeedApi,
    create_feed_topics,
    release,
    start_feed_api,
    stop_feed_api,
    write_releases,
)
from tests.feedapi.sse import events

ENTRY_WAIT_S = 20


@pytest.fixture
def feed_api(audit_place: AuditPlace) -> Iterator[RunningFeedApi]:
    running = start_feed_api(
        audit_place.state,
        audit_place.broker.env(),
        audit_topic=audit_place.topic,
        audit_write_timeout_s="2",
    )
    asyncio.run(create_feed_topics(audit_place.broker.admin, running.a, running.b))
    asyncio.run(
        write_releases(
            audit_place.broker.admin, running.a, [release(running.a, ReleaseKind.CAPACITY, 1)]
        )
    )
    yield running
    stop_feed_api(running)


def trail(place: AuditPlace) -> list[AuditEntry]:
    records = asyncio.run(read_trail(place.broker.admin, place.topic))
    return [record.entry for record in records if record.entry is not None]


def wait_for_entries(place: AuditPlace, count: int) -> list[AuditEntry]:
    deadline = time.monotonic() + ENTRY_WAIT_S
    while len(entries := trail(place)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return entries


def token_id(api: RunningFeedApi, name: str) -> str:
    return api.tokens[name].split("_")[1]


def test_each_read_is_an_entry_with_the_nen_7513_fields(
    feed_api: RunningFeedApi, audit_place: AuditPlace
) -> None:
    a = feed_api.a
    snapshot = httpx.get(f"{feed_api.url}/v1/feed", headers=feed_api.headers(a))
    csv = httpx.get(f"{feed_api.url}/v1/feeds/{a}.csv", headers=feed_api.headers(a))

    assert (snapshot.status_code, csv.status_code) == (200, 200)
    first, second = trail(audit_place)
    assert (first.action, second.action) == ("feed.snapshot", "feed.csv")
    assert first.chain == second.chain and (first.sequence, second.sequence) == (0, 1)
    assert first.user == f"token:{token_id(feed_api, a)}"
    assert first.role == "subscriber (region)"
    assert first.organisation == "utrecht-stad"
    assert first.on_behalf_of == a
    assert first.target == f"jeugdhub.feed.{a}.v1"
    assert first.purpose == regime("region").purpose
    assert (first.outcome, first.channel, first.host) == ("granted", "http", "127.0.0.1")
    assert first.detail == "1 releases"
    assert first.data_subject is None  # feeds are figures, never about one youth
    utc = datetime.fromisoformat(first.at_utc)
    local = datetime.fromisoformat(first.at_amsterdam)
    assert utc.utcoffset() is not None and local == utc
    assert local.utcoffset() == utc.astimezone(ZoneInfo("Europe/Amsterdam")).utcoffset()
    assert run_jeugdhub(audit_place.env(), "audit", "verify").returncode == 0


async def test_a_stream_is_audited_at_its_start_and_at_its_end(
    feed_api: RunningFeedApi, audit_place: AuditPlace
) -> None:
    a = feed_api.a
    async with httpx.AsyncClient(timeout=30) as client:
        url = f"{feed_api.url}/v1/feed/stream"
        async with client.stream("GET", url, headers=feed_api.headers(a)) as response:
            assert response.status_code == 200
            stream = aiter(events(response))
            await write_releases(audit_place.broker.admin, a, [release(a, ReleaseKind.CAPACITY, 2)])
            await asyncio.wait_for(anext(stream), 30)
        # The client has gone: the server notices and closes the stream.

    entries = await asyncio.to_thread(wait_for_entries, audit_place, 2)
    start, end = entries
    assert (start.action, start.detail, start.channel) == ("feed.stream.start", "live", "sse")
    assert (end.action, end.detail, end.outcome) == (
        "feed.stream.end",
        "1 releases sent",
        "granted",
    )
    assert end.previous_hash != start.previous_hash and end.sequence == start.sequence + 1


def test_refusals_are_audited_with_what_is_known_of_who_asked(
    feed_api: RunningFeedApi, audit_place: AuditPlace
) -> None:
    no_token = httpx.get(f"{feed_api.url}/v1/feed")
    wrong = httpx.get(
        f"{feed_api.url}/v1/feed", headers={"Authorization": "Bearer jh_fedcba987654_nope"}
    )
    other = httpx.get(f"{feed_api.url}/v1/feeds/{feed_api.b}", headers=feed_api.headers(feed_api.a))

    assert (no_token.status_code, wrong.status_code, other.status_code) == (401, 401, 403)
    anonymous, unknown, forbidden = trail(audit_place)
    assert {e.action for e in (anonymous, unknown, forbidden)} == {"feed.refused"}
    assert {e.outcome for e in (anonymous, unknown, forbidden)} == {"refused"}
    assert (anonymous.user, anonymous.detail, anonymous.target) == ("anonymous", "401", "/v1/feed")
    assert (unknown.user, unknown.organisation) == ("token:fedcba987654", "unknown")
    assert forbidden.user == f"token:{token_id(feed_api, feed_api.a)}"
    assert forbidden.detail == f"403 /v1/feeds/{feed_api.b}"
    assert forbidden.on_behalf_of == feed_api.a
    # The token's secret is in no entry.
    secret = feed_api.tokens[feed_api.a].split("_", 2)[2]
    assert all(secret not in str(e.model_dump()) for e in (anonymous, unknown, forbidden))


def _deny_audit_writes(place: AuditPlace) -> tuple[AdminClient, AclBinding]:
    admin = AdminClient(place.broker.admin.librdkafka_config())
    deny = AclBinding(
        ResourceType.TOPIC,
        place.topic,
        ResourcePatternType.LITERAL,
        f"User:{HubPrincipal.FEEDAPI.value}",
        "*",
        AclOperation.WRITE,
        AclPermissionType.DENY,
    )
    for future in admin.create_acls([deny]).values():
        future.result(timeout=30)
    return admin, deny


def _lift(admin: AdminClient, deny: AclBinding) -> None:
    matching = AclBindingFilter(
        deny.restype,
        deny.name,
        deny.resource_pattern_type,
        deny.principal,
        deny.host,
        deny.operation,
        deny.permission_type,
    )
    for future in admin.delete_acls([matching]).values():
        future.result(timeout=30)


def _until_refused(url: str, headers: dict[str, str]) -> tuple[httpx.Response, int]:
    """The first refused answer, and how many were served before it."""
    # ACL changes reach the broker's authorizer through its metadata log: soon, not at once.
    deadline = time.monotonic() + ENTRY_WAIT_S
    served = 0
    while (answer := httpx.get(url, headers=headers, timeout=30)).status_code == 200:
        assert time.monotonic() < deadline, "the DENY ACL never took effect"
        served += 1
        time.sleep(0.5)
    return answer, served


def test_with_the_audit_topic_unwritable_reads_are_refused(
    feed_api: RunningFeedApi, audit_place: AuditPlace
) -> None:
    headers = feed_api.headers(feed_api.a)
    admin, deny = _deny_audit_writes(audit_place)
    try:
        snapshot, served = _until_refused(f"{feed_api.url}/v1/feed", headers)
        csv = httpx.get(f"{feed_api.url}/v1/feed.csv", headers=headers, timeout=30)
        stream = httpx.get(f"{feed_api.url}/v1/feed/stream", headers=headers, timeout=30)
    finally:
        _lift(admin, deny)

    for answer in (snapshot, csv, stream):
        assert answer.status_code == 503
        assert answer.headers["retry-after"]
        assert "audit trail" in answer.json()["detail"]
        assert "utrecht-stad" not in answer.text  # no release leaked with the refusal
    granted_before = [e for e in trail(audit_place) if e.outcome == "granted"]
    assert len(granted_before) == served  # what was refused left no "granted" entry
    # Writable again: served again, audited again (in a new chain: see privacy.audit.writer).
    deadline = time.monotonic() + ENTRY_WAIT_S
    while (again := httpx.get(f"{feed_api.url}/v1/feed", headers=headers)).status_code != 200:
        assert time.monotonic() < deadline, again.text
        time.sleep(0.5)
    after = [e for e in trail(audit_place) if e.outcome == "granted"]
    assert len(after) == len(granted_before) + 1
    assert run_jeugdhub(audit_place.env(), "audit", "verify").returncode == 0
