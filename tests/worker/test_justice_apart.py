"""Justice events on the real broker: on their own topic under their own pseudonyms, read
by the worker beside the general events, and the general figures are byte for byte the
same whether the justice events are there or not."""

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from aiokafka.structs import TopicPartition

from jeugdhub.kafka_access import KafkaAccess
from schemas.aggregates import RegionFiguresPublished
from schemas.codec import decode_any, decode_record, encode
from schemas.topics import (
    CARE_EVENTS,
    JUSTICE_EVENTS,
    JUSTICE_REGION_FIGURES,
    MUNICIPALITY_FIGURES,
    REGION_FIGURES,
)
from schemas.vocabulary import is_justice_data
from tests.commands import run_jeugdhub
from tests.kafka_reading import read_to_end
from tests.worker.conftest import hub_admin
from tests.worker.running import WorkerProcess, wait_for_reference_figures

GENERAL_FIGURES = (REGION_FIGURES, MUNICIPALITY_FIGURES)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _care_of(value: dict[str, Any]) -> tuple[str, str] | None:
    care = value.get("care")
    return None if care is None else (care["care_function"], care["legal_framework"])


def _general_figures(access: KafkaAccess, after: dict[str, int]) -> dict[tuple[str, str], bytes]:
    """The latest general figures per (topic, area) published after the offsets in
    ``after`` (per topic and partition), encoded with the publication time left out."""
    latest: dict[tuple[str, str], bytes] = {}
    for record in asyncio.run(read_to_end(access, list(GENERAL_FIGURES))):
        if record.offset < after.get(f"{record.topic}/{record.partition}", 0):
            continue
        figures = decode_any(record.value)
        assert isinstance(figures, RegionFiguresPublished)
        timeless = figures.model_copy(update={"published_at": EPOCH})
        latest[(record.topic, figures.region)] = encode(timeless)
    return latest


async def _ends(access: KafkaAccess, topics: tuple[str, ...]) -> dict[str, int]:
    ends: dict[str, int] = {}
    for topic in topics:
        for record in await read_to_end(access, [topic]):
            key = f"{record.topic}/{record.partition}"
            ends[key] = max(ends.get(key, 0), record.offset + 1)
    return ends


async def _delete_justice_events(access: KafkaAccess) -> None:
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        offsets: dict[TopicPartition, RecordsToDelete] = {
            TopicPartition(JUSTICE_EVENTS, partition): RecordsToDelete(before_offset=-1)
            for partition in range(6)
        }
        await admin.delete_records(offsets)
    finally:
        await admin.close()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_justice_events_stay_apart_and_leave_the_general_figures_untouched(
    hub: dict[str, str], tmp_path: Path
) -> None:
    simulated = run_jeugdhub(hub, "simulate", "--seed", "23", "--days", "45")
    assert simulated.returncode == 0, simulated.stderr[-2000:]
    access = hub_admin(hub)

    general = asyncio.run(read_to_end(access, [CARE_EVENTS]))
    justice = asyncio.run(read_to_end(access, [JUSTICE_EVENTS]))
    general_values = [decode_record(record.value)[1] for record in general]
    justice_values = [decode_record(record.value)[1] for record in justice]
    assert len(justice_values) > 50 and len(general_values) > 1000
    cares = [_care_of(value) for value in general_values]
    assert not [care for care in cares if care is not None and is_justice_data(*care)]
    justice_cares = [_care_of(value) for value in justice_values]
    assert all(is_justice_data(*care) for care in justice_cares if care is not None)
    # Under other pseudonyms: no justice youth and no justice event id on the general topic.
    general_youths = {value["youth"]["pseudonym"] for value in general_values}
    assert not general_youths & {value["youth"]["pseudonym"] for value in justice_values}
    general_ids = {value["envelope"]["event_id"] for value in general_values}
    assert not general_ids & {value["envelope"]["event_id"] for value in justice_values}
    retracted = {v["retracted_event_id"] for v in general_values if "retracted_event_id" in v}
    assert not retracted & {value["envelope"]["event_id"] for value in justice_values}

    with_justice = WorkerProcess(hub, tmp_path / "worker-with-justice")
    try:
        problems = wait_for_reference_figures(access, [with_justice], timeout_s=300)
        assert problems == [], (problems, with_justice.log_tail())
    finally:
        with_justice.stop()
    justice_figures = asyncio.run(read_to_end(access, [JUSTICE_REGION_FIGURES]))
    assert justice_figures, "the justice events gave no justice figures"
    expected = _general_figures(access, {})
    assert len(expected) > 10
    ends = asyncio.run(_ends(access, GENERAL_FIGURES))

    # The same general events without any justice event, by a worker of its own (a new
    # app id under the worker's ACL prefix: its own state and changelogs).
    asyncio.run(_delete_justice_events(access))
    assert not asyncio.run(read_to_end(access, [JUSTICE_EVENTS]))
    alone = {**hub, "JEUGDHUB_WORKER_APP_ID": f"{hub['JEUGDHUB_WORKER_APP_ID']}-general"}
    without_justice = WorkerProcess(alone, tmp_path / "worker-without-justice")
    try:
        got: dict[tuple[str, str], bytes] = {}
        deadline = time.monotonic() + 300
        while got != expected and time.monotonic() < deadline:
            time.sleep(3)
            assert without_justice.process.poll() is None, without_justice.log_tail()
            got = _general_figures(access, ends)
    finally:
        without_justice.stop()
    differing = sorted(
        key for key in expected.keys() | got.keys() if got.get(key) != expected.get(key)
    )
    assert differing == [], differing
