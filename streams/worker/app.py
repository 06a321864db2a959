"""The faust app: where events enter the worker (``jeugdhub worker``). Wiring only: the
stages' work is in ``streams.youth_stage`` and ``streams.region_stage``, the publication
in ``streams.publication``.

Four agents and two timers. Each stage keeps its state in a local store per input
partition (``streams.worker.partition_store``), whose log is the input topic itself, and
resumes there after a restart or a rebalance:

- ``trajectories`` (stage 1, care-events, keyed by youth), ``justice_trajectories`` (the
  same step on the justice events, keyed by the justice pseudonym, in a store of its own)
  and ``capacities`` (stage 1, capacity, keyed by location) take the messages in batches
  (``streams.youth_stage.batches``): per subject one step (``streams.youth_stage.step``)
  per batch, and one bundle of whole values per region on the trajectory-facts topic
  (``streams.messages``);
- ``regions`` (stage 2, trajectory-facts, keyed by region) replaces what each region held
  and keeps its running totals (``streams.region_stage.hold``), in its store of the
  trajectory-facts topic (``streams.region_stage.region_store``);
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
from pathlib import Path
from typing import Any

import faust

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from schemas.topics import (
    CAPACITY,
    CARE_EVENTS,
    DELETE_RETENTION_MS,
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
from streams.worker.partition_store import PartitionStore
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay
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


# Stage 1 per input topic: the stage's name (its agent's, and in metrics and errors) and
# its store's folder under the worker's state folder. The justice youths have a store of
# their own: their pseudonyms are of another domain, so their sets hold justice events
# only and the step gives them justice contributions only (streams.youth_stage.justice).
# v4 (youths): each state is kept with its version, in a store of the worker's own
# instead of a faust table.
STAGE_ONE = {
    CARE_EVENTS: ("trajectories", "youths-v4"),
    JUSTICE_EVENTS: ("justice-trajectories", "justice-youths-v2"),
    CAPACITY: ("capacities", "locations-v2"),
}
# The stage-2 store (v4: each value is held with its version; v3: contributions carry
# record keys). It follows the facts topic's version.
REGION_STORE = "region-held-v4"
# A store of an erasable topic is trusted for half the time its tombstones stay: a worker
# that comes back later could miss erasures (streams.worker.partition_store).
ERASURES_KEPT_S = DELETE_RETENTION_MS / 1000 / 2


def stage_one_store(datadir: Path, topic: str) -> PartitionStore:
    trusted_for_s = ERASURES_KEPT_S if topic in ERASABLE_TOPICS else None
    return PartitionStore(datadir / STAGE_ONE[topic][1], topic, trusted_for_s)


def _stage_one(
    app: faust.App,
    topic: str,
    *,
    store: PartitionStore,
    step: StepFunction,
    facts: Any,
    replay: Replay,
    fence: PauseFence,
) -> None:
    name = STAGE_ONE[topic][0]

    @app.agent(_raw_topic(app, topic, acks=False), name=name)
    async def stage_one(stream: Any) -> None:
        stage = run_stage_one(name, stream, store, step, facts, replay=replay, fence=fence)
        await stop_worker_on_failure(app, stage)


def _prepare_faust() -> None:
    """Check faust's internals this worker uses, then apply its fix to faust."""
    verify_faust_internals()  # before anything below reaches into faust
    connect_before_asking_for_the_controller()


def build_app(settings: Settings, access: KafkaAccess) -> faust.App:
    _prepare_faust()
    datadir = settings.state_dir / "worker"
    datadir.mkdir(parents=True, exist_ok=True)  # faust creates only the last level
    app = faust.App(
        settings.worker_app_id,
        **access.faust_options(),
        datadir=str(datadir),
        topic_replication_factor=settings.topic_replication_factor,
        web_enabled=False,
        producer_acks=-1,
        # A restart must not wait a minute for the group to give up on the member that
        # died: a short session, and with an instance id, static membership (the restarted
        # worker is that member). faust's heartbeat (3 s) stays below a third of it.
        broker_session_timeout=settings.worker_session_timeout_s,
        consumer_group_instance_id=settings.worker_instance_id,
        # Facts messages leave in batches instead of one request each.
        producer_linger=0.01,
    )
    # The input topics are never acked, so no offset is ever committed for them: every
    # start and every rebalance reads each input partition again from where the stage's
    # own store stopped reading it (its first offset for a store that is new). Two open
    # faust bugs could otherwise lose input for good: messages fetched while a rebalance
    # finishes are dropped when the queues are cleared (faust-streaming #596), and a gap
    # at the head of the acked offsets is committed over (#606). After each assignment
    # the worker seeks its inputs back itself and checks that it reads every offset from
    # there (``streams.worker.replay``).
    facts = _raw_topic(app, TRAJECTORY_FACTS, acks=False)
    figures_topics = {
        YOUTH: _raw_topic(app, REGION_FIGURES),
        JUSTICE: _raw_topic(app, JUSTICE_REGION_FIGURES),
        RESIDENTS: _raw_topic(app, MUNICIPALITY_FIGURES),
        PROVIDERS: _raw_topic(app, PROVIDER_FIGURES),
    }
    stores = {topic: stage_one_store(datadir, topic) for topic in STAGE_ONE}
    hold = Hold(RegionStore(datadir / REGION_STORE), RegionView())
    inputs = frozenset((*STAGE_ONE, TRAJECTORY_FACTS))
    resume = {topic: store.resume_at for topic, store in stores.items()}
    replay = Replay(
        app,
        inputs,
        compacted=ERASABLE_TOPICS,
        resume={**resume, TRAJECTORY_FACTS: hold.resume_at},
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

    steps: dict[str, StepFunction] = {
        CARE_EVENTS: youth,
        JUSTICE_EVENTS: youth,
        CAPACITY: location_step,
    }
    for topic, store in stores.items():
        _stage_one(
            app, topic, store=store, step=steps[topic], facts=facts, replay=replay, fence=fence
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
    async def read_inputs_again(app: faust.App, **kwargs: Any) -> None:
        replay.assigning()

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def close_stores(app: faust.App, **kwargs: Any) -> None:
        for store in stores.values():
            store.close()
        hold.store.close()

    return app
