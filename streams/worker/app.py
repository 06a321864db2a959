"""The faust app: where events are aggregated (``jeugdhub worker``).

Four agents and a timer, with RocksDB tables (``rocksdb://``) whose changelog topics let
a worker rebuild its state elsewhere:

- ``trajectories`` (stage 1, care-events, keyed by youth), ``justice_trajectories`` (the
  same step on the justice events, keyed by the justice pseudonym, in a table of its own)
  and ``capacities`` (stage 1, capacity, keyed by location) take the messages in
  batches; per subject they run the step of ``streams.youth_stage.step`` once per batch and
  send each region one bundle of whole values on the trajectory-facts topic
  (``streams.messages``);
- ``regions`` (stage 2, trajectory-facts, keyed by region): keeps the latest value per
  (region, youth or location) in a local RocksDB (``streams.region_stage.region_store``, whose log
  is the trajectory-facts topic), replacing what it held, and keeps the running totals;
- ``publish_figures`` (timer): publishes the figures of the regions that changed
  (``streams.publication.publisher``).

A worker whose process stood still long enough for its group to give its partitions away
stops before it writes again (``streams.worker.pause_fence``).

Exactness does not rest on faust's exactly-once mode, nor on its offset commits: every
state is a set (adding an event twice changes nothing), every message carries a whole
value that replaces the previous one, the facts of a batch are acknowledged by Kafka
before the states that imply them are written, and the input topics are read again from
the start after every restart or rebalance (see below). So crashes, rebalances and lost
local state all end in the figures of the complete set of events.
"""

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import faust

from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.settings import Settings
from schemas.person_events import subject_of
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
from streams.messages import (
    JUSTICE,
    PROVIDERS,
    RESIDENTS,
    YOUTH,
    RegionMessage,
    bundles,
    unbundle,
)
from streams.publication.publisher import FiguresPublisher
from streams.region_stage.region_store import RegionStore
from streams.region_stage.region_view import RegionView
from streams.worker.controller_lookup import connect_before_asking_for_the_controller
from streams.worker.faust_internals import make_current, verify_faust_internals
from streams.worker.input_passes import Partition
from streams.worker.lag import measure_lag
from streams.worker.metrics import MESSAGES, PublicationLatency, arrival_header
from streams.worker.partition_check import check_partitions_once_known
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay
from streams.worker.rocksdb_limits import FAUST_TABLE_OPTIONS
from streams.worker.stage_failure import StageFailed, stop_worker_on_failure
from streams.youth_stage.step import Arrival, Step, arrivals_of, location_step, youth_step

# A stage-1 batch: at most this many messages, or what arrived within this time. Under
# load a batch fills to the limit; the larger it is, the more of a youth's events share
# one step and one changelog write (a batch of 2,000 wrote 0.74 youths per event, one of
# 10,000 about 0.6) and the less time faust spends refilling (it stops while a batch is
# processed). At low load an event waits up to BATCH_WITHIN_S before it is stepped.
BATCH_MESSAGES = 10_000
BATCH_WITHIN_S = 1.0
LAG_INTERVAL_S = 5.0  # how often the consumer lag is measured (one offsets request)

StepFunction = Callable[[str, bytes | None, Sequence[Arrival]], Step | None]


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


def _in_partition_of(event: Any) -> None:
    """Make the table calls that follow use the event's partition.

    A faust table reads and writes the partition of the *current event*, a context
    variable that faust sets per event; a batch holds events of many partitions, so it
    is set here per subject. Only this task's context changes: faust's own consumer
    task, which fills the batch, keeps its current event.
    """
    make_current(event)


async def _stage_one(
    stage: str,
    stream: Any,
    table: Any,
    step: StepFunction,
    facts: Any,
    *,
    replay: Replay,
    fence: PauseFence,
) -> None:
    """Batches of a stage-1 topic: one step per subject, one bundle per region."""
    async for batch in stream.take_events(BATCH_MESSAGES, within=BATCH_WITHIN_S):
        MESSAGES.labels(stage).inc(len(batch))
        by_subject: dict[bytes, list[Any]] = {}
        holes: set[Partition] = set()
        for event in batch:
            by_subject.setdefault(subject_of(event.message.key), []).append(event)
            replay.note(event.message, holes)
        written: list[tuple[Any, bytes, bytes]] = []
        per_region: dict[str, list[RegionMessage]] = {}
        oldest: dict[str, float] = {}  # per region, the Kafka time of its oldest event
        for key, events in by_subject.items():
            _in_partition_of(events[0])
            taken = [event.message for event in events]
            try:
                done = step(key.decode(), table.get(key), arrivals_of(taken))
            except Exception as exc:
                raise StageFailed(stage, taken, exc) from exc
            if done is not None:
                written.append((events[0], key, done.stored))
                arrived = min(event.message.timestamp for event in events)
                for region, message in done.messages:
                    per_region.setdefault(region, []).append(message)
                    oldest[region] = min(arrived, oldest.get(region, arrived))
        fence.check("it sends the facts of a batch it took")
        sent = [
            await facts.send(
                key=region.encode(), value=bundle, headers=arrival_header(oldest[region])
            )
            for region, messages in per_region.items()
            for bundle in bundles(messages)
        ]
        # The facts must be in Kafka before the states that imply them: after a crash
        # in between, the events are not in the state yet and are stepped again.
        await asyncio.gather(*sent)
        fence.check("it writes the states of a batch it took")
        for event, key, stored in written:
            _in_partition_of(event)
            if stored:
                table[key] = stored
            elif key in table:
                del table[key]  # erased: a tombstone on the changelog too
        await replay.rewind_to_holes(holes)


async def _stage_two(
    stream: Any, held: RegionStore, view: RegionView, replay: Replay, latency: PublicationLatency
) -> None:
    """Bundles of the trajectory-facts topic: replace what each region held."""
    async for event in stream.events():
        region = event.message.key.decode()
        partition = event.message.partition
        holes: set[Partition] = set()
        replay.note(event.message, holes)
        MESSAGES.labels("regions").inc()
        latency.arrived(region, event.message.headers)
        try:
            _hold(region, partition, unbundle(event.message.value), held, view)
        except Exception as exc:
            raise StageFailed("regions", [event.message], exc) from exc
        await replay.rewind_to_holes(holes)


def _hold(
    region: str,
    partition: int,
    messages: Iterable[RegionMessage],
    held: RegionStore,
    view: RegionView,
) -> None:
    """Replace what the region held for each subject, and update its running totals."""
    for message in messages:
        key = f"{region}|{message.table_key}".encode()
        old = held.get(partition, key)
        if old == (message.body or None):
            continue  # a replay: the value is there already
        if message.body:
            held.put(partition, key, message.body)
        else:
            held.delete(partition, key)
        view.apply(region, message, old)


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
        stage = _stage_one(
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
    # start and every rebalance reads them again from the beginning. Two open faust bugs
    # can otherwise lose input for good: messages fetched during table recovery are
    # dropped when the queues are cleared (faust-streaming #596), and a gap at the head
    # of the acked offsets is committed over (#606). After each assignment the worker
    # seeks its inputs back to the start itself and checks that it reads every offset
    # (``streams.worker.replay``).
    # Replaying costs a byte search per already-known event; it grows with the history,
    # which is the price of exactness until faust's offset handling is fixed.
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
    # its legal framework); the store follows the facts topic's version (v3:
    # contributions carry record keys).
    youths = _raw_table(app, "youths-v3", 6)
    locations = _raw_table(app, "locations", 3)
    held = RegionStore(datadir / "region-held-v3")
    view = RegionView()
    inputs = frozenset((CARE_EVENTS, JUSTICE_EVENTS, CAPACITY, TRAJECTORY_FACTS))
    replay = Replay(app, inputs, compacted=ERASABLE_TOPICS)
    latency = PublicationLatency(time.time())
    # A worker frozen long enough to lose its partitions stops before it writes again.
    fence = PauseFence(settings.worker_session_timeout_s / 2)
    fence.start()
    publisher = FiguresPublisher(
        app,
        held=held,
        view=view,
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
            _stage_one("trajectories", stream, youths, youth, facts, replay=replay, fence=fence),
        )

    _justice_trajectories(app, youth, facts, replay, fence)

    @app.agent(capacity)
    async def capacities(stream: Any) -> None:
        await stop_worker_on_failure(
            app,
            _stage_one(
                "capacities", stream, locations, location_step, facts, replay=replay, fence=fence
            ),
        )

    @app.agent(facts)
    async def regions(stream: Any) -> None:
        await stop_worker_on_failure(app, _stage_two(stream, held, view, replay, latency))

    @app.timer(interval=LAG_INTERVAL_S)  # type: ignore[untyped-decorator]
    async def lag() -> None:
        await measure_lag(app, replay, inputs)

    @app.timer(interval=settings.figures_interval_s)  # type: ignore[untyped-decorator]
    async def publish_figures() -> None:
        await stop_worker_on_failure(app, publisher.publish_changed())

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]
    async def read_inputs_from_the_start(app: faust.App, **kwargs: Any) -> None:
        replay.assigning()

    @app.on_before_shutdown.connect  # type: ignore[arg-type]
    async def close_store(app: faust.App, **kwargs: Any) -> None:
        held.close()

    return app
