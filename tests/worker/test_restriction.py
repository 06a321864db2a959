"""`jeugdhub subject restrict` and `subject lift-restriction` on the real broker, with a
real worker running (AVG art. 18). Restricted mid-stream, the youth's events, those sent
after the restriction too, are kept and exportable, and the figures equal the reference
of the stream without that youth; lifted, they equal the reference of the whole stream.
Both requests are on the audit trail with their purpose, the youth named by pseudonym."""

import asyncio
import base64
import collections
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from connectors.runtime import ingest_stack
from connectors.simulate import drive
from connectors.simulator import SimulatedRecord, Simulation
from jeugdhub.settings import Settings
from privacy.audit.trail import read_trail
from privacy.keys import KeyStore
from privacy.subjects import current_pseudonym, subject_pseudonyms
from schemas.restriction import ProcessingRestricted
from schemas.topics import AUDIT
from tests.commands import run_jeugdhub
from tests.demo_registry import install_demo_registry
from tests.worker.conftest import hub_admin
from tests.worker.running import REFERENCE_OF, WorkerProcess, input_events
from tests.worker.running import wait_for_reference_figures as wait_for_reference

SEED, DAYS = 29, 40
PURPOSE = "verzoek tot beperking 2026-12"
LIFT_PURPOSE = "beperking opgeheven na beoordeling 2026-12"
MARKER = ProcessingRestricted.avro_name
Events = list[tuple[str, dict[str, Any]]]


def _youth_on_both_sides(first: list[SimulatedRecord], second: list[SimulatedRecord]) -> str:
    """The BSN of the youth with the most general events in the first part that also has
    events in the second: restricted between them, it is still sending."""

    def youths(part: list[SimulatedRecord]) -> collections.Counter[str]:
        return collections.Counter(
            r.record["youth"]["bsn"]
            for r in part
            if r.kind == "person" and "legal_framework" not in (r.record.get("care") or {})
        )

    early, late = youths(first), youths(second)
    return max((bsn for bsn in early if late[bsn]), key=lambda bsn: early[bsn])


async def _ingest(settings: Settings, records: list[SimulatedRecord]) -> None:
    async with ingest_stack(settings) as stack:
        report = await drive(stack.ingestor, records)
    assert report.rejected == []


def _without(events: Events, pseudonyms: frozenset[str]) -> Events:
    """The stream as if the youth had never been sent: the test's own reading."""
    return [
        (name, record)
        for name, record in events
        if name != MARKER and record.get("youth", {}).get("pseudonym") not in pseudonyms
    ]


def _exported(hub: dict[str, str], bsn: str) -> list[dict[str, Any]]:
    run = run_jeugdhub(hub, "subject", "export", "--purpose", PURPOSE, stdin=bsn + "\n")
    assert run.returncode == 0, run.stderr[-2000:]
    return [json.loads(line) for line in run.stdout.splitlines()]


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_restricting_a_youth_mid_stream_takes_it_out_of_the_figures_until_lifted(
    hub: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in hub.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    admin = hub_admin(hub)
    install_demo_registry()
    records = list(Simulation(seed=SEED, start=date(2026, 1, 1), days=DAYS).records())
    first, second = records[: len(records) // 2], records[len(records) // 2 :]
    bsn = _youth_on_both_sides(first, second)
    kek = base64.b64decode(hub["JEUGDHUB_KEY_ENCRYPTION_KEY"])
    keys = KeyStore.open(settings.keystore_file, kek)
    pseudonyms = subject_pseudonyms(keys, bsn)

    worker = WorkerProcess(hub, tmp_path / "worker")
    try:
        asyncio.run(_ingest(settings, first))
        before = input_events(admin)
        held_before = len(before) - len(_without(before, pseudonyms))
        assert held_before > 0
        restricted = run_jeugdhub(
            hub, "subject", "restrict", "--purpose", PURPOSE, stdin=bsn + "\n"
        )
        assert (restricted.returncode, restricted.stdout) == (0, ""), restricted.stderr[-2000:]
        assert bsn not in restricted.stderr
        asyncio.run(_ingest(settings, second))  # the youth goes on sending while restricted

        events = input_events(admin)
        markers = [record for name, record in events if name == MARKER]
        assert {m["youth"]["pseudonym"] for m in markers} == pseudonyms  # general and justice
        whole, without_youth = _without(events, frozenset()), _without(events, pseudonyms)
        # The youth counts in the whole stream: the comparisons below can fail.
        assert any(ref(whole) != ref(without_youth) for ref in REFERENCE_OF.values())
        # The reference model's own rule agrees with leaving the youth out.
        assert all(ref(events) == ref(without_youth) for ref in REFERENCE_OF.values())

        problems = wait_for_reference(admin, [worker], timeout_s=420, events=without_youth)
        assert problems == [], (problems, worker.log_tail())

        # Kept: every event of the youth is exportable, those sent after the restriction too.
        held = _exported(hub, bsn)
        youth_events = [h for h in held if h["type"] != MARKER]
        assert len(youth_events) == len(whole) - len(_without(whole, pseudonyms))
        assert len([h for h in held if h["type"] == MARKER]) == len(pseudonyms)
        assert len(youth_events) > held_before

        # Through a key rotation: `keys migrate` carries the marker to the new
        # pseudonyms, so once version 1 is retired the youth is still restricted.
        for command in (
            ("rotate",),
            ("migrate",),
            ("retire", "--domain", "youth", "--version", "1"),
        ):
            done = run_jeugdhub(hub, "keys", *command)
            assert (done.returncode, done.stdout) == (0, ""), done.stderr[-2000:]
        rotated = KeyStore.open(settings.keystore_file, kek)
        new_pseudonyms = subject_pseudonyms(rotated, bsn)
        assert new_pseudonyms.isdisjoint(pseudonyms)
        events = input_events(admin)
        carried = {r["youth"]["pseudonym"] for name, r in events if name == MARKER}
        assert new_pseudonyms <= carried
        whole = _without(events, frozenset())
        without_youth = _without(events, pseudonyms | new_pseudonyms)
        assert any(ref(whole) != ref(without_youth) for ref in REFERENCE_OF.values())
        problems = wait_for_reference(admin, [worker], timeout_s=420, events=without_youth)
        assert problems == [], (problems, worker.log_tail())
        youth_events = [h for h in _exported(hub, bsn) if h["type"] != MARKER]

        lifted = run_jeugdhub(
            hub, "subject", "lift-restriction", "--purpose", LIFT_PURPOSE, stdin=bsn + "\n"
        )
        assert (lifted.returncode, lifted.stdout) == (0, ""), lifted.stderr[-2000:]
        left = {r["youth"]["pseudonym"] for name, r in input_events(admin) if name == MARKER}
        assert left.isdisjoint(new_pseudonyms)  # version 1's, unlinkable now, stay

        problems = wait_for_reference(admin, [worker], timeout_s=420, events=whole)
        assert problems == [], (problems, worker.log_tail())
        # The events are still all there (a lifted marker stays readable, like an erased
        # event, until the log cleaner removes it: README "Data-subject requests").
        again = [h for h in _exported(hub, bsn) if h["type"] != MARKER]
        assert len(again) == len(youth_events)
    finally:
        worker.stop()

    # Both requests audited with their purpose, the youth named by pseudonym, no BSN.
    subjects = {current_pseudonym(keys, bsn), current_pseudonym(rotated, bsn)}
    entries = [r.entry for r in asyncio.run(read_trail(admin, AUDIT)) if r.entry]
    requests = [
        (e.action, e.purpose, e.outcome)
        for e in entries
        if e.action.startswith("subject.")
        and e.action != "subject.export"
        and e.data_subject in subjects
    ]
    assert requests == [
        ("subject.restrict", PURPOSE, "granted"),
        ("subject.lift-restriction", LIFT_PURPOSE, "granted"),
    ]
    assert bsn not in repr(entries)
