"""Onboarding against the real broker, while a real gateway runs: no restart, no package edit.

An operator imports a registry directory with a new provider (``jeugdhub registry
import``); the running gateway's follower picks it up and the provider's token submits
accepted events. A malformed directory changes nothing and says where it is wrong. A
deactivated provider's submissions are refused with the reason, and dead-lettered.
"""

import asyncio
import json
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.deadletters import DeadLetterSealer
from jeugdhub.kafka_access import KafkaAccess
from privacy.audit.trail import read_trail
from registry.changes import apply_change
from registry.follower import RegistryFollower, read_registry
from schemas.codec import decode_any
from schemas.deadletter import DeadLetter
from schemas.reference import reference_data
from schemas.registry import RegistryLocation
from schemas.topics import CAPACITY, CARE_EVENTS, DEADLETTER, REGISTRY
from tests.commands import run_jeugdhub
from tests.demo_registry import install_demo_registry
from tests.factories import Identity, person_records
from tests.gateway.conftest import RunningGateway
from tests.kafka_reading import event_id_counts, read_to_end
from tests.worker.running import WorkerProcess, latest_published, wait_for_reference_figures

# The gateway's follower polls every 0.2 s; "within seconds" is what an operator sees.
ONBOARDED_WITHIN_S = 5.0


@pytest.fixture
def broker_registry(kafka_admin: KafkaAccess) -> Iterator[None]:
    """This process reads the broker's registry (the demo and what tests added), then the demo."""
    yield
    install_demo_registry()


def _new_agb() -> str:
    # Not a demo code (990000nn), and another one on every run of the shared broker.
    return f"98{random.randrange(10**6):06d}"


def _registry_dir(parent: Path, agb: str, providers: str | None = None) -> Path:
    directory = parent / f"registry-{agb}"
    directory.mkdir()
    (directory / "providers.csv").write_text(
        providers or f"agb_code,name,invented\n{agb},Nieuwe Aanbieder,true\n"
    )
    (directory / "locations.csv").write_text(
        "agb_code,location_code,name,municipality_code,care_functions\n"
        f"{agb},L01,Nieuwe Aanbieder Amersfoort,0307,crisis|residential-youth-parenting\n"
    )
    (directory / "contracts.csv").write_text(
        "region_code,agb_code,care_function,valid_from,valid_to\n"
        f"eemland,{agb},crisis,2026-01-01,\n"
    )
    return directory


def _onboard(gateway: RunningGateway, kafka_env: dict[str, str], tmp_path: Path) -> tuple[str, str]:
    """A new provider imported as an operator would, and its token: (AGB code, token)."""
    agb = _new_agb()
    imported = run_jeugdhub(kafka_env, "registry", "import", str(_registry_dir(tmp_path, agb)))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == ""  # quiet success
    issued = run_jeugdhub(gateway.env, "tokens", "issue", "--type", "PROVIDER", "--code", agb)
    assert issued.returncode == 0, issued.stderr
    return agb, issued.stdout.strip()


def _records(agb: str, prefix: str) -> list[dict[str, Any]]:
    care = {"care_function": "crisis", "provider_agb": agb, "provider_location": "L01"}
    started = next(
        r
        for r in person_records(Identity(), prefix=prefix)
        if r["event_type"] == "PlacementStarted"
    )
    del started["source"]  # the gateway takes it from the token
    capacity = {
        "event_type": "PlacesDeclared",
        "source_event_id": f"{prefix}-places",
        "occurred_at": "2026-01-05",
        "provider_agb": agb,
        "location_code": "L01",
        "care_function": "crisis",
        "details": {"places": 6, "valid_from": "2026-01-01"},
    }
    return [{**started, "care": care}, capacity]


def _post(gateway: RunningGateway, token: str, records: list[dict[str, Any]]) -> httpx.Response:
    return httpx.post(
        f"{gateway.url}/v1/events",
        content=json.dumps({"records": records}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=60,
    )


def _submit_until(
    gateway: RunningGateway, token: str, records: list[dict[str, Any]], status: int
) -> tuple[httpx.Response, float]:
    """Submit until the gateway answers ``status``; the answer and how long it took."""
    begin = time.monotonic()
    while True:
        response = _post(gateway, token, records)
        waited = time.monotonic() - begin
        if response.status_code == status or waited > ONBOARDED_WITHIN_S:
            return response, waited
        time.sleep(0.1)


async def _registry_end(access: KafkaAccess) -> int:
    records = await read_to_end(access, [REGISTRY])
    return max((record.offset for record in records), default=-1)


@pytest.fixture
def onboarded(
    gateway: RunningGateway, kafka_env: dict[str, str], tmp_path: Path, broker_registry: None
) -> tuple[str, str]:
    return _onboard(gateway, kafka_env, tmp_path)


async def test_a_provider_imported_while_the_gateway_runs_submits_within_seconds(
    gateway: RunningGateway,
    kafka_admin: KafkaAccess,
    kafka_env: dict[str, str],
    onboarded: tuple[str, str],
) -> None:
    agb, token = onboarded

    response, waited = _submit_until(gateway, token, _records(agb, "onboard"), 200)

    assert response.status_code == 200, response.text
    assert waited <= ONBOARDED_WITHIN_S
    body = response.json()
    assert body["accepted"] == 2
    counts = await event_id_counts(kafka_admin, [CARE_EVENTS, CAPACITY])
    assert all(counts[result["event_id"]] == 1 for result in body["results"])
    # The crisis placement of a youth of Amersfoort (eemland) is under eemland's contract.
    await read_registry(kafka_admin)  # to decode it here, this process must know the sender
    started = [
        decode_any(record.value)
        for record in await read_to_end(kafka_admin, [CARE_EVENTS])
        if dict(record.headers)["event-id"].decode() == body["results"][0]["event_id"]
    ]
    assert [event.care.contracted for event in started] == [True]  # type: ignore[attr-defined]
    shown = run_jeugdhub(kafka_env, "registry", "show", agb)
    assert shown.returncode == 0, shown.stderr
    assert f"provider {agb}: Nieuwe Aanbieder (active)" in shown.stdout
    assert "location L01 active Nieuwe Aanbieder Amersfoort, 0307 (eemland)" in shown.stdout
    assert "contract eemland crisis 2026-01-01 to open-ended" in shown.stdout


async def test_a_malformed_registry_file_changes_nothing_and_names_file_line_and_field(
    kafka_admin: KafkaAccess, kafka_env: dict[str, str], tmp_path: Path
) -> None:
    agb, good = _new_agb(), _new_agb()
    providers = f"agb_code,name,invented\n{good},Goede Aanbieder,true\n{agb}9,Typfout,true\n"
    directory = _registry_dir(tmp_path, agb, providers)
    before = await _registry_end(kafka_admin)

    done = run_jeugdhub(kafka_env, "registry", "import", str(directory))

    assert done.returncode == 1
    assert f"{directory / 'providers.csv'}, line 3: agb_code '{agb}9'" in done.stderr
    assert await _registry_end(kafka_admin) == before
    listed = run_jeugdhub(kafka_env, "registry", "list")
    assert listed.returncode == 0, listed.stderr
    assert good not in listed.stdout  # the good row of the file was not applied either
    assert "provider 99000001 active Altrecht (2 locations)" in listed.stdout


async def test_a_deactivated_provider_is_refused_with_the_reason_and_dead_lettered(
    gateway: RunningGateway,
    kafka_admin: KafkaAccess,
    kafka_env: dict[str, str],
    onboarded: tuple[str, str],
) -> None:
    agb, token = onboarded
    accepted, _ = _submit_until(gateway, token, _records(agb, "before"), 200)
    assert accepted.status_code == 200, accepted.text

    deactivated = run_jeugdhub(kafka_env, "registry", "deactivate", agb)
    assert deactivated.returncode == 0, deactivated.stderr
    refused, _ = _submit_until(gateway, token, _records(agb, "after"), 422)

    assert refused.status_code == 422, refused.text
    results = refused.json()["results"]
    assert [result["status"] for result in results] == ["rejected", "rejected"]
    for result in results:
        (problem,) = result["problems"]
        assert problem["field"] == "source.code"
        assert problem["reason"].startswith(f"{agb} is deactivated in the organisation registry")
    await read_registry(kafka_admin)  # a dead letter names its sender: know the new provider
    letters = {
        letter.dead_letter_id: letter
        for record in await read_to_end(kafka_admin, [DEADLETTER])
        if isinstance(letter := decode_any(record.value), DeadLetter)
    }
    sealer = DeadLetterSealer(gateway.keystore())
    for result in results:
        letter = letters[result["dead_letter_id"]]
        assert letter.submitted_by.code == agb
        assert b"after-" not in letter.payload_ciphertext
        assert b'"source_event_id": "after-' in sealer.open(letter)  # kept, sealed, for a replay
    person_letter = letters[results[0]["dead_letter_id"]]
    assert Identity().bsn.encode() not in person_letter.payload_ciphertext
    # Its history stays: still registered, shown as deactivated, its events on Kafka.
    shown = run_jeugdhub(kafka_env, "registry", "show", agb)
    assert f"provider {agb}: Nieuwe Aanbieder (deactivated)" in shown.stdout
    counts = await event_id_counts(kafka_admin, [CARE_EVENTS, CAPACITY])
    assert all(counts[result["event_id"]] == 1 for result in accepted.json()["results"])
    assert reference_data().provider(agb).active is False


async def test_a_follower_that_catches_up_knows_a_location_written_just_before(
    kafka_admin: KafkaAccess, broker_registry: None
) -> None:
    # What the worker relies on when an event names a location registered a moment ago.
    follower = RegistryFollower(kafka_admin)
    follower.start()
    try:
        registered = reference_data().location("99000001", "L01")
        agb = "99000001"
        code = f"N{random.randrange(10**6):06d}"
        location = RegistryLocation(
            agb_code=agb,
            location_code=code,
            name="Altrecht nieuw",
            municipality="0307",
            care_functions=["crisis"],
            active=True,
            changed_at=datetime.now(UTC),
        )
        await apply_change(kafka_admin, [location])

        follower.catch_up()

        assert reference_data().location(agb, code).region_code == "eemland"
        assert registered.region_code == "utrecht-stad"
    finally:
        follower.stop()


@pytest.mark.slow
def test_a_running_worker_counts_a_provider_registered_after_it_started(
    gateway: RunningGateway,
    kafka_admin: KafkaAccess,
    kafka_env: dict[str, str],
    tmp_path: Path,
    broker_registry: None,
) -> None:
    # The worker looks up the region of every location; this one is registered only once
    # it runs, and its first event may reach the worker before its follower polled.
    env = {
        **kafka_env,
        "JEUGDHUB_WORKER_APP_ID": f"jeugdhub-streams-test-{uuid.uuid4().hex[:8]}",
        "JEUGDHUB_FIGURES_INTERVAL_S": "1",
    }
    worker = WorkerProcess(env, tmp_path / "worker")
    try:
        time.sleep(5)  # started, reading the registry and its inputs
        agb, token = _onboard(gateway, kafka_env, tmp_path)
        response, _ = _submit_until(gateway, token, _records(agb, "worker"), 200)
        assert response.status_code == 200, response.text
        asyncio.run(read_registry(kafka_admin))  # the reference model, here, needs it too

        problems = wait_for_reference_figures(kafka_admin, [worker], 240)

        assert problems == [], worker.log_tail()
        # The new location's places count in its region, eemland, beside the others'.
        crisis = [
            cell
            for cell in latest_published(kafka_admin)["eemland"].now
            if cell.care_function == "crisis"
        ]
        assert crisis and crisis[0].places_declared >= 6
    finally:
        worker.stop()


def test_registry_changes_are_audited_before_they_are_made(
    kafka_admin: KafkaAccess, kafka_env: dict[str, str], tmp_path: Path, broker_registry: None
) -> None:
    agb = _new_agb()
    directory = _registry_dir(tmp_path, agb)
    assert run_jeugdhub(kafka_env, "registry", "import", str(directory)).returncode == 0
    assert run_jeugdhub(kafka_env, "registry", "deactivate", agb).returncode == 0
    refused = run_jeugdhub(kafka_env, "registry", "import", str(tmp_path / "nowhere"))

    records = asyncio.run(read_trail(kafka_admin, "jeugdhub.audit.v1"))
    entries = [
        r.entry
        for r in records
        if r.entry
        and r.entry.action.startswith("registry.")
        and (
            agb in r.entry.target
            or r.entry.detail in (directory.name, "nowhere")
            or (r.entry.detail or "").endswith("; nowhere")
        )
    ]
    assert refused.returncode != 0
    assert [(e.action, e.target, e.outcome, e.detail) for e in entries] == [
        ("registry.import", REGISTRY, "granted", directory.name),
        ("registry.deactivate", f"{REGISTRY} {agb}", "granted", None),
        ("registry.import", REGISTRY, "granted", "nowhere"),
        ("registry.import", REGISTRY, "failed", entries[-1].detail),
    ]
    assert {(e.role, e.channel) for e in entries} == {("operator", "cli")}
    assert {e.purpose for e in entries} == {
        "keeping the organisations that may submit, and their contracts"
    }
