"""Stage 1 on a topic of events: batches in, one step per subject, one bundle per region.

A batch holds at most :data:`BATCH_MESSAGES` messages, or what arrived within
:data:`BATCH_WITHIN_S`. :func:`step_batch` runs the subject's step
(``streams.youth_stage.step``) once on all its messages of the batch; :func:`run_stage_one`
sends each region one bundle of the new whole values on the trajectory-facts topic and,
once Kafka has acknowledged them, writes the subjects' new states to the stage's local
store (``streams.worker.partition_store``) and then how far each partition is read (the
order DEFINITIONS.md "Exactness" and "Restarts" rely on).

Each message is stepped once per pass: when it is the next one its partition's pass
needs (``streams.worker.replay``). The others come again once the partition is sought
back (beyond a hole, or handed out before the pass began), or were stepped already (read
again): stepping an event a second time after its erasure would bring it back. So a
state is always of a prefix of its partition: every event of the subject up to the
state's version, and none after it.
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.person_events import subject_of
from streams.messages import Versioned, bundles
from streams.worker.input_passes import Partition
from streams.worker.metrics import MESSAGES, arrival_header
from streams.worker.partition_store import PartitionStore, Stored
from streams.worker.pause_fence import PauseFence
from streams.worker.replay import Replay
from streams.worker.stage_failure import StageFailed
from streams.youth_stage.step import Arrival, Step, arrivals_of

# Under load a batch fills to the limit; the larger it is, the more of a youth's events
# share one step and one state write (a batch of 2,000 wrote 0.74 youths per event, one
# of 10,000 about 0.6) and the less time faust spends refilling (it stops while a batch is
# processed). At low load an event waits up to BATCH_WITHIN_S before it is stepped.
BATCH_MESSAGES = 10_000
BATCH_WITHIN_S = 1.0

# A subject's step: its key, its stored state (None: new) and its arrivals of the batch.
StepFunction = Callable[[str, bytes | None, Sequence[Arrival]], Step | None]
# A subject's stored state: given its input partition and its key.
StoredFunction = Callable[[int, bytes], bytes | None]


@dataclass(frozen=True, slots=True)
class NewState:
    partition: int  # the subject's input partition
    key: bytes
    version: int  # the offset of the subject's latest message the state holds
    stored: bytes  # empty: remove the subject


@dataclass(slots=True)
class SteppedBatch:
    states: list[NewState] = field(default_factory=list)
    facts: dict[str, list[Versioned]] = field(default_factory=dict)  # per region
    oldest: dict[str, float] = field(default_factory=dict)  # per region, its oldest Kafka time


def step_batch(
    stage: str, batch: Sequence[Any], stored: StoredFunction, step: StepFunction
) -> SteppedBatch:
    """One step per subject of the batch (events with a Kafka ``message`` each). Its
    messages carry the offset of the subject's latest message of the batch as their
    version (``streams.messages``): a subject's messages all lie on one input partition."""
    by_subject: dict[bytes, list[Any]] = {}
    for event in batch:
        by_subject.setdefault(subject_of(event.message.key), []).append(event)
    result = SteppedBatch()
    for key, events in by_subject.items():
        taken = [event.message for event in events]
        partition = taken[0].partition
        try:
            done = step(key.decode(), stored(partition, key), arrivals_of(taken))
        except Exception as exc:
            raise StageFailed(stage, taken, exc) from exc
        if done is None:
            continue
        version = max(message.offset for message in taken)
        result.states.append(NewState(partition, key, version, done.stored))
        arrived = min(message.timestamp for message in taken)
        for region, message in done.messages:
            result.facts.setdefault(region, []).append((version, message))
            result.oldest[region] = min(arrived, result.oldest.get(region, arrived))
    return result


async def run_stage_one(
    stage: str,
    stream: Any,
    store: PartitionStore,
    step: StepFunction,
    facts: Any,
    *,
    replay: Replay,
    fence: PauseFence,
) -> None:
    """Batches of a stage-1 topic: one step per subject, one bundle per region."""

    def stored(partition: int, key: bytes) -> bytes | None:
        state = store.get(partition, key)
        return None if state is None else state.body

    async for batch in stream.take_events(BATCH_MESSAGES, within=BATCH_WITHIN_S):
        MESSAGES.labels(stage).inc(len(batch))
        holes: set[Partition] = set()
        new = [event for event in batch if replay.note(event.message, holes)]
        stepped = step_batch(stage, new, stored, step)
        fence.check("it sends the facts of a batch it took")
        sent = [
            await facts.send(
                key=region.encode(), value=bundle, headers=arrival_header(stepped.oldest[region])
            )
            for region, messages in stepped.facts.items()
            for bundle in bundles(messages)
        ]
        # The facts must be in Kafka before the states that imply them: after a crash
        # in between, the events are not in the state yet and are stepped again.
        await asyncio.gather(*sent)
        fence.check("it writes the states of a batch it took")
        for state in stepped.states:
            if state.stored:
                store.put(state.partition, state.key, Stored(state.version, state.stored))
            else:
                store.delete(state.partition, state.key)  # erased
        # Every offset below the pass's next one is in the states now: resume there.
        for where in {(event.message.topic, event.message.partition) for event in new}:
            read_to = replay.tracked.expected(where)
            if read_to is not None:
                store.mark_read_to(where[1], read_to)
        await replay.rewind_to_holes(holes)
