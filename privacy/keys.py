"""The key store: versioned secret keys per domain, encrypted at rest.

One JSON file holds every key the hub has ever used, per :class:`KeyDomain`. Each key is
32 random bytes, encrypted with AES-256-GCM under the key-encryption key (KEK) with a fresh
12-byte nonce; the associated data names the domain and the version, so a ciphertext moved
to another slot of the file no longer decrypts. The newest version of a domain is the
current one (used for new events); an older version is kept until ``jeugdhub keys
migrate`` has carried its events to the current one, then destroyed by ``keys retire``.

The KEK (32 bytes, base64) comes from ``JEUGDHUB_KEY_ENCRYPTION_KEY`` or from the file named
by ``JEUGDHUB_KEY_ENCRYPTION_KEY_FILE``. A KEK file must live outside the repository (a key
next to the code ends up in a commit or a backup of the code) and be readable by its owner
only.

No key material appears in a message, a log line or a repr.
"""

import base64
import binascii
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ValidationError

from jeugdhub.errors import JeugdhubError
from jeugdhub.settings import REPO_ROOT, Settings

KEY_BYTES = 32
_NONCE_BYTES = 12
_FORMAT = 1
KEK_VARIABLE = "JEUGDHUB_KEY_ENCRYPTION_KEY"
KEK_FILE_VARIABLE = "JEUGDHUB_KEY_ENCRYPTION_KEY_FILE"


class KeyDomain(StrEnum):
    """What a key is for; a pseudonym in one domain cannot be linked to one in another."""

    YOUTH = "youth"  # pseudonyms of BSNs
    CASE = "case"  # pseudonyms of case references (assignment numbers ...), scoped per sender
    DEADLETTER = "deadletter"  # encryption of rejected raw payloads, which may hold a BSN
    # The same for justice data (child protection, youth probation), which travels on its
    # own topic: a justice event's pseudonyms do not link to the youth's general events.
    JUSTICE_YOUTH = "justice-youth"
    JUSTICE_CASE = "justice-case"


# The domains whose keys make pseudonyms (and person event ids). They share one version
# number: they rotate, migrate and retire together, so the ``pseudonym_key_version`` an
# event carries names the version of every pseudonym in it (``privacy.migration``).
PSEUDONYM_DOMAINS = (
    KeyDomain.YOUTH,
    KeyDomain.CASE,
    KeyDomain.JUSTICE_YOUTH,
    KeyDomain.JUSTICE_CASE,
)


def rotated_together(domain: KeyDomain | None) -> set[KeyDomain]:
    """The domains one rotation (or retire) of ``domain`` (None: all) acts on."""
    if domain is None:
        return set(KeyDomain)
    return set(PSEUDONYM_DOMAINS) if domain in PSEUDONYM_DOMAINS else {domain}


class KeyStoreError(JeugdhubError):
    """The key store cannot be created, opened or used."""


class KeyStoreExistsError(KeyStoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"a key store already exists at {path}; refusing to overwrite it "
            "(new keys: `jeugdhub keys rotate`)"
        )


class KeyStoreNotFoundError(KeyStoreError):
    exit_code = 2

    def __init__(self, path: Path) -> None:
        super().__init__(f"no key store at {path}: run `jeugdhub keys init` first")


class KekError(KeyStoreError):
    """The key-encryption key is missing, malformed or kept unsafely."""

    exit_code = 2


class KekNotConfiguredError(KekError):
    def __init__(self) -> None:
        super().__init__(
            f"no key-encryption key: set {KEK_VARIABLE} (base64) or {KEK_FILE_VARIABLE} "
            "(a file outside the repository, mode 600)"
        )


@dataclass(frozen=True)
class KeyStatus:
    """What an operator may see of one domain: versions and age, never key material."""

    domain: KeyDomain
    current_version: int
    versions: tuple[int, ...]
    current_created_at: str


@dataclass(frozen=True)
class _Key:
    version: int
    created_at: str
    secret: bytes = field(repr=False)


class _SealedKey(BaseModel):
    version: int
    created_at: str
    nonce: str
    ciphertext: str


class _StoreFile(BaseModel):
    format: int
    domains: dict[KeyDomain, list[_SealedKey]]


_Keys = dict[KeyDomain, tuple[_Key, ...]]
# The domains of the first stores; a store without a later domain gets it on opening.
_ORIGINAL_DOMAINS = (KeyDomain.YOUTH, KeyDomain.CASE, KeyDomain.DEADLETTER)


def generate_kek() -> str:
    """A new key-encryption key, base64, for the operator to store outside the repository."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def load_kek(settings: Settings) -> bytes:
    """The KEK from the settings: the variable itself, or the file it names."""
    value, path = settings.key_encryption_key, settings.key_encryption_key_file
    if value is not None and path is not None:
        raise KekError(f"set {KEK_VARIABLE} or {KEK_FILE_VARIABLE}, not both")
    if value is not None:
        return decode_kek(value.get_secret_value(), KEK_VARIABLE)
    if path is not None:
        path = path.resolve()
        return decode_kek(_read_kek_file(path), f"the file {path} ({KEK_FILE_VARIABLE})")
    raise KekNotConfiguredError


def _read_kek_file(path: Path) -> str:
    if path.is_relative_to(REPO_ROOT.resolve()):
        raise KekError(
            f"{KEK_FILE_VARIABLE} points inside the repository ({path}); keys must live "
            "outside it: move the file elsewhere and point the variable there"
        )
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise KekError(f"cannot read {KEK_FILE_VARIABLE} ({path}): {error.strerror}") from None
    if mode & 0o077:
        raise KekError(
            f"{KEK_FILE_VARIABLE} ({path}) is open to group or others: run `chmod 600 {path}`"
        )
    try:
        return path.read_text(encoding="ascii")
    except OSError as error:
        raise KekError(f"cannot read {KEK_FILE_VARIABLE} ({path}): {error.strerror}") from None
    except UnicodeDecodeError:
        # Not the error's own text: it quotes the bytes it could not decode.
        raise KekError(f"{KEK_FILE_VARIABLE} ({path}) is not base64 text") from None


def decode_kek(text: str, source: str) -> bytes:
    # Accept both alphabets: operators paste keys from tools that use either.
    text = text.strip().replace("-", "+").replace("_", "/")
    try:
        kek = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise KekError(f"{source} is not valid base64") from None
    if len(kek) != KEY_BYTES:
        raise KekError(f"{source} must decode to {KEY_BYTES} bytes")
    return kek


class KeyStore:
    """The keys of every domain, decrypted in memory; construct with create or open."""

    def __init__(self, path: Path, aead: AESGCM, keys: _Keys) -> None:
        self._path = path
        self._aead = aead
        self._keys = keys

    def __repr__(self) -> str:
        return f"KeyStore({str(self._path)!r})"

    @classmethod
    def create(cls, path: Path, kek: bytes) -> "KeyStore":
        """A new store at path with version 1 of every domain; refuses an existing file."""
        store = cls(path, _aead(kek), {domain: (_new_key(1),) for domain in KeyDomain})
        store._write(store._keys, replace=False)
        return store

    @classmethod
    def open(cls, path: Path, kek: bytes) -> "KeyStore":
        """The store at path, every key decrypted with kek."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KeyStoreNotFoundError(path) from None
        except OSError as error:
            raise KeyStoreError(f"cannot read the key store {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise _damaged(path) from None
        try:
            stored = _StoreFile.model_validate_json(text)
        except ValidationError:
            raise _damaged(path) from None
        if stored.format != _FORMAT or not set(_ORIGINAL_DOMAINS) <= set(stored.domains):
            raise _damaged(path)
        aead = _aead(kek)
        keys: _Keys = {}
        for domain, kept_versions in stored.domains.items():
            sealed = sorted(kept_versions, key=lambda kept: kept.version)
            versions = [kept.version for kept in sealed]
            if not versions or versions[0] < 1 or len(set(versions)) != len(versions):
                raise _damaged(path)
            keys[domain] = tuple(_unseal(aead, domain, kept, path) for kept in sealed)
        store = cls(path, aead, keys)
        missing = set(KeyDomain) - set(keys)
        if missing:
            # A store made before a domain existed gets its first version now, once.
            store._keys = {**keys, **{domain: (_new_key(1),) for domain in missing}}
            store._write(store._keys, replace=True)
        return store

    def rotate(self, domain: KeyDomain | None = None) -> dict[KeyDomain, int]:
        """Add a new current version to one domain (or all) and save; returns the versions.
        A pseudonym domain rotates with the others (``PSEUDONYM_DOMAINS``)."""
        domains = rotated_together(domain)
        keys = {
            name: (*versions, _new_key(versions[-1].version + 1)) if name in domains else versions
            for name, versions in self._keys.items()
        }
        self._write(keys, replace=True)
        self._keys = keys
        return {name: keys[name][-1].version for name in KeyDomain if name in domains}

    def retire(self, domain: KeyDomain, version: int) -> None:
        """Destroy one old version of a domain (of every pseudonym domain, which retire
        together): its sealed key leaves the file and this process's store. Pseudonyms
        made under it can then no longer be recomputed by anyone, so they are no longer
        linkable to a BSN. The current version cannot be retired (rotate first); that the
        events under it were migrated first is the command's check
        (``jeugdhub keys retire``)."""
        self.require_retirable(domain, version)
        domains = rotated_together(domain)
        keys = {
            name: tuple(
                kept for kept in versions if not (name in domains and kept.version == version)
            )
            for name, versions in self._keys.items()
        }
        self._write(keys, replace=True)
        self._keys = keys

    def require_retirable(self, domain: KeyDomain, version: int) -> None:
        """Refuse a version that does not exist or is the current one."""
        for name in rotated_together(domain):
            self.key(name, version)  # the version must exist: a clear error otherwise
        if version == self._keys[domain][-1].version:
            raise KeyStoreError(
                f"version {version} is the current {domain} key, which new events use: "
                f"run `jeugdhub keys rotate --domain {domain}` first, then retire it"
            )

    def rewrap(self, new_kek: bytes) -> None:
        """Seal every key under a new key-encryption key; the old KEK opens it no more."""
        self._aead = _aead(new_kek)
        self._write(self._keys, replace=True)

    def current(self, domain: KeyDomain) -> tuple[int, bytes]:
        """(version, key) of the key that new events of this domain use."""
        newest = self._keys[domain][-1]
        return newest.version, newest.secret

    def key(self, domain: KeyDomain, version: int) -> bytes:
        """The key of any kept version of the domain."""
        for kept in self._keys[domain]:
            if kept.version == version:
                return kept.secret
        kept_versions = ", ".join(str(kept.version) for kept in self._keys[domain])
        raise KeyStoreError(
            f"the key store has no version {version} of the {domain} key (kept: {kept_versions})"
        )

    def status(self) -> list[KeyStatus]:
        """Per domain the current version, the kept versions and when the current one was made."""
        return [
            KeyStatus(
                domain=domain,
                current_version=versions[-1].version,
                versions=tuple(kept.version for kept in versions),
                current_created_at=versions[-1].created_at,
            )
            for domain, versions in self._keys.items()
        ]

    def _write(self, keys: _Keys, *, replace: bool) -> None:
        document = {
            "format": _FORMAT,
            "domains": {
                domain.value: [_seal(self._aead, domain, kept) for kept in versions]
                for domain, versions in keys.items()
            },
        }
        try:
            _write_private(self._path, json.dumps(document, indent=2) + "\n", replace=replace)
        except OSError as error:
            raise KeyStoreError(
                f"cannot write the key store {self._path}: {error.strerror}"
            ) from None


def _aead(kek: bytes) -> AESGCM:
    if len(kek) != KEY_BYTES:
        raise KekError(f"the key-encryption key must be {KEY_BYTES} bytes")
    return AESGCM(kek)


def _damaged(path: Path) -> KeyStoreError:
    return KeyStoreError(f"{path} is not a jeugdhub key store or is damaged")


def _new_key(version: int) -> _Key:
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    return _Key(version=version, created_at=created_at, secret=secrets.token_bytes(KEY_BYTES))


def _associated_data(domain: KeyDomain, version: int) -> bytes:
    return f"jeugdhub-keystore/{_FORMAT}/{domain.value}/{version}".encode("ascii")


def _seal(aead: AESGCM, domain: KeyDomain, key: _Key) -> dict[str, object]:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    ciphertext = aead.encrypt(nonce, key.secret, _associated_data(domain, key.version))
    return {
        "version": key.version,
        "created_at": key.created_at,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
    }


def _unseal(aead: AESGCM, domain: KeyDomain, sealed: _SealedKey, path: Path) -> _Key:
    try:
        nonce = base64.b64decode(sealed.nonce, validate=True)
        ciphertext = base64.b64decode(sealed.ciphertext, validate=True)
    except binascii.Error:
        raise _damaged(path) from None
    if len(nonce) != _NONCE_BYTES:
        raise _damaged(path)
    try:
        secret = aead.decrypt(nonce, ciphertext, _associated_data(domain, sealed.version))
    except InvalidTag:
        # One KEK seals the whole file, so a tag that fails is nearly always the wrong KEK.
        raise KeyStoreError(
            f"the key-encryption key does not open this key store ({path}): check that "
            f"{KEK_VARIABLE} or {KEK_FILE_VARIABLE} holds the key it was created with"
        ) from None
    return _Key(version=sealed.version, created_at=sealed.created_at, secret=secret)


def _write_private(path: Path, text: str, *, replace: bool) -> None:
    """Write text to path atomically with mode 0600; without replace, never overwrite."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not replace and path.exists():
        raise KeyStoreExistsError(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            # link, unlike replace, fails when path exists: a store made meanwhile survives.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise KeyStoreExistsError(path) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    # A rotation lost in a crash would leave events whose key version no longer exists.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
