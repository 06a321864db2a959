"""The key store: versioned keys per domain, encrypted at rest, opened only by its KEK."""

import base64
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from jeugdhub.errors import JeugdhubError
from jeugdhub.settings import REPO_ROOT, Settings
from privacy.keys import (
    KEK_FILE_VARIABLE,
    KEK_VARIABLE,
    PSEUDONYM_DOMAINS,
    KekError,
    KekNotConfiguredError,
    KeyDomain,
    KeyStore,
    KeyStoreError,
    KeyStoreExistsError,
    KeyStoreNotFoundError,
    generate_kek,
    load_kek,
)


@pytest.fixture(autouse=True)
def _no_kek_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (KEK_VARIABLE, KEK_FILE_VARIABLE, "JEUGDHUB_KEYSTORE_PATH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def kek() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "keystore.json"


def all_keys(store: KeyStore) -> dict[tuple[KeyDomain, int], bytes]:
    return {
        (status.domain, version): store.key(status.domain, version)
        for status in store.status()
        for version in status.versions
    }


def encodings(key: bytes) -> list[str]:
    """The ways a key could show up as text."""
    return [
        base64.b64encode(key).decode(),
        base64.b64encode(key).decode().rstrip("="),
        base64.urlsafe_b64encode(key).decode().rstrip("="),
        key.hex(),
        key.hex().upper(),
    ]


def test_create_then_open_gives_the_same_keys(store_path: Path, kek: bytes) -> None:
    created = KeyStore.create(store_path, kek)
    opened = KeyStore.open(store_path, kek)
    assert all_keys(opened) == all_keys(created)
    assert opened.status() == created.status()
    for domain in KeyDomain:
        version, key = opened.current(domain)
        assert version == 1
        assert len(key) == 32


def test_every_domain_gets_its_own_random_key(store_path: Path, kek: bytes) -> None:
    store = KeyStore.create(store_path, kek)
    keys = [store.current(domain)[1] for domain in KeyDomain]
    assert len(set(keys)) == len(KeyDomain) == 5
    other = KeyStore.create(store_path.with_name("other.json"), kek)
    assert not set(keys) & {other.current(domain)[1] for domain in KeyDomain}


def test_status_names_versions_and_creation_time_per_domain(store_path: Path, kek: bytes) -> None:
    store = KeyStore.create(store_path, kek)
    store.rotate(KeyDomain.DEADLETTER)
    by_domain = {status.domain: status for status in store.status()}
    assert set(by_domain) == set(KeyDomain)
    assert by_domain[KeyDomain.DEADLETTER].current_version == 2
    assert by_domain[KeyDomain.DEADLETTER].versions == (1, 2)
    assert by_domain[KeyDomain.YOUTH].versions == (1,)
    assert by_domain[KeyDomain.YOUTH].current_created_at.endswith("+00:00")


def test_create_refuses_an_existing_store(store_path: Path, kek: bytes) -> None:
    KeyStore.create(store_path, kek)
    before = store_path.read_bytes()
    with pytest.raises(KeyStoreExistsError, match="already exists"):
        KeyStore.create(store_path, kek)
    assert store_path.read_bytes() == before


def test_open_without_a_store_says_to_run_init(store_path: Path, kek: bytes) -> None:
    with pytest.raises(KeyStoreNotFoundError, match=r"run `jeugdhub keys init`"):
        KeyStore.open(store_path, kek)


def test_wrong_kek_gives_a_clear_error_not_a_crash(store_path: Path, kek: bytes) -> None:
    KeyStore.create(store_path, kek)
    with pytest.raises(JeugdhubError) as raised:
        KeyStore.open(store_path, os.urandom(32))
    assert "the key-encryption key does not open this key store" in str(raised.value)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


def test_a_key_moved_to_another_slot_does_not_decrypt(store_path: Path, kek: bytes) -> None:
    KeyStore.create(store_path, kek)
    document = json.loads(store_path.read_text())
    domains = document["domains"]
    domains["youth"], domains["case"] = domains["case"], domains["youth"]
    store_path.write_text(json.dumps(document))
    with pytest.raises(KeyStoreError, match="does not open"):
        KeyStore.open(store_path, kek)


def test_a_store_from_before_the_justice_domains_gains_them_once(
    store_path: Path, kek: bytes
) -> None:
    created = KeyStore.create(store_path, kek)
    document = json.loads(store_path.read_text())
    for domain in ("justice-youth", "justice-case"):
        del document["domains"][domain]
    store_path.write_text(json.dumps(document))

    opened = KeyStore.open(store_path, kek)
    reopened = KeyStore.open(store_path, kek)

    assert opened.key(KeyDomain.YOUTH, 1) == created.key(KeyDomain.YOUTH, 1)
    justice = opened.key(KeyDomain.JUSTICE_YOUTH, 1)
    assert justice != created.key(KeyDomain.JUSTICE_YOUTH, 1)  # new, not the removed one
    assert reopened.key(KeyDomain.JUSTICE_YOUTH, 1) == justice  # saved, made once


def test_a_damaged_file_is_reported_as_such(store_path: Path, kek: bytes) -> None:
    KeyStore.create(store_path, kek)
    store_path.write_text(store_path.read_text()[:50])
    with pytest.raises(KeyStoreError, match="not a jeugdhub key store or is damaged"):
        KeyStore.open(store_path, kek)


def test_rotation_adds_a_version_and_keeps_the_old_ones(store_path: Path, kek: bytes) -> None:
    store = KeyStore.create(store_path, kek)
    before = all_keys(store)
    assert store.rotate(KeyDomain.DEADLETTER) == {KeyDomain.DEADLETTER: 2}
    assert store.rotate() == {
        KeyDomain.YOUTH: 2,
        KeyDomain.CASE: 2,
        KeyDomain.DEADLETTER: 3,
        KeyDomain.JUSTICE_YOUTH: 2,
        KeyDomain.JUSTICE_CASE: 2,
    }
    reopened = KeyStore.open(store_path, kek)
    after = all_keys(reopened)
    assert set(after) == {
        (KeyDomain.YOUTH, 1),
        (KeyDomain.YOUTH, 2),
        (KeyDomain.CASE, 1),
        (KeyDomain.CASE, 2),
        (KeyDomain.DEADLETTER, 1),
        (KeyDomain.DEADLETTER, 2),
        (KeyDomain.DEADLETTER, 3),
        (KeyDomain.JUSTICE_YOUTH, 1),
        (KeyDomain.JUSTICE_YOUTH, 2),
        (KeyDomain.JUSTICE_CASE, 1),
        (KeyDomain.JUSTICE_CASE, 2),
    }
    assert {slot: after[slot] for slot in before} == before
    assert len(set(after.values())) == len(after)
    assert reopened.current(KeyDomain.YOUTH) == (2, after[(KeyDomain.YOUTH, 2)])


def test_unknown_key_version_is_an_error_naming_the_kept_versions(
    store_path: Path, kek: bytes
) -> None:
    store = KeyStore.create(store_path, kek)
    store.rotate(KeyDomain.YOUTH)
    with pytest.raises(KeyStoreError, match=r"no version 7 of the youth key \(kept: 1, 2\)"):
        store.key(KeyDomain.YOUTH, 7)


def test_file_on_disk_holds_no_key_in_any_encoding(store_path: Path, kek: bytes) -> None:
    store = KeyStore.create(store_path, kek)
    store.rotate()
    raw = store_path.read_bytes()
    text = raw.decode()
    for key in [*all_keys(store).values(), kek]:
        assert key not in raw
        for encoded in encodings(key):
            assert encoded not in text


def test_store_file_has_mode_600_and_no_temporary_files_remain(
    store_path: Path, kek: bytes
) -> None:
    store = KeyStore.create(store_path, kek)
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    store.rotate()
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    assert [path.name for path in store_path.parent.iterdir()] == [store_path.name]


def test_reprs_show_no_key_material(store_path: Path, kek: bytes) -> None:
    store = KeyStore.create(store_path, kek)
    shown = repr(store) + repr(store.status())
    for key in [*all_keys(store).values(), kek]:
        for encoded in encodings(key):
            assert encoded not in shown
    assert str(store_path) in repr(store)


def test_kek_from_the_variable_in_either_base64_alphabet(kek: bytes) -> None:
    for encoded in (base64.b64encode(kek), base64.urlsafe_b64encode(kek).rstrip(b"=")):
        settings = Settings(key_encryption_key=SecretStr(encoded.decode() + "\n"))
        assert load_kek(settings) == kek


def test_generated_kek_is_accepted_as_configuration() -> None:
    generated = generate_kek()
    assert len(load_kek(Settings(key_encryption_key=SecretStr(generated)))) == 32
    assert generate_kek() != generated


def test_kek_from_a_private_file_outside_the_repository(tmp_path: Path, kek: bytes) -> None:
    kek_file = tmp_path / "kek"
    kek_file.write_text(base64.b64encode(kek).decode() + "\n")
    kek_file.chmod(0o600)
    assert load_kek(Settings(key_encryption_key_file=kek_file)) == kek


@pytest.fixture
def kek_file_in_repository(kek: bytes) -> Iterator[Path]:
    # .pytest_cache is inside the repository but ignored by git: nothing to commit by mistake.
    folder = REPO_ROOT / ".pytest_cache"
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as temporary:
        kek_file = Path(temporary) / "kek"
        kek_file.write_text(base64.b64encode(kek).decode())
        kek_file.chmod(0o600)
        yield kek_file


def test_kek_file_inside_the_repository_is_refused(kek_file_in_repository: Path) -> None:
    with pytest.raises(KekError, match="inside the repository") as raised:
        load_kek(Settings(key_encryption_key_file=kek_file_in_repository))
    assert "outside" in str(raised.value)


def test_kek_file_readable_by_others_is_refused_with_chmod_advice(
    tmp_path: Path, kek: bytes
) -> None:
    kek_file = tmp_path / "kek"
    kek_file.write_text(base64.b64encode(kek).decode())
    kek_file.chmod(0o644)
    with pytest.raises(KekError, match=r"chmod 600") as raised:
        load_kek(Settings(key_encryption_key_file=kek_file))
    assert raised.value.exit_code == 2


def test_missing_kek_names_both_variables() -> None:
    with pytest.raises(KekNotConfiguredError) as raised:
        load_kek(Settings())
    assert KEK_VARIABLE in str(raised.value)
    assert KEK_FILE_VARIABLE in str(raised.value)


def test_kek_in_both_variables_is_refused(tmp_path: Path, kek: bytes) -> None:
    settings = Settings(
        key_encryption_key=SecretStr(base64.b64encode(kek).decode()),
        key_encryption_key_file=tmp_path / "kek",
    )
    with pytest.raises(KekError, match="not both"):
        load_kek(settings)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("not base64 at all!", "is not valid base64"),
        (base64.b64encode(b"sixteen byte key").decode(), "must decode to 32 bytes"),
    ],
)
def test_malformed_kek_is_refused_without_echo(value: str, reason: str) -> None:
    with pytest.raises(KekError, match=reason) as raised:
        load_kek(Settings(key_encryption_key=SecretStr(value)))
    assert value not in str(raised.value)


def test_kek_of_the_wrong_length_cannot_create_a_store(store_path: Path) -> None:
    with pytest.raises(KekError, match="32 bytes"):
        KeyStore.create(store_path, os.urandom(16))
    assert not store_path.exists()


def test_pseudonym_domains_rotate_together_and_the_others_alone(
    store_path: Path, kek: bytes
) -> None:
    # One version names every pseudonym of an event (privacy.migration relies on it).
    store = KeyStore.create(store_path, kek)
    assert store.rotate(KeyDomain.JUSTICE_CASE) == dict.fromkeys(PSEUDONYM_DOMAINS, 2)
    assert store.rotate(KeyDomain.DEADLETTER) == {KeyDomain.DEADLETTER: 2}


def test_retiring_a_pseudonym_version_removes_it_from_every_pseudonym_domain_and_the_file(
    store_path: Path, kek: bytes
) -> None:
    store = KeyStore.create(store_path, kek)
    store.rotate()
    retired = {domain: store.key(domain, 1) for domain in PSEUDONYM_DOMAINS}
    store.retire(KeyDomain.CASE, 1)
    reopened = KeyStore.open(store_path, kek)
    for domain in PSEUDONYM_DOMAINS:
        for kept in (store, reopened):
            with pytest.raises(KeyStoreError, match=f"no version 1 of the {domain} key"):
                kept.key(domain, 1)
    assert reopened.key(KeyDomain.DEADLETTER, 1) == store.key(KeyDomain.DEADLETTER, 1)
    # The file holds no trace of the retired keys, sealed or not: their slots are gone.
    document = json.loads(store_path.read_text())
    for domain in PSEUDONYM_DOMAINS:
        assert [kept["version"] for kept in document["domains"][domain]] == [2]
    raw = store_path.read_bytes()
    for key in retired.values():
        assert key not in raw and not any(e in raw.decode() for e in encodings(key))
