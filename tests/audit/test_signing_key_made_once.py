"""Processes that start together make one audit signing key (privacy.audit.signing)."""

import stat
from pathlib import Path

import pytest

from privacy.audit.signing import load_or_create_signer


def test_a_process_that_found_no_key_uses_the_one_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audit" / "signing-key.pem"
    first = load_or_create_signer(path)  # the process that got there first
    # The other looked before the first had written its key (the demo starts the
    # egress, the feed API and the gateway at once): it goes on to make one itself.
    monkeypatch.setattr(Path, "exists", lambda self: False)
    second = load_or_create_signer(path)
    assert second.key_id == first.key_id
    assert sorted(p.name for p in path.parent.iterdir()) == ["signing-key.pem"]  # no leftovers
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
