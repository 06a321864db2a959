"""The faust app: where events enter the worker (``jeugdhub worker``). Wiring only: the
stages' work is in ``streams.youth_stage`` and ``streams.region_stage``, the publication
in ``streams.publication``.

Four agents and two timers, with RocksDB tables (``rocksdb://``) whose changelog topics
let a worker rebuild its state elsewhere:

- ``trajectories`` (stage 1, care-events, keyed by youth), ``justice_trajectories`` (the
  same step on the justice events, keyed by the justice pseudonym, in a table of its own)
  and ``capacities`` (stage 1, capacity, keyed by location) take the messages in batches
  (``streams.youth_stage.batches``): per subject one step (``streams.youth_stage.step``)
  per batch, and one bundle of whole values per region on the trajectory-facts topic
  (``streams.messages``);
- ``regions`` (stage 2, trajectory-facts, keyed by region) replaces what each region held
  and keeps its running totals (``streams.region_stage.hold``), in a local RocksDB whose
  log is the trajectory-facts topic (``streams.region_stage.region_store``);
- ``lag`` (timer): measures the consumer lag of the inputs (``streams.worker.lag``) and
  stops a worker that reads nothing while its input waits (``streams.worker.stall_watch``);
- ``publish_figures`` (timer): publishes the figures of the regions that changed
  (``streams.publication.publisher``).

A worker whose process stood still long enough for its group to give its partitions away
stops before it writes again (``streams.worker.pause_fence``).

Why crashes, rebalances and lost local state all end in the figures of the complete set
of events: streams/DEFINITIONS.md "Exactness".
"""

import time
from collections.abc import Sequence
from typing import Any

import faust

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from schemas.topics import (
    CAPACITY,
    CARE_EVENTS,
    CHANGELOG_CONFIG,
    ERASABLE_TOPICS,
    JUSTICE_EVENTS,
    JUSTICE_REGION_FIGURES,
    MUNICIPALITY_FIGURES,
    PROVIDER_FIGURES,
    REGION_FIGURES,
    TRAJECTORY_FACTS,
)
from streams.messages import JUSTICE, PROVIDERS, RESIDENTS, YOUTH
from streams.publication.publisher import FiguresPublisher
from streams.region_stage.hold import Hold, run_stage_two
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView
from streams.worker.controller_lookup import connect_before_asking_for_the_controller
from streams.worker.faust_internals import verify_faust_internals
from streams.worker.lag import measure_lag
from streams.worker.metrics import PublicationLatency
from streams.worker.partition_check import check_partitions_once_known
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay
from streams.worker.rocksdb_limits import FAUST_TABLE_OPTIONS
from streams.worker.stage_failure import stop_worker_on_failure
from streams.worker.stall_watch import StallWatch
from streams.youth_stage.batches import StepFunction, run_stage_one
from streams.youth_stage.step import Arrival, Step, location_step, youth_step

LAG_INTERVAL_S = 5.0  # how often the consumer lag is measured (one offsets request)


def _raw_topic(app: faust.App, name: str, acks: bool = True) -> Any:
    return app.topic(
        name,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        acks=acks,
    )


def _raw_table(app: faust.App, name: str, partitions: int) -> Any:
    # bytes key and value types make faust use its raw codec: the values are our own
    # compact encodings, and keys stay bytes after recovery from the changelog.
    # The changelog (compacted by faust) keeps every older state of a youth until the
    # log cleaner passes: its maximum lag bounds how long an erased youth's states stay
    # there, as on the event topics (schemas.topics).
    return app.Table(
        name,
        key_type=bytes,
        value_type=bytes,
        partitions=partitions,
        options=FAUST_TABLE_OPTIONS,
        extra_topic_configs=CHANGELOG_CONFIG,
    )


def _justice_trajectories(
    app: faust.App, step: StepFunction, facts: Any, replay: Replay, fence: PauseFence
) -> None:
    """Stage 1 of the justice events: the youths' step, on a table of their own. Their
    pseudonyms are of another domain, so their sets hold justice events only and the
    step gives them justice contributions only (streams.youth_stage.justice)."""
    justice_events = _raw_topic(app, JUSTICE_EVENTS, acks=False)
    justice_youths = _raw_table(app, "justice-youths-v1", 6)

    @app.agent(justice_events)
    async def justice_trajectories(stream: Any) -> None:
        stage = run_stage_one(
            "justice-trajectories", stream, justice_youths, step, facts, replay=replay, fence=fence
        )
        await stop_worker_on_failure(app, stage)


def _prepare_faust() -> None:
    """Check faust's internals this worker uses, then apply its two fixes to faust."""
    verify_faust_internals()  # before anything below reaches into faust
    connect_before_asking_for_the_controller()
    check_partitions_once_known()


def build_app(settings: Settings, access: KafkaAccess) -> faust.App:
    _prepare_faust()
    datadir = settings.state_dir / "worker"
    datadir.mkdir(parents=True, exist_ok=True)  # faust creates only the last level
    app = faust.App(
        settings.worker_app_id,
        **access.faust_options(),
        store="rocksdb://",
        datadir=str(datadir),
        topic_replication_factor=settings.topic_replication_factor,
        web_enabled=False,
        producer_acks=-1,
        # A restart must not wait a minute for the group to give up on the member that
        # died: a short session, and with an instance id, static membership (the restarted
        # worker is that member). faust's heartbeat (3 s) stays below a third of it.
        broker_session_timeout=settings.worker_session_timeout_s,
        consumer_group_instance_id=settings.worker_instance_id,
        # Changelog and facts messages leave in batches instead of one request each.
        producer_linger=0.01,
    )
    # The input topics are never acked, so no offset is ever committed for them: every
    # start and every rebalance reads the event topics again from the beginning, and the
    # facts topic from where stage 2's own store stopped reading it. Two open faust bugs
    # can otherwise lose input for good: messages fetched during table recovery are
    # dropped when the queues are cleared (faust-streaming #596), and a gap at the head
    # of the acked offsets is committed over (#606). After each assignment the worker
    # seeks its inputs back itself and checks that it reads every offset from there
    # (``streams.worker.replay``).
    # Replaying the events costs a byte search per already-known event; it grows with the
    # history, until stage 1 has committed progress too (DEFINITIONS.md "Restarts").
    care_events = _raw_topic(app, CARE_EVENTS, acks=False)
    capacity = _raw_topic(app, CAPACITY, acks=False)
    facts = _raw_topic(app, TRAJECTORY_FACTS, acks=False)
    figures_topics = {
        YOUTH: _raw_topic(app, REGION_FIGURES),
        JUSTICE: _raw_topic(app, JUSTICE_REGION_FIGURES),
        RESIDENTS: _raw_topic(app, MUNICIPALITY_FIGURES),
        PROVIDERS: _raw_topic(app, PROVIDER_FIGURES),
    }
    # v3: each kept event has its municipality of residence, which a v2 state lacks (v2:
    # its legal framework); the store follows the facts topic's version (v4: each value
    # is held with its version; v3: contributions carry record keys).
    youths = _raw_table(app, "youths-v3", 6)
    locations = _raw_table(app, "locations", 3)
    hold = Hold(RegionStore(datadir / "region-held-v4"), RegionView())
    inputs = frozenset((CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, TRAJECTORY_FACTS))
    # Stage 2 resumes each facts partition where its own store stopped reading it.
    replay = Replay(
        app, inputs, compacted=ERASABLE_TOPICS, resume={TRAJECTORY_FACTS: hold.resume_at}
    )
    latency = PublicationLatency(time.time())
    # A worker frozen long enough to lose its partitions stops before it writes again.
    fence = PauseFence(settings.worker_session_timeout_s / 2)
    fence.start()
    publisher = FiguresPublisher(
        app,
        hold=hold,
        replay=replay,
        topics=figures_topics,
        latency=latency,
        fence=fence,
    )
    window = settings.replacement_window_days

    def youth(subject: str, stored: bytes | None, arrivals: Sequence[Arrival]) -> Step | None:
        return youth_step(subject, stored, arrivals, window)

    @app.agent(care_events)
    async def trajectories(stream: Any) -> None:
        await stop_worker_on_failure(
            app,
            run_stage_one("trajectories", stream, youths, youth, facts, replay=replay, fence=fence),
        )

    _justice_trajectories(app, youth, facts, replay, fence)

    @app.agent(capacity)
    async def capacities(stream: Any) -> None:
        await stop_worker_on_failure(
            app,
            run_stage_one(
                "capacities", stream, locations, location_step, facts, replay=replay, fence=fence
            ),
        )

    @app.agent(facts)
    async def regions(stream: Any) -> None:
        await stop_worker_on_failure(app, run_stage_two(stream, hold, replay, latency))

    stalls = StallWatch()  # a worker that reads nothing while input waits stops

    @app.timer(interval=LAG_INTERVAL_S)  # type: ignore[untyped-decorator]
    async def lag() -> None:
        await stop_worker_on_failure(app, measure_lag(app, replay, inputs, stalls, fence))

    @app.timer(interval=settings.figures_interval_s)  # type: ignore[untyped-decorator]
    async def publish_figures() -> None:
        await stop_worker_on_failure(app, publisher.publish_changed())

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]
    async def read_inputs_from_the_start(app: faust.App, **kwargs: Any) -> None:
        replay.assigning()

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def close_store(app: faust.App, **kwargs: Any) -> None:
        hold.store.close()

    return app
