"""The recipients of feeds and their API tokens, kept as hashes in one JSON file.

STAND-IN for the feed API's branch until egress-broker-acl lands with the real store;
same interface. Reread when the file changes, so add and remove need no restart.
"""

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas.topics import feed_topic


@dataclass(frozen=True)
class Subscriber:
    name: str
    regime: str
    scope: str
    token_id: str
    token_sha256: str
    created_at: str
    removed_at: str | None = None

    @property
    def feed_topic(self) -> str:
        return feed_topic(self.name)


class SubscriberStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Subscriber] = {}
        self._version: tuple[int, int, int] | None = None

    def _load(self) -> dict[str, Subscriber]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._entries, self._version = {}, None
            return self._entries
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if version != self._version:
            raw = json.loads(self.path.read_text())
            self._entries = {e["name"]: Subscriber(**e) for e in raw["subscribers"]}
            self._version = version
        return self._entries

    def _save(self, entries: dict[str, Subscriber]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"subscribers": [asdict(e) for e in entries.values()]}))
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def add(self, name: str, regime: str, scope: str) -> tuple[Subscriber, str]:
        entries = dict(self._load())
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        subscriber = Subscriber(
            name,
            regime,
            scope,
            token_id,
            hashlib.sha256(secret.encode()).hexdigest(),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        entries[name] = subscriber
        self._save(entries)
        return subscriber, f"jh_{token_id}_{secret}"

    def remove(self, name: str) -> Subscriber:
        entries = dict(self._load())
        removed = Subscriber(
            **{**asdict(entries[name]), "removed_at": datetime.now(UTC).isoformat()}
        )
        entries[name] = removed
        self._save(entries)
        return removed

    def active(self) -> list[Subscriber]:
        return [s for s in self._load().values() if s.removed_at is None]

    def get(self, name: str) -> Subscriber | None:
        return self._load().get(name)

    def by_token(self, token: str) -> Subscriber | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "jh":
            return None
        for subscriber in self.active():
            if subscriber.token_id == parts[1]:
                digest = hashlib.sha256(parts[2].encode()).hexdigest()
                return subscriber if hmac.compare_digest(digest, subscriber.token_sha256) else None
        return None
