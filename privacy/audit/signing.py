"""The Ed25519 key that signs audit entries, and checking a signature with its public key.

Ed25519 (``cryptography``) rather than an HMAC: a verifier needs only the public key, so
an auditor can check the trail without being able to write a valid entry. The private key
is a PEM file with mode 600 (setting ``audit_signing_key_path``), made on first use; its
id is the first 16 hex digits of the SHA-256 of the raw public key.
"""

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jeugdhub.errors import JeugdhubError


class AuditKeyError(JeugdhubError):
    """The signing key or a public key cannot be read."""

    exit_code = 2


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Signer:
    private: Ed25519PrivateKey
    key_id: str

    def sign(self, digest: bytes) -> bytes:
        return self.private.sign(digest)

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def load_or_create_signer(path: Path) -> Signer:
    """The signing key in ``path``; a new one, written with mode 600, if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _create_once(path, pem)
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise AuditKeyError(
            f"cannot read the audit signing key {path} ({type(error).__name__}); it must be "
            "the PEM file the hub made (JEUGDHUB_AUDIT_SIGNING_KEY_PATH)"
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise AuditKeyError(f"the audit signing key {path} is not an Ed25519 key")
    return Signer(private, key_id_of(private.public_key()))


def _create_once(path: Path, pem: bytes) -> None:
    """Write ``pem`` to ``path`` unless another process got there first.

    The processes of a hub start together (the demo starts the egress, the feed API and
    the gateway at once) and each makes the key if there is none: the key is written
    whole to a file of its own (mode 600) and then linked into place, which fails if the
    path exists, so every process reads one complete key, the first one made.
    """
    descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(scratch, path)
    finally:
        os.unlink(scratch)


@dataclass(frozen=True)
class PublicKeys:
    """The public keys a verifier trusts, by key id."""

    by_id: dict[str, Ed25519PublicKey]

    def valid(self, key_id: str, digest: bytes, signature: bytes) -> bool:
        public = self.by_id.get(key_id)
        if public is None:
            return False
        try:
            public.verify(signature, digest)
        except InvalidSignature:
            return False
        return True


def load_public_keys(paths: list[Path]) -> PublicKeys:
    """Public keys (PEM) from files; a private key file gives its public key."""
    keys: dict[str, Ed25519PublicKey] = {}
    for path in paths:
        try:
            data = path.read_bytes()
            loaded = (
                serialization.load_pem_private_key(data, password=None).public_key()
                if b"PRIVATE KEY" in data
                else serialization.load_pem_public_key(data)
            )
        except (OSError, ValueError) as error:
            raise AuditKeyError(
                f"cannot read the public key {path} ({type(error).__name__})"
            ) from None
        if not isinstance(loaded, Ed25519PublicKey):
            raise AuditKeyError(f"{path} is not an Ed25519 key")
        keys[key_id_of(loaded)] = loaded
    return PublicKeys(keys)
