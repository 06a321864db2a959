"""The faust app: where events are aggregated (``jeugdhub worker``).

Three agents and a timer, with RocksDB tables (``rocksdb://``) whose changelog topics let
a worker rebuild its state elsewhere:

- ``trajectories`` (stage 1, care-events, keyed by youth): keeps the set of each youth's
  events, derives the youth's facts and sends the youth's whole contribution to each
  region it touches (``streams.messages``);
- ``capacities`` (stage 1, capacity, keyed by location): keeps each location's capacity
  events and sends the whole state to its region;
- ``regions`` (stage 2, trajectory-facts, keyed by region): keeps the latest message per
  (region, youth or location), replacing what it held;
- ``publish_figures`` (timer): computes the figures of the regions that changed and
  publishes them (Avro) on the region-figures topic.

Exactness does not rest on faust's exactly-once mode, nor on its offset commits: every
state is a set (adding an event twice changes nothing), every message carries a whole
value that replaces the previous one, and the input topics are read again from the start
after every restart or rebalance (see below), so crashes, rebalances and lost local
state all end in the figures of the complete set of events.
"""

from typing import Any

import faust

from connectors.publisher import EVENT_ID_HEADER
from jeugdhub.settings import Settings
from schemas.codec import decode_record, encode
from schemas.topics import CAPACITY, CARE_EVENTS, REGION_FIGURES, TRAJECTORY_FACTS
from streams.capacity import (
    LocationState,
    add_capacity_event,
    location_state_from_bytes,
    location_state_to_bytes,
)
from streams.messages import LOCATION, YOUTH, RegionMessage
from streams.publication import published
from streams.region_view import RegionView
from streams.regional import contribution_to_bytes
from streams.regional import contributions as region_contributions
from streams.trajectory import add_event, derive
from streams.youth_store import pack_youth, unpack_youth

# Every n-th tick rebuilds the in-memory view from the table and publishes every region
# this worker holds, not only the changed ones: after a rebalance or a recovery the view
# holds exactly the worker's partitions again, and a new owner publishes its regions.
FULL_PUBLISH_EVERY = 10


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
    return app.Table(name, key_type=bytes, value_type=bytes, partitions=partitions)


def _known(headers: Any, stored: bytes) -> bool:
    """Whether the stored youth already holds the message's event, without decoding.

    The publisher puts the event id in a header; each event of the stored state is a row
    that starts with its id (``streams.trajectory``), so a replayed event is recognised
    by a byte search instead of decoding both the Avro message and the youth's state.
    """
    for name, value in headers or ():
        if name == EVENT_ID_HEADER:
            return b'["' + value + b'"' in stored
    return False


def build_app(settings: Settings, bootstrap_servers: str) -> faust.App:  # noqa: PLR0915
    datadir = settings.state_dir / "worker"
    datadir.mkdir(parents=True, exist_ok=True)  # faust creates only the last level
    app = faust.App(
        settings.worker_app_id,
        broker=f"kafka://{bootstrap_servers}",
        store="rocksdb://",
        datadir=str(datadir),
        topic_replication_factor=settings.topic_replication_factor,
        web_enabled=False,
        producer_acks=-1,
    )
    # The input topics are never acked, so no offset is ever committed for them: every
    # start and every rebalance reads them again from the beginning. Two open faust bugs
    # can otherwise lose input for good: messages fetched during table recovery are
    # dropped when the queues are cleared (faust-streaming #596), and a gap at the head
    # of the acked offsets is committed over (#606). Replaying costs one state lookup
    # per already-known event (adding it again changes nothing); it grows with the
    # history, which is the price of exactness until faust's offset handling is fixed.
    care_events = _raw_topic(app, CARE_EVENTS, acks=False)
    capacity = _raw_topic(app, CAPACITY, acks=False)
    facts = _raw_topic(app, TRAJECTORY_FACTS, acks=False)
    figures_topic = _raw_topic(app, REGION_FIGURES)
    youths = _raw_table(app, "youths", 6)
    locations = _raw_table(app, "locations", 3)
    held = _raw_table(app, "region-held", 6)
    view = RegionView()
    ticks = [0]
    window = settings.replacement_window_days

    @app.agent(care_events)
    async def trajectories(stream: Any) -> None:
        async for event in stream.events():
            youth: bytes = event.message.key
            stored = youths.get(youth)
            if stored and _known(event.message.headers, stored):
                continue  # a replay or a resubmission: already in the youth's set
            name, record = decode_record(event.message.value)
            old_regions, state = unpack_youth(stored)
            new_state = add_event(state, name, record)
            if new_state is state:
                continue
            new = region_contributions(derive(new_state, window))
            for region in sorted(old_regions | new.keys()):
                body = contribution_to_bytes(new[region]) if region in new else b""
                message = RegionMessage(YOUTH, youth.decode(), body)
                await facts.send(key=region.encode(), value=message.encode())
            youths[youth] = pack_youth(set(new), new_state)

    @app.agent(capacity)
    async def capacities(stream: Any) -> None:
        async for event in stream.events():
            key: bytes = event.message.key
            name, record = decode_record(event.message.value)
            stored = locations.get(key)
            state = location_state_from_bytes(stored) if stored else LocationState()
            new_state = add_capacity_event(state, name, record)
            if new_state is state or new_state.region is None:
                continue
            body = location_state_to_bytes(new_state)
            message = RegionMessage(LOCATION, key.decode(), body)
            await facts.send(key=new_state.region.encode(), value=message.encode())
            locations[key] = body

    @app.agent(facts)
    async def regions(stream: Any) -> None:
        async for event in stream.events():
            region = event.message.key.decode()
            message = RegionMessage.decode(event.message.value)
            key = f"{region}|{message.table_key}".encode()
            if message.body and held.get(key) == message.body:
                continue  # a replay: the value is there already
            if message.body:
                held[key] = message.body
            elif key in held:
                del held[key]
            view.apply(region, message)

    @app.timer(interval=settings.figures_interval_s)  # type: ignore[untyped-decorator]
    async def publish_figures() -> None:
        ticks[0] += 1
        if ticks[0] % FULL_PUBLISH_EVERY == 1:
            view.rebuild(held.items())
        chosen = sorted(view.dirty)
        view.dirty.clear()
        for region in chosen:
            figures = view.figures(region)
            if figures is not None:
                await figures_topic.send(key=region.encode(), value=encode(published(figures)))

    return app
