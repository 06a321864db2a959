"""A real Prometheus scrapes a running gateway, worker, egress and feed API during a short
stream sent through the gateway, and its query API shows what was sent: the ingest
counters, the consumer lag, the latency histogram; every dashboard query runs there."""

import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from random import Random
from typing import Any

import httpx
import pytest

from connectors.gateway.tokens import TokenStore
from connectors.simulator.bsn import BsnSource
from jeugdhub.localkafka.broker import free_port
from schemas.records import Source
from schemas.topics import CORE_TOPICS, EVENT_TOPICS, TRAJECTORY_FACTS
from schemas.vocabulary import OrganisationType
from tests.commands import JeugdhubProcess, start_serving, terminate
from tests.factories import Identity, capacity_records, person_records
from tests.feeds.running import subscribe
from tests.operators.dashboard import panel_queries
from tests.operators.prometheus import RunningPrometheus
from tests.worker.running import WorkerProcess

YOUTHS = 30
BAD_BSN = "123456789"  # fails the 11-proef
REJECTED = 5
JOBS = ("jeugdhub-gateway", "jeugdhub-worker", "jeugdhub-egress", "jeugdhub-feed-api")
# Every label a hub metric may carry: none holds a pseudonym, token, file or person.
ALLOWED_LABELS = {
    "__name__", "job", "instance", "source_type", "channel", "outcome", "reason", "group",
    "topic", "partition", "region", "kind", "regime", "status", "stage", "le",
}  # fmt: skip
# Dashboard queries on events this stream does not cause (a withheld release): they must
# run, and may be empty.
MAY_BE_EMPTY = ("withheld",)


def _batches() -> tuple[list[list[dict[str, Any]]], list[str]]:
    """One batch per youth (every person event type but the municipality's), the
    provider's capacity; the BSNs sent."""
    bsns = BsnSource(Random(14))
    batches, sent_bsns = [], []
    for n in range(YOUTHS):
        who = Identity(bsn=bsns.next(), name=f"Testkind {n}")
        sent_bsns.append(who.bsn)
        records = [r for r in person_records(who, prefix=f"y{n}") if r["source"]["code"] != "0307"]
        batches.append(records)
    capacity = [r for r in capacity_records() if r["source"]["organisation_type"] == "PROVIDER"]
    batches.append(capacity)
    for batch in batches:
        for record in batch:
            del record["source"]  # the gateway takes it from the token
    return batches, sent_bsns


def _bad_batch() -> list[dict[str, Any]]:
    records = person_records(Identity(bsn=BAD_BSN), prefix="bad")[:REJECTED]
    for record in records:
        del record["source"]
    return records


class Hub:
    """The four processes with metrics on loopback ports, and a Prometheus scraping them."""

    def __init__(self, env: dict[str, str], home: Path) -> None:
        self.metrics = {job: free_port() for job in JOBS}
        self.env = {
            **env,
            "JEUGDHUB_METRICS_KAFKA_PROBE_S": "1",
            "JEUGDHUB_FIGURES_INTERVAL_S": "1",
            "JEUGDHUB_GATEWAY_METRICS_PORT": str(self.metrics["jeugdhub-gateway"]),
            "JEUGDHUB_WORKER_METRICS_PORT": str(self.metrics["jeugdhub-worker"]),
            "JEUGDHUB_EGRESS_METRICS_PORT": str(self.metrics["jeugdhub-egress"]),
            "JEUGDHUB_FEED_API_METRICS_PORT": str(self.metrics["jeugdhub-feed-api"]),
        }
        _, self.token = TokenStore(
            Path(env["JEUGDHUB_STATE_DIR"]) / "gateway" / "tokens.json"
        ).issue(Source(organisation_type=OrganisationType.PROVIDER, code="99000001"))
        self.subscription = subscribe(self.env, "region-utrecht-stad", "region", "utrecht-stad")
        self.worker = WorkerProcess(self.env, home / "worker")
        self.egress = JeugdhubProcess(self.env, home / "egress.log", "egress")
        port, api_port = free_port(), free_port()
        self.gateway_url = f"http://127.0.0.1:{port}"
        self.feed_api_url = f"http://127.0.0.1:{api_port}"
        self.gateway = start_serving(self.env, home / "gateway.log", port, "/ready", "gateway")
        self.feed_api = start_serving(
            self.env, home / "feedapi.log", api_port, "/ready", "feed-api"
        )
        targets = {job: f"127.0.0.1:{port}" for job, port in self.metrics.items()}
        self.prometheus = RunningPrometheus(home / "prometheus", targets)

    def post(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        answer = httpx.post(
            f"{self.gateway_url}/v1/events",
            content=json.dumps({"records": records}).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            timeout=60,
        )
        assert answer.status_code in (200, 207, 422), answer.text
        body: dict[str, Any] = answer.json()
        return body

    def stop(self) -> None:
        self.prometheus.stop()
        for server in (self.gateway, self.feed_api):
            terminate(server)
        self.egress.stop()
        self.worker.stop()


@pytest.fixture
def running(hub: dict[str, str], tmp_path: Path) -> Iterator[Hub]:
    started = Hub(hub, tmp_path / "run")
    try:
        yield started
    finally:
        started.stop()


def _partitions(*topics: str) -> int:
    return sum(spec.partitions for spec in CORE_TOPICS if spec.name in topics)


@pytest.mark.slow
def test_prometheus_sees_what_was_sent(running: Hub, hub: dict[str, str]) -> None:
    prometheus = running.prometheus
    prometheus.wait_for('up{job=~"jeugdhub-.+"} == 1', lambda r: len(r) == len(JOBS))
    with (
        httpx.Client(timeout=None) as client,
        client.stream(  # an open SSE subscriber for the whole test
            "GET",
            f"{running.feed_api_url}/v1/feed/stream",
            headers={"Authorization": f"Bearer {running.subscription.api_token}"},
        ),
    ):
        _check_the_metrics(running, hub)


def _check_the_metrics(running: Hub, hub: dict[str, str]) -> None:
    prometheus = running.prometheus
    first_sent = time.time()
    batches, bsns = _batches()
    answered: Counter[str] = Counter()
    for batch in [*batches, batches[0], _bad_batch()]:  # the first again: duplicates
        answered.update(result["status"] for result in running.post(batch)["results"])
        time.sleep(0.2)
    accepted = sum(len(batch) for batch in batches)
    assert answered == {"accepted": accepted, "duplicate": len(batches[0]), "rejected": REJECTED}

    # The ingest counters: exactly what the gateway answered.
    outcomes = 'sum by (outcome) (jeugdhub_ingest_records_total{job="jeugdhub-gateway"})'
    prometheus.wait_for(
        outcomes, lambda r: len(r) == 3 and sum(float(s["value"][1]) for s in r) == answered.total()
    )
    assert prometheus.values(outcomes, "outcome") == dict(answered)
    rejects = "sum by (source_type, reason) (jeugdhub_ingest_rejects_total)"
    assert prometheus.query(rejects)[0]["metric"] == {
        "source_type": "PROVIDER",
        "reason": "youth.bsn",
    }
    assert prometheus.values(rejects, "reason") == {"youth.bsn": REJECTED}
    assert prometheus.values("sum by (channel) (jeugdhub_dead_letters_total)", "channel") == {
        "json": REJECTED
    }

    # The lag: a series per input partition of the worker, each down to 0 once it has
    # read everything; the worker took at least every accepted event.
    inputs = (*EVENT_TOPICS, TRAJECTORY_FACTS)
    lag = f'jeugdhub_consumer_lag{{group="{hub["JEUGDHUB_WORKER_APP_ID"]}"}}'
    caught_up = prometheus.wait_for(
        lag, lambda r: len(r) == _partitions(*inputs) and all(float(s["value"][1]) == 0 for s in r)
    )
    assert {s["metric"]["topic"] for s in caught_up} == set(inputs)
    taken = prometheus.values("sum by (stage) (jeugdhub_worker_messages_total)", "stage")
    stage_one = ("trajectories", "justice-trajectories", "capacities")
    assert sum(taken.get(stage, 0) for stage in stage_one) >= accepted

    # The latency histogram: observed, and no observation older than the stream itself.
    count = "sum(jeugdhub_publication_latency_seconds_count)"
    prometheus.wait_for(count, lambda r: bool(r) and float(r[0]["value"][1]) >= 1)
    elapsed = time.time() - first_sent
    buckets = prometheus.values("sum by (le) (jeugdhub_publication_latency_seconds_bucket)", "le")
    by_bound = {float(le): count for le, count in buckets.items()}  # "+Inf" is inf
    observed = by_bound[float("inf")]
    assert by_bound[min(bound for bound in by_bound if bound >= elapsed)] == observed
    published = prometheus.values("sum(jeugdhub_region_figures_published_total)", "")[""]
    assert 1 <= observed <= published * 2  # at most one per kind and publication

    # The egress released the region's capacity; the SSE subscriber is counted.
    prometheus.wait_for('jeugdhub_feed_releases_total{regime="region", kind="CAPACITY"} >= 1', bool)
    prometheus.wait_for('jeugdhub_feed_api_streams{regime="region"} == 1', bool)
    prometheus.wait_for("jeugdhub_kafka_reachable == 1", lambda r: len(r) == len(JOBS))
    assert prometheus.values("jeugdhub_kafka_brokers", "job") == dict.fromkeys(JOBS, 1.0)

    # Every dashboard query runs; those on metrics this hub serves have data.
    for title, promql in panel_queries():
        result = prometheus.query(promql)
        if not any(part in promql for part in MAY_BE_EMPTY):
            assert result, f"dashboard panel {title!r}: {promql} returned nothing"

    # The alert rules loaded and evaluate without error.
    groups = prometheus.api("rules")["groups"]
    assert [rule["health"] for group in groups for rule in group["rules"]] == ["ok"] * 8

    # No label is unbounded or personal: only the allowed names, and no BSN anywhere.
    series = prometheus.api("series", **{"match[]": '{__name__=~"jeugdhub_.+"}'})
    assert {name for labels in series for name in labels} <= ALLOWED_LABELS
    values = {value for labels in series for value in labels.values()}
    assert not values & set(bsns) and BAD_BSN not in values
