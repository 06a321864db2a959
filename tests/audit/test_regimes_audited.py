"""The regimes the egress applies are on the audit trail before it releases anything, each
with its policy file's digest; without the trail the egress does not start releasing."""

import asyncio
import hashlib
import shutil
import subprocess
import time
from pathlib import Path

from jeugdhub.settings import Settings
from privacy.audit.trail import read_trail
from schemas.audit import AuditEntry
from tests.audit.conftest import AuditPlace
from tests.commands import JeugdhubProcess

REGIMES = Path(Settings().regimes_dir)


def _applied(place: AuditPlace, expected: int, timeout_s: float = 90) -> list[AuditEntry]:
    deadline = time.monotonic() + timeout_s
    entries: list[AuditEntry] = []
    while time.monotonic() < deadline:
        records = asyncio.run(read_trail(place.broker.admin, place.topic))
        entries = [r.entry for r in records if r.entry and r.entry.action == "regime.applied"]
        if len(entries) >= expected:
            return entries
        time.sleep(1)
    raise AssertionError(f"{len(entries)} regime entries after {timeout_s} s")


def test_each_start_records_the_regimes_it_applies(audit_place: AuditPlace, tmp_path: Path) -> None:
    folder = tmp_path / "regimes"
    shutil.copytree(REGIMES, folder)
    env = {**audit_place.env(), "JEUGDHUB_REGIMES_DIR": str(folder)}
    names = sorted(path.stem for path in folder.glob("*.toml"))

    first = JeugdhubProcess(env, tmp_path / "egress-1.log", "egress")
    try:
        before = _applied(audit_place, len(names))
    finally:
        first.stop()
    policy = folder / "municipality.toml"
    policy.write_text(policy.read_text().replace('cadence = "weekly"', 'cadence = "monthly"'))
    second = JeugdhubProcess(env, tmp_path / "egress-2.log", "egress")
    try:
        after = _applied(audit_place, 2 * len(names))[len(names) :]
    finally:
        second.stop()

    assert [e.target for e in before] == [f"regime {name}" for name in names]
    assert {(e.user, e.role, e.channel, e.outcome) for e in before} == {
        ("process:egress", "hub process", "process", "granted")
    }
    digest = {e.target: e.detail for e in after}
    assert (
        digest["regime municipality"] == f"sha256 {hashlib.sha256(policy.read_bytes()).hexdigest()}"
    )
    changed = {e.target for e, f in zip(before, after, strict=True) if e.detail != f.detail}
    assert changed == {"regime municipality"}
    assert before[0].purpose  # the regime's own purpose


def test_without_the_trail_the_egress_stops(audit_place: AuditPlace, tmp_path: Path) -> None:
    env = {
        **audit_place.env(),
        "JEUGDHUB_AUDIT_TOPIC": "jeugdhub.audit.nowhere",
        "JEUGDHUB_AUDIT_WRITE_TIMEOUT_S": "2",
    }
    egress = JeugdhubProcess(env, tmp_path / "egress.log", "egress")
    try:
        code = egress.process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        egress.stop()
        raise
    assert code == 1, (tmp_path / "egress.log").read_text()[-2000:]
    assert "audit trail" in (tmp_path / "egress.log").read_text()
