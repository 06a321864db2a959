"""Where a subscriber's feed API token becomes a browser session, and a session its subscriber.

A browser cannot send ``Authorization: Bearer`` with a page load or an ``EventSource``, so
the dashboard exchanges the token once for a random session id in a cookie (HttpOnly, so
no script reads it; SameSite=Strict, so no other site's page sends it; Secure where the
request came over TLS). The token itself is never kept: a session holds the subscriber's
name and token id, and ends when it expires, when the subscriber signs out, or as soon as
the subscriber is removed or given a new token. Sessions live in this process's memory:
the feed API runs as one process, and a restart only asks everyone to sign in again.
"""

import secrets
import time
from dataclasses import dataclass

from feeds.subscribers import Subscriber, SubscriberError, SubscriberStore

COOKIE = "jeugdhub_session"


@dataclass(frozen=True)
class Session:
    subscriber: str
    token_id: str
    expires_at: float  # time.monotonic()


class Sessions:
    def __init__(self, subscribers: SubscriberStore, ttl_s: float) -> None:
        self._subscribers = subscribers
        self._ttl_s = ttl_s
        self._by_id: dict[str, Session] = {}

    def open(self, subscriber: Subscriber) -> str:
        """A new session id for ``subscriber`` (the cookie's value)."""
        now = time.monotonic()
        self._by_id = {key: s for key, s in self._by_id.items() if s.expires_at > now}
        session_id = secrets.token_urlsafe(32)
        self._by_id[session_id] = Session(subscriber.name, subscriber.token_id, now + self._ttl_s)
        return session_id

    def subscriber(self, session_id: str | None) -> Subscriber | None:
        """The active subscriber of a live session; None for anything else."""
        session = None if session_id is None else self._by_id.get(session_id)
        if session is None:
            return None
        if session.expires_at <= time.monotonic():
            self.close(session_id)
            return None
        try:
            subscriber = self._subscribers.get(session.subscriber)
        except SubscriberError:
            subscriber = None
        if subscriber is None or subscriber.token_id != session.token_id:
            self.close(session_id)  # removed, or enrolled again with a new token
            return None
        return subscriber

    def close(self, session_id: str | None) -> None:
        if session_id is not None:
            self._by_id.pop(session_id, None)

    @property
    def ttl_s(self) -> float:
        return self._ttl_s
