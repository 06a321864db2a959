"""API tokens of the organisations that submit events, stored only as hashes.

A token is ``jh_<id>_<secret>``: the id finds the entry, the secret (32 random bytes) is
checked against its SHA-256 in constant time. A slow password hash is not needed: the
secret is random, not chosen by a person, so it cannot be guessed from its hash. The
store is one JSON file, rewritten atomically; the gateway rereads it when it changes, so
a revocation takes effect without a restart.
"""

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from jeugdhub.errors import JeugdhubError
from schemas.records import Source
from schemas.vocabulary import OrganisationType

_PREFIX = "jh"


class TokenError(JeugdhubError):
    """A token command cannot be carried out."""


@dataclass(frozen=True)
class TokenEntry:
    token_id: str
    organisation_type: str
    code: str
    secret_sha256: str
    created_at: str
    revoked_at: str | None = None

    @property
    def organisation(self) -> Source:
        return Source(organisation_type=OrganisationType(self.organisation_type), code=self.code)


class TokenStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, TokenEntry] = {}
        self._loaded_mtime: int | None = None

    def _load(self) -> None:
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            self._entries, self._loaded_mtime = {}, None
            return
        if mtime == self._loaded_mtime:
            return
        raw = json.loads(self.path.read_text())
        self._entries = {e["token_id"]: TokenEntry(**e) for e in raw["tokens"]}
        self._loaded_mtime = mtime

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        data = {"tokens": [asdict(entry) for entry in self._entries.values()]}
        temporary.write_text(json.dumps(data, indent=2))
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def issue(self, organisation: Source) -> tuple[TokenEntry, str]:
        """A new token for the organisation; the token itself is returned only here."""
        self._load()
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        entry = TokenEntry(
            token_id=token_id,
            organisation_type=organisation.organisation_type.value,
            code=organisation.code,
            secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._entries[token_id] = entry
        self._save()
        return entry, f"{_PREFIX}_{token_id}_{secret}"

    def revoke(self, token_id: str) -> TokenEntry:
        self._load()
        entry = self._entries.get(token_id)
        if entry is None:
            raise TokenError(f"no token with id {token_id!r} (see `jeugdhub tokens list`)")
        revoked = TokenEntry(**{**asdict(entry), "revoked_at": datetime.now(UTC).isoformat()})
        self._entries[token_id] = revoked
        self._save()
        return revoked

    def entries(self) -> list[TokenEntry]:
        self._load()
        return sorted(self._entries.values(), key=lambda e: e.created_at)

    def authenticate(self, token: str) -> Source | None:
        """The organisation a valid, unrevoked token belongs to; None otherwise."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != _PREFIX:
            return None
        self._load()
        entry = self._entries.get(parts[1])
        if entry is None or entry.revoked_at is not None:
            return None
        digest = hashlib.sha256(parts[2].encode()).hexdigest()
        if not hmac.compare_digest(digest, entry.secret_sha256):
            return None
        return entry.organisation
