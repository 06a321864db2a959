"""`jeugdhub keys init | rotate | retire | rewrap | status` as an operator runs them."""

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from privacy.keys import KeyDomain, KeyStore, KeyStoreError

KEK_VARIABLES = ("JEUGDHUB_KEY_ENCRYPTION_KEY", "JEUGDHUB_KEY_ENCRYPTION_KEY_FILE")


def jeugdhub(
    state_dir: Path, *args: str, kek: str | None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in (*KEK_VARIABLES, "JEUGDHUB_KEYSTORE_PATH")
    }
    env["JEUGDHUB_STATE_DIR"] = str(state_dir)
    if kek is not None:
        env["JEUGDHUB_KEY_ENCRYPTION_KEY"] = kek
    return subprocess.run(
        [sys.executable, "-m", "jeugdhub", "keys", *args],
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


@pytest.fixture(autouse=True)
def _broker(kafka_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The commands are audited, and refuse to act when the audit trail cannot be written.
    for name, value in kafka_env.items():
        monkeypatch.setenv(name, value)


def status_lines(output: str) -> dict[str, str]:
    return {line.split()[0]: line for line in output.splitlines()}


@pytest.fixture
def kek_bytes() -> bytes:
    return os.urandom(32)


@pytest.fixture
def kek(kek_bytes: bytes) -> str:
    return base64.b64encode(kek_bytes).decode()


def test_init_without_kek_prints_a_new_one_and_creates_nothing(tmp_path: Path) -> None:
    result = jeugdhub(tmp_path, "init", kek=None)
    assert result.returncode == 2
    assert len(base64.urlsafe_b64decode(result.stdout.strip())) == 32
    for name in KEK_VARIABLES:
        assert name in result.stderr
    assert "outside the repository" in result.stderr
    assert not (tmp_path / "keys" / "keystore.json").exists()


def test_init_creates_a_private_store_quietly_and_refuses_a_second_time(
    tmp_path: Path, kek: str
) -> None:
    first = jeugdhub(tmp_path, "init", kek=kek)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    store_file = tmp_path / "keys" / "keystore.json"
    assert stat.S_IMODE(store_file.stat().st_mode) == 0o600
    before = store_file.read_bytes()

    second = jeugdhub(tmp_path, "init", kek=kek)
    assert second.returncode == 1
    assert "already exists" in second.stderr
    assert store_file.read_bytes() == before

    # Also without a KEK: no new key is offered for a store that already has one.
    third = jeugdhub(tmp_path, "init", kek=None)
    assert third.returncode == 1
    assert third.stdout == ""


def test_status_and_rotate_show_versions_per_domain_and_no_key_material(
    tmp_path: Path, kek: str, kek_bytes: bytes
) -> None:
    assert jeugdhub(tmp_path, "init", kek=kek).returncode == 0
    status = jeugdhub(tmp_path, "status", kek=kek)
    assert status.returncode == 0, status.stderr
    lines = status_lines(status.stdout)
    assert set(lines) == {domain.value for domain in KeyDomain}
    for line in lines.values():
        assert " current=1 versions=1 created_at=" in line

    rotate_one = jeugdhub(tmp_path, "rotate", "--domain", "youth", kek=kek)
    assert rotate_one.returncode == 0, rotate_one.stderr
    assert rotate_one.stdout == ""
    rotate_all = jeugdhub(tmp_path, "rotate", kek=kek)
    assert rotate_all.returncode == 0, rotate_all.stderr

    status = jeugdhub(tmp_path, "status", kek=kek)
    lines = status_lines(status.stdout)
    assert "youth current=3 versions=1,2,3 " in lines["youth"]
    # The pseudonym domains rotate together (privacy.keys.PSEUDONYM_DOMAINS).
    assert "case current=3 versions=1,2,3 " in lines["case"]
    assert "deadletter current=2 versions=1,2 " in lines["deadletter"]

    store = KeyStore.open(tmp_path / "keys" / "keystore.json", kek_bytes)
    shown = status.stdout + status.stderr
    for entry in store.status():
        for version in entry.versions:
            key = store.key(entry.domain, version)
            assert key.hex() not in shown
            assert base64.b64encode(key).decode().rstrip("=") not in shown


def test_status_with_the_wrong_kek_is_a_clear_error(tmp_path: Path, kek: str) -> None:
    assert jeugdhub(tmp_path, "init", kek=kek).returncode == 0
    wrong = base64.b64encode(os.urandom(32)).decode()
    result = jeugdhub(tmp_path, "status", kek=wrong)
    assert result.returncode == 1
    assert "the key-encryption key does not open this key store" in result.stderr
    assert "Traceback" not in result.stderr
    assert wrong not in result.stderr


def test_status_without_a_store_says_to_run_init(tmp_path: Path, kek: str) -> None:
    result = jeugdhub(tmp_path, "status", kek=kek)
    assert result.returncode == 2
    assert "run `jeugdhub keys init`" in result.stderr


def test_rotate_of_an_unknown_domain_is_bad_usage(tmp_path: Path, kek: str) -> None:
    assert jeugdhub(tmp_path, "init", kek=kek).returncode == 0
    result = jeugdhub(tmp_path, "rotate", "--domain", "names", kek=kek)
    assert result.returncode == 2
    assert "argument --domain" in result.stderr
    assert "{youth,case,deadletter,justice-youth,justice-case}" in result.stderr


def test_retire_destroys_an_old_version_and_refuses_the_current_one(
    tmp_path: Path, kek: str, kek_bytes: bytes
) -> None:
    # The dead-letter domain: a pseudonym domain's retire also checks the event topics
    # for unmigrated events, on a hub of its own (tests/worker/test_key_rotation.py).
    assert jeugdhub(tmp_path, "init", kek=kek).returncode == 0
    assert jeugdhub(tmp_path, "rotate", "--domain", "deadletter", kek=kek).returncode == 0
    store_path = tmp_path / "keys" / "keystore.json"
    (sealed_v1,) = [
        kept["ciphertext"]
        for kept in json.loads(store_path.read_text())["domains"]["deadletter"]
        if kept["version"] == 1
    ]

    current = jeugdhub(tmp_path, "retire", "--domain", "deadletter", "--version", "2", kek=kek)
    retired = jeugdhub(tmp_path, "retire", "--domain", "deadletter", "--version", "1", kek=kek)

    assert current.returncode == 1
    assert "is the current deadletter key" in current.stderr and "keys rotate" in current.stderr
    assert (retired.returncode, retired.stdout, retired.stderr) == (0, "", "")
    status = status_lines(jeugdhub(tmp_path, "status", kek=kek).stdout)
    assert "versions=2 " in status["deadletter"]
    assert sealed_v1 not in store_path.read_text()  # gone from the file, not only hidden
    with pytest.raises(KeyStoreError, match="has no version 1 of the deadletter key"):
        KeyStore.open(store_path, kek_bytes).key(KeyDomain.DEADLETTER, 1)
    again = jeugdhub(tmp_path, "retire", "--domain", "deadletter", "--version", "1", kek=kek)
    assert again.returncode == 1 and "has no version 1 of the deadletter key" in again.stderr


def test_rewrap_seals_the_store_under_a_new_kek_read_from_stdin(
    tmp_path: Path, kek: str, kek_bytes: bytes
) -> None:
    assert jeugdhub(tmp_path, "init", kek=kek).returncode == 0
    store_path = tmp_path / "keys" / "keystore.json"
    before = {d: KeyStore.open(store_path, kek_bytes).current(d) for d in KeyDomain}
    new_kek = base64.b64encode(os.urandom(32)).decode()

    result = jeugdhub(tmp_path, "rewrap", kek=kek, stdin=new_kek + "\n")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert new_kek not in store_path.read_text()
    old = jeugdhub(tmp_path, "status", kek=kek)
    assert old.returncode == 1 and "does not open this key store" in old.stderr
    reopened = KeyStore.open(store_path, base64.b64decode(new_kek))
    assert {d: reopened.current(d) for d in KeyDomain} == before
    bad = jeugdhub(tmp_path, "rewrap", kek=new_kek, stdin="not a key\n")
    assert bad.returncode == 2 and "standard input is not valid base64" in bad.stderr
