"""The broker, not the hub's code, keeps each principal to its own data.

An outside client (kcat, sharing no code with the hub) logs in with the SCRAM credentials
that `jeugdhub subscribers add` printed, and reads its own feed topic; with the same
credentials the broker refuses another subscriber's feed, the internal aggregates, the
care events and the worker's changelogs; a client without credentials gets nothing; each
hub principal can do its job and is refused what lies outside it; `subscribers remove`
ends the access. Only bytes are checked here: decoding feeds is the egress tests' job.
"""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from jeugdhub.acls import subscriber_grants
from jeugdhub.broker_admin import BrokerAdmin
from jeugdhub.kafka_access import HubPrincipal, KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from jeugdhub.localkafka.principals import PrincipalFiles
from schemas.topics import (
    CARE_EVENTS,
    JUSTICE_EVENTS,
    REGION_FIGURES,
    TRAJECTORY_FACTS,
    TopicSpec,
    feed_topic,
)
from tests.broker_access.kcat import Kcat
from tests.commands import run_jeugdhub
from tests.conftest import HubBroker

WORKER_CHANGELOG = "jeugdhub-streams-youths-changelog"  # faust: <app id>-<table>-changelog


@pytest.fixture(scope="module")
def kcat(tmp_path_factory: pytest.TempPathFactory) -> Kcat:
    return Kcat(tmp_path_factory.mktemp("kcat"))


@pytest.fixture(scope="module")
def operator(kafka_broker: HubBroker, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An operator's environment: the broker, the hub's credentials, a subscriber store."""
    return {
        **kafka_broker.env(),
        "JEUGDHUB_STATE_DIR": str(tmp_path_factory.mktemp("operator")),
    }


def _add(operator: dict[str, str], name: str) -> dict[str, str]:
    """``subscribers add``; what it printed, by label."""
    result = run_jeugdhub(operator, "subscribers", "add", name, "--regime", "public")
    assert result.returncode == 0, result.stderr
    printed = dict(line.split(":", 1) for line in result.stdout.splitlines())
    return {label.strip(): value.strip() for label, value in printed.items()}


def _scram(access: KafkaAccess, username: str, password: str) -> dict[str, str]:
    return KafkaAccess(access.bootstrap_servers, username, password).librdkafka_config()


async def _write(admin: KafkaAccess, topic: str, value: bytes) -> None:
    await ensure_topics(admin, [TopicSpec(topic, 1)])
    producer = AIOKafkaProducer(**admin.aiokafka_options(), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"test")  # compacted topics need one
    finally:
        await producer.stop()


def _refused(result: object) -> bool:
    stderr = getattr(result, "stderr", b"").decode(errors="replace").lower()
    return "authorization failed" in stderr or "not authorized" in stderr


@pytest.fixture(scope="module")
def two_subscribers(operator: dict[str, str], kafka_admin: KafkaAccess) -> Iterator[tuple]:
    """Subscribers A and B, each with a record on its feed (written by the admin)."""
    suffix = uuid.uuid4().hex[:8]
    a, b = f"sub-a-{suffix}", f"sub-b-{suffix}"
    printed_a, printed_b = _add(operator, a), _add(operator, b)
    markers = {}
    for name in (a, b):
        markers[name] = f"feed-record-for-{name}".encode()
        asyncio.run(_write(kafka_admin, feed_topic(name), markers[name]))
    yield (a, printed_a, b, printed_b, markers)


def test_add_prints_what_a_recipient_needs(two_subscribers: tuple) -> None:
    a, printed, *_ = two_subscribers
    assert printed["kafka username"] == f"feed-{a}"
    assert len(printed["kafka password"]) >= 32
    assert printed["feed topic"] == f"jeugdhub.feed.{a}.v1"
    assert printed["feed API token"].startswith("jh_")


def test_kcat_reads_its_own_feed_with_the_printed_credentials(
    kcat: Kcat, kafka_admin: KafkaAccess, two_subscribers: tuple
) -> None:
    a, printed, _, _, markers = two_subscribers
    config = _scram(kafka_admin, printed["kafka username"], printed["kafka password"])
    # In a consumer group, as a recipient would read; its name starts with the principal.
    result = kcat.consume_in_group(config, f"feed-{a}-reader", printed["feed topic"])
    assert result.returncode == 0, result.stderr
    assert markers[a] in result.stdout


def test_subscriber_a_is_refused_everything_but_its_feed(
    kcat: Kcat, kafka_admin: KafkaAccess, two_subscribers: tuple
) -> None:
    a, printed, b, _, markers = two_subscribers
    internal = b"internal-record-must-not-leak"
    for topic in (REGION_FIGURES, CARE_EVENTS, WORKER_CHANGELOG):
        asyncio.run(_write(kafka_admin, topic, internal))
    config = _scram(kafka_admin, printed["kafka username"], printed["kafka password"])

    for topic in (feed_topic(b), REGION_FIGURES, CARE_EVENTS, TRAJECTORY_FACTS, WORKER_CHANGELOG):
        result = kcat.consume(config, topic)
        assert result.returncode != 0, topic
        assert _refused(result), (topic, result.stderr)
        assert markers[b] not in result.stdout and internal not in result.stdout, topic
    # Its own topic, but in a consumer group that is not its own.
    in_other_group = kcat.consume_in_group(config, f"feed-{b}-stolen", feed_topic(a))
    assert markers[a] not in in_other_group.stdout
    assert _refused(in_other_group), in_other_group.stderr
    # Writing to its own feed is not reading it.
    written = kcat.produce(config, feed_topic(a), b"forged")
    assert _refused(written), written.stderr


def test_the_broker_holds_exactly_the_subscribers_grants(
    kafka_admin: KafkaAccess, two_subscribers: tuple
) -> None:
    a, printed, *_ = two_subscribers
    held = BrokerAdmin(kafka_admin).grants_of(printed["kafka username"])
    assert held == set(subscriber_grants(a, printed["kafka username"]))
    assert len(held) == 3  # read + describe on its feed topic, read on its groups


def test_without_credentials_the_port_gives_nothing(
    kcat: Kcat, kafka_admin: KafkaAccess, two_subscribers: tuple
) -> None:
    a, _, _, _, markers = two_subscribers
    anonymous = {"bootstrap.servers": kafka_admin.bootstrap_servers}
    metadata = kcat.run(anonymous, "-L")
    assert metadata.returncode != 0
    assert b"Failed to acquire metadata" in metadata.stderr
    assert feed_topic(a).encode() not in metadata.stdout
    consumed = kcat.consume(anonymous, feed_topic(a))
    assert consumed.returncode != 0 and markers[a] not in consumed.stdout
    wrong = kcat.consume(_scram(kafka_admin, f"feed-{a}", "not-the-password"), feed_topic(a))
    assert wrong.returncode != 0 and markers[a] not in wrong.stdout
    assert b"Authentication failed" in wrong.stderr


def _hub(kafka_broker: HubBroker, principal: HubPrincipal) -> dict[str, str]:
    files = PrincipalFiles(kafka_broker.credentials_dir)
    return files.access(kafka_broker.admin.bootstrap_servers, principal).librdkafka_config()


def test_each_hub_principal_does_its_job_and_no_more(
    kcat: Kcat, kafka_broker: HubBroker, two_subscribers: tuple
) -> None:
    a, _, _, _, markers = two_subscribers
    admin = kafka_broker.admin
    figures = b"figures-record"
    asyncio.run(_write(admin, REGION_FIGURES, figures))
    ingest = _hub(kafka_broker, HubPrincipal.INGEST)
    worker = _hub(kafka_broker, HubPrincipal.WORKER)
    egress = _hub(kafka_broker, HubPrincipal.EGRESS)
    feedapi = _hub(kafka_broker, HubPrincipal.FEEDAPI)

    event = f"event-{uuid.uuid4().hex}".encode()
    assert kcat.produce(ingest, CARE_EVENTS, event).returncode == 0
    assert _refused(kcat.consume(ingest, TRAJECTORY_FACTS))

    assert event in kcat.consume(worker, CARE_EVENTS).stdout
    assert _refused(kcat.produce(worker, CARE_EVENTS, b"forged-event"))

    # Justice events: the ingest writes them, the worker alone reads them.
    justice = f"justice-{uuid.uuid4().hex}".encode()
    assert kcat.produce(ingest, JUSTICE_EVENTS, justice).returncode == 0
    assert justice in kcat.consume(worker, JUSTICE_EVENTS).stdout
    assert _refused(kcat.produce(worker, JUSTICE_EVENTS, b"forged-justice"))
    assert _refused(kcat.consume(egress, JUSTICE_EVENTS))
    assert _refused(kcat.consume(feedapi, JUSTICE_EVENTS))

    assert figures in kcat.consume(egress, REGION_FIGURES).stdout
    assert kcat.produce(egress, feed_topic(a), b"egress-wrote").returncode == 0
    assert b"egress-wrote" in kcat.consume(egress, feed_topic(a)).stdout
    assert _refused(kcat.consume(egress, CARE_EVENTS))

    assert b"egress-wrote" in kcat.consume(feedapi, feed_topic(a)).stdout
    assert markers[a] in kcat.consume(feedapi, feed_topic(a)).stdout
    assert _refused(kcat.consume(feedapi, REGION_FIGURES))
    assert _refused(kcat.produce(feedapi, feed_topic(a), b"forged-feed"))


def test_remove_ends_the_access_and_keeps_the_topic(
    kcat: Kcat, operator: dict[str, str], kafka_admin: KafkaAccess, tmp_path: Path
) -> None:
    name = f"sub-gone-{uuid.uuid4().hex[:8]}"
    printed = _add(operator, name)
    marker = b"read-before-removal"
    asyncio.run(_write(kafka_admin, feed_topic(name), marker))
    config = _scram(kafka_admin, printed["kafka username"], printed["kafka password"])
    assert marker in kcat.consume(config, feed_topic(name)).stdout

    removed = run_jeugdhub(operator, "subscribers", "remove", name)
    assert removed.returncode == 0, removed.stderr

    after = kcat.consume(config, feed_topic(name))
    assert after.returncode != 0 and marker not in after.stdout
    assert b"Authentication failed" in after.stderr
    assert BrokerAdmin(kafka_admin).grants_of(printed["kafka username"]) == set()
    assert marker in kcat.consume(kafka_admin.librdkafka_config(), feed_topic(name)).stdout
    listed = run_jeugdhub(operator, "subscribers", "list")
    assert listed.returncode == 0 and name not in listed.stdout
