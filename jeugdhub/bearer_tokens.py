"""Bearer tokens of the hub's HTTP APIs (ingest gateway, feed API), kept only as hashes.

A token is ``jh_<id>_<secret>``: the id finds the entry, the secret (32 random bytes) is
checked against its SHA-256 in constant time. A slow password hash is not needed: the
secret is random, not chosen by a person, so it cannot be guessed from its hash.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

_PREFIX = "jh"


@dataclass(frozen=True)
class NewToken:
    token_id: str
    secret_sha256: str
    token: str = ""  # the whole token: shown once to whoever asked for it, never stored

    def __repr__(self) -> str:
        return f"NewToken(token_id={self.token_id!r})"


def new_token() -> NewToken:
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return NewToken(token_id, _sha256(secret), f"{_PREFIX}_{token_id}_{secret}")


def token_id_of(token: str) -> str | None:
    """The id part of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != _PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def secret_matches(token: str, secret_sha256: str) -> bool:
    """Whether the token's secret has this hash (compared in constant time)."""
    parts = token.split("_", 2)
    if len(parts) != 3:
        return False
    return hmac.compare_digest(_sha256(parts[2]), secret_sha256)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
