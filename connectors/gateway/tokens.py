"""API tokens of the organisations that submit events, stored only as hashes.

The token format and its check are ``jeugdhub.bearer_tokens``. The store is one JSON file
(``jeugdhub.json_state``); the gateway rereads it when it changes, so a revocation takes
effect without a restart.
"""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jeugdhub.bearer_tokens import new_token, secret_matches, token_id_of
from jeugdhub.errors import JeugdhubError
from jeugdhub.json_state import JsonStateFile
from schemas.records import Source
from schemas.vocabulary import OrganisationType


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


def _parse(raw: Any) -> dict[str, TokenEntry]:
    return {e["token_id"]: TokenEntry(**e) for e in raw["tokens"]}


class TokenStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: JsonStateFile[dict[str, TokenEntry]] = JsonStateFile(path, _parse, dict)

    def _save(self, entries: dict[str, TokenEntry]) -> None:
        self._file.write({"tokens": [asdict(entry) for entry in entries.values()]})

    def issue(self, organisation: Source) -> tuple[TokenEntry, str]:
        """A new token for the organisation; the token itself is returned only here."""
        token = new_token()
        entry = TokenEntry(
            token_id=token.token_id,
            organisation_type=organisation.organisation_type.value,
            code=organisation.code,
            secret_sha256=token.secret_sha256,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._save({**self._file.current(), token.token_id: entry})
        return entry, token.token

    def revoke(self, token_id: str) -> TokenEntry:
        entries = self._file.current()
        entry = entries.get(token_id)
        if entry is None:
            raise TokenError(f"no token with id {token_id!r} (see `jeugdhub tokens list`)")
        revoked = TokenEntry(**{**asdict(entry), "revoked_at": datetime.now(UTC).isoformat()})
        self._save({**entries, token_id: revoked})
        return revoked

    def entries(self) -> list[TokenEntry]:
        return sorted(self._file.current().values(), key=lambda e: e.created_at)

    def authenticate(self, token: str) -> Source | None:
        """The organisation a valid, unrevoked token belongs to; None otherwise."""
        token_id = token_id_of(token)
        entry = None if token_id is None else self._file.current().get(token_id)
        if entry is None or entry.revoked_at is not None:
            return None
        if not secret_matches(token, entry.secret_sha256):
            return None
        return entry.organisation
