"""The demo hands its key-encryption key only to the process that pseudonymises."""

from pathlib import Path

import pytest

from jeugdhub.demo import child, demo_settings, with_kek
from jeugdhub.settings import Settings
from privacy.keys import KEK_VARIABLE


def test_the_demos_children_get_no_kek_unless_they_pseudonymise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo, env = demo_settings(Settings(state_dir=tmp_path), "127.0.0.1:1", None)
    assert demo.key_encryption_key is not None
    # Even a KEK in the demo's own environment does not reach the worker or the egress.
    monkeypatch.setenv(KEK_VARIABLE, demo.key_encryption_key.get_secret_value())
    keyless, keyed = tmp_path / "keyless.log", tmp_path / "keyed.log"

    with child(["keys", "status"], env, keyless) as process:
        keyless_exit = process.wait(timeout=60)
    with child(["keys", "status"], with_kek(env, demo), keyed) as process:
        keyed_exit = process.wait(timeout=60)

    assert KEK_VARIABLE not in env
    assert keyless_exit == 2 and "no key-encryption key" in keyless.read_text()
    # With the KEK the store opens; `keys status` then stops at its audit entry, for
    # there is no broker here (fail closed), which only a process past the KEK reaches.
    assert keyed_exit == 1 and "no key-encryption key" not in keyed.read_text()
    assert "audit trail" in keyed.read_text()
