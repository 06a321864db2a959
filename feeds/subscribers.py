"""The recipients of feeds: who they are, which regime applies, and their API tokens.

A subscriber is a recipient (a municipality, a region, a provider, a certified
institution, the public) with one regime and, where the regime is bounded, one scope. It
reads its own feed topic ``jeugdhub.feed.<name>.v1`` on Kafka as the principal
``feed-<name>`` (created by ``jeugdhub subscribers add``), or over HTTP with its feed API
token, of which only the hash is kept. The store is one JSON file (``jeugdhub.json_state``),
reread when it changes, so the feed API sees a removal without a restart.
"""

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jeugdhub.bearer_tokens import new_token, secret_matches, token_id_of
from jeugdhub.errors import InvalidInputError, JeugdhubError
from jeugdhub.json_state import JsonStateFile
from privacy.regimes import load_regimes
from privacy.regimes.model import Scope
from schemas.reference import reference_data
from schemas.topics import feed_topic

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
PRINCIPAL_PREFIX = "feed-"


class SubscriberError(JeugdhubError):
    """A subscriber command cannot be carried out; the message says why."""


@dataclass(frozen=True)
class Subscriber:
    name: str
    regime: str
    scope: str | None
    token_id: str
    token_sha256: str
    created_at: str
    removed_at: str | None = None

    @property
    def feed_topic(self) -> str:
        return feed_topic(self.name)

    @property
    def principal(self) -> str:
        return principal_of(self.name)

    @property
    def active(self) -> bool:
        return self.removed_at is None


def principal_of(name: str) -> str:
    """A subscriber's Kafka user; also the prefix of the consumer groups it may use."""
    return f"{PRINCIPAL_PREFIX}{name}"


def check_subscription(name: str, regime: str, scope: str | None) -> str | None:
    """The scope in its normal form, or ``InvalidInputError`` naming the field."""
    if not NAME_PATTERN.match(name):
        raise InvalidInputError(
            "name", "must be 2-63 characters a-z, 0-9 and '-', starting with a letter or digit"
        )
    regimes = load_regimes()
    if regime not in regimes:
        raise InvalidInputError("regime", f"must be one of {', '.join(sorted(regimes))}")
    kind = regimes[regime].scope
    if kind in (Scope.UTRECHT_FLEVOLAND, Scope.NATIONAL):
        if scope is not None:
            raise InvalidInputError("scope", f"the {regime} regime has no scope; leave it out")
        return None
    if not scope:
        raise InvalidInputError("scope", f"the {regime} regime needs a scope")
    reference = reference_data()
    match kind:
        case Scope.OWN_MUNICIPALITY:
            return reference.municipality(scope, "scope").code
        case Scope.OWN_REGION:
            return reference.region(scope, "scope").code
        case Scope.OWN_PROVIDER:
            return reference.provider(scope, "scope").agb_code
        case _:
            return reference.certified_institution(scope, "scope").code


def _parse(raw: Any) -> dict[str, Subscriber]:
    return {entry["name"]: Subscriber(**entry) for entry in raw["subscribers"]}


class SubscriberStore:
    """``<state>/feeds/subscribers.json`` (setting ``subscriber_store_path``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: JsonStateFile[dict[str, Subscriber]] = JsonStateFile(path, _parse, dict)

    def _save(self, entries: dict[str, Subscriber]) -> None:
        self._file.write({"subscribers": [asdict(entry) for entry in entries.values()]})

    def add(self, name: str, regime: str, scope: str | None) -> tuple[Subscriber, str]:
        """A new subscriber and its feed API token; the token is returned only here.

        A removed subscriber's name can be given again (its feed topic and history are
        kept); it gets a new token.
        """
        scope = check_subscription(name, regime, scope)
        self.check_free(name)
        entries = self._file.current()
        token = new_token()
        subscriber = Subscriber(
            name=name,
            regime=regime,
            scope=scope,
            token_id=token.token_id,
            token_sha256=token.secret_sha256,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._save({**entries, name: subscriber})
        return subscriber, token.token

    def check_free(self, name: str) -> None:
        """Raise ``SubscriberError`` when an active subscriber has this name."""
        existing = self._file.current().get(name)
        if existing is not None and existing.active:
            raise SubscriberError(
                f"subscriber {name!r} exists already (see `jeugdhub subscribers list`)"
            )

    def remove(self, name: str) -> Subscriber:
        subscriber = self.get(name)
        removed = Subscriber(
            **{**asdict(subscriber), "removed_at": datetime.now(UTC).isoformat(timespec="seconds")}
        )
        self._save({**self._file.current(), name: removed})
        return removed

    def get(self, name: str) -> Subscriber:
        """The active subscriber of that name."""
        subscriber = self._file.current().get(name)
        if subscriber is None or not subscriber.active:
            raise SubscriberError(
                f"no active subscriber {name!r} (see `jeugdhub subscribers list`)"
            )
        return subscriber

    def find(self, name: str) -> Subscriber | None:
        """The subscriber of that name, active or removed; None if there never was one."""
        return self._file.current().get(name)

    def active(self) -> list[Subscriber]:
        return sorted(
            (entry for entry in self._file.current().values() if entry.active),
            key=lambda entry: entry.name,
        )

    def by_token(self, token: str) -> Subscriber | None:
        """The active subscriber a feed API token belongs to; None for any other token."""
        token_id = token_id_of(token)
        if token_id is None:
            return None
        for subscriber in self._file.current().values():
            if subscriber.token_id == token_id:
                valid = subscriber.active and secret_matches(token, subscriber.token_sha256)
                return subscriber if valid else None
        return None
