"""`jeugdhub ingest` and `jeugdhub deadletter` as an operator runs them, on the real broker."""

import asyncio
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from connectors.publisher import EventPublisher, durable_producer
from jeugdhub.kafka_access import KafkaAccess
from jeugdhub.kafka_cluster import ensure_topics
from schemas.records import Source
from schemas.topics import CAPACITY, CARE_EVENTS
from schemas.vocabulary import OrganisationType
from tests.cli.operator import operator_env, operator_sealer
from tests.commands import run_jeugdhub
from tests.factories import person_records
from tests.kafka_reading import event_id_counts

REPO = Path(__file__).resolve().parents[2]
IJW_FIXTURES = REPO / "tests" / "ijw" / "fixtures"
CSV_TEMPLATES = REPO / "connectors" / "csv" / "templates"


@pytest.fixture(scope="module")
def operator(kafka_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return operator_env(tmp_path_factory.mktemp("operator"), kafka_env)


_jeugdhub = run_jeugdhub


def _event_ids(access: KafkaAccess, topics: list[str]) -> Counter[str]:
    return asyncio.run(event_id_counts(access, topics))


def test_same_ijw_files_ingested_twice_yield_one_set_of_events(
    operator: dict[str, str], kafka_admin: KafkaAccess
) -> None:
    files = [str(path) for path in sorted(IJW_FIXTURES.glob("jw3*.xml"))]
    before = _event_ids(kafka_admin, [CARE_EVENTS])

    first = _jeugdhub(operator, "ingest", "ijw", *files)
    after_first = _event_ids(kafka_admin, [CARE_EVENTS])
    second = _jeugdhub(operator, "ingest", "ijw", *files)
    after_second = _event_ids(kafka_admin, [CARE_EVENTS])

    assert first.returncode == 0, first.stderr
    assert first.stdout == first.stderr == ""  # quiet success
    new = after_first - before
    assert len(new) >= 5 and set(new.values()) == {1}
    assert second.returncode == 0, second.stderr
    assert after_second == after_first


def test_hostile_ijw_file_is_rejected_naming_the_file(
    operator: dict[str, str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-7731")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        '<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw305/schema">&e;</Bericht>'
    )

    result = _jeugdhub(operator, "ingest", "ijw", str(hostile))

    assert result.returncode == 1
    assert str(hostile) in result.stderr
    assert "MARKER-7731" not in result.stderr + result.stdout


def test_csv_file_ingested_twice_is_a_no_op_the_second_time(
    operator: dict[str, str], kafka_admin: KafkaAccess, tmp_path: Path
) -> None:
    sheet = tmp_path / "capaciteit.csv"
    shutil.copy(CSV_TEMPLATES / "capaciteit.csv", sheet)
    args = (
        "ingest",
        "csv",
        str(sheet),
        "--template",
        "capaciteit",
        "--source",
        "PROVIDER:99000001",
    )

    first = _jeugdhub(operator, *args)
    after_first = _event_ids(kafka_admin, [CAPACITY])
    second = _jeugdhub(operator, *args)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert _event_ids(kafka_admin, [CAPACITY]) == after_first
    assert not (tmp_path / "capaciteit.fouten.csv").exists()


def test_bad_csv_rows_exit_1_with_report_and_dead_letters(
    operator: dict[str, str], tmp_path: Path
) -> None:
    sheet = tmp_path / "plaatsing-start.csv"
    lines = (CSV_TEMPLATES / "plaatsing-start.csv").read_text(encoding="utf-8-sig").splitlines()
    bad_row = lines[1].replace("999991103", "999991104")
    sheet.write_text("\n".join([lines[0], bad_row.replace(lines[1].split(";")[0], "bad-1")]))

    result = _jeugdhub(
        operator,
        "ingest",
        "csv",
        str(sheet),
        "--template",
        "plaatsing-start",
        "--source",
        "PROVIDER:99000001",
    )
    listing = _jeugdhub(operator, "deadletter", "list")

    assert result.returncode == 1
    assert "plaatsing-start.csv line 2" in result.stderr
    report = (tmp_path / "plaatsing-start.fouten.csv").read_text(encoding="utf-8-sig")
    assert "bsn" in report and "999991104" not in report
    assert listing.returncode == 0
    assert "csv:plaatsing-start" in listing.stdout
    assert "999991104" not in listing.stdout


def test_replay_sends_a_dead_letter_through_the_edge_again(
    operator: dict[str, str], kafka_admin: KafkaAccess
) -> None:
    """A letter an earlier hub version rejected passes now; one that still fails stays."""
    sealer = operator_sealer(operator)
    provider = Source(organisation_type=OrganisationType.PROVIDER, code="99000001")
    good, bad = person_records(prefix="replay")[0], person_records(prefix="replay-bad")[0]
    bad["youth"]["bsn"] = "999991104"
    letters = [
        sealer.seal(
            payload=json.dumps(record).encode(),
            submitted_by=provider,
            channel="json",
            locator="records[0]",
            problems=[],
        )
        for record in (good, bad)
    ]
    asyncio.run(_publish_letters(kafka_admin, letters))
    before = _event_ids(kafka_admin, [CARE_EVENTS])

    why = ("--purpose", "ticket 4711: BSN check fixed")
    replayed = _jeugdhub(operator, "deadletter", "replay", letters[0].dead_letter_id, *why)
    failed = _jeugdhub(operator, "deadletter", "replay", letters[1].dead_letter_id, *why)
    listing = _jeugdhub(operator, "deadletter", "list")

    assert replayed.returncode == 0, replayed.stderr
    assert len(_event_ids(kafka_admin, [CARE_EVENTS]) - before) == 1
    assert failed.returncode == 1
    assert "youth.bsn" in failed.stderr and "999991104" not in failed.stderr
    assert f"replay of {letters[1].dead_letter_id}" in listing.stdout


async def _publish_letters(access: KafkaAccess, letters: list[object]) -> None:
    await ensure_topics(access)
    publisher = EventPublisher(lambda: durable_producer(access))
    await publisher.start()
    try:
        await publisher.publish_all([], letters)  # type: ignore[arg-type]
    finally:
        await publisher.stop()
