"""The feed HTTP API: a subscriber reads its own feed as a snapshot (JSON or CSV) or a stream.

Every route but ``/health`` and ``/ready`` needs ``Authorization: Bearer <token>`` of an
active subscriber (the subscriber store is read again when it changes, so adding or
removing one takes effect without a restart). A subscriber reads only its own feed: the
same rule the broker's ACLs apply to its feed topic. Snapshots and streams come from one
consumer per feed topic in this process (``follower.py``); a resumed stream reads what it
missed back from the topic (``replay.py``). Tokens never reach a log or a response.
"""

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from fastapi import Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sse_starlette import EventSourceResponse, ServerSentEvent

from feeds.api.csv_export import feed_csv
from feeds.api.follower import FeedFollowers, FeedUnavailableError
from feeds.api.metrics import STREAMS
from feeds.api.models import ErrorOut, FeedSnapshot
from feeds.api.replay import releases_between
from feeds.api.stored import StoredRelease
from feeds.subscribers import Subscriber, SubscriberStore
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.settings import Settings, get_settings

RETRY_AFTER_S = 5
READY_TIMEOUT_S = 3.0
_EVENT_ID = re.compile(r"^[0-9]{1,19}$")


class FeedAccessError(Exception):
    """Answered as an error body with ``status`` (raised in a route or a dependency)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(ErrorOut(detail=detail).model_dump(), status_code=status, headers=headers)


def _unavailable(problem: FeedUnavailableError) -> FeedAccessError:
    return FeedAccessError(503, str(problem), {"Retry-After": str(RETRY_AFTER_S)})


_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no token, or not the token of an active subscriber"},
    503: {"model": ErrorOut, "description": "the feed cannot be read now; see Retry-After"},
}
_OTHERS_ERRORS: dict[int | str, dict[str, Any]] = {
    **_AUTH_ERRORS,
    403: {"model": ErrorOut, "description": "the feed of another subscriber"},
}
_STREAM_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Last-Event-ID is not an offset this API sent"},
}
_CSV = {"description": "the cells, `;`-separated, UTF-8 with BOM", "content": {"text/csv": {}}}
_SSE = {
    "description": "`event: release`, `id:` its offset, `data:` a ReleaseOut as JSON; "
    "comment lines keep the connection alive",
    "content": {"text/event-stream": {}},
}


def _event(stored: StoredRelease) -> ServerSentEvent:
    return ServerSentEvent(data=stored.json, event="release", id=str(stored.offset))


class FeedApi:
    """The request handling; ``create_app`` puts it behind FastAPI routes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.subscribers = SubscriberStore(settings.subscriber_store_file)
        self.followers: FeedFollowers | None = None

    def authenticate(self, credentials: HTTPAuthorizationCredentials | None) -> Subscriber:
        subscriber = (
            None if credentials is None else self.subscribers.by_token(credentials.credentials)
        )
        if subscriber is None:
            raise FeedAccessError(
                401,
                "send `Authorization: Bearer <token>` with the token you got when the "
                "subscription was made",
                {"WWW-Authenticate": "Bearer"},
            )
        return subscriber

    async def snapshot(self, subscriber: Subscriber) -> FeedSnapshot:
        releases = await self._releases(subscriber)
        return FeedSnapshot(
            subscriber=subscriber.name,
            regime=subscriber.regime,
            releases=[stored.out for stored in releases],
        )

    async def csv(self, subscriber: Subscriber) -> Response:
        body = feed_csv(await self._releases(subscriber))
        filename = f"jeugdhub-{subscriber.name}.csv"
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def _releases(self, subscriber: Subscriber) -> list[StoredRelease]:
        assert self.followers is not None
        try:
            follower = await self.followers.follower(subscriber.feed_topic)
            return await follower.snapshot(self.settings.feed_api_catch_up_timeout_s)
        except FeedUnavailableError as problem:
            raise _unavailable(problem) from None

    async def stream(self, subscriber: Subscriber, last_event_id: str | None) -> Response:
        if last_event_id is not None and not _EVENT_ID.match(last_event_id.strip()):
            raise FeedAccessError(400, "Last-Event-ID: must be the id of an event of this stream")
        resume_after = None if last_event_id is None else int(last_event_id.strip())
        assert self.followers is not None
        try:
            follower = await self.followers.follower(subscriber.feed_topic)
        except FeedUnavailableError as problem:
            raise _unavailable(problem) from None
        options = self.followers.kafka_options

        async def events() -> AsyncIterator[ServerSentEvent]:
            # Registered here, not before the response starts: whatever ends the response
            # ends this generator too, and so forgets the listener.
            listener, live_from = follower.listen()
            STREAMS.labels(subscriber.regime).inc()
            try:
                if resume_after is not None:
                    missed = releases_between(options, follower.topic, resume_after + 1, live_from)
                    async for stored in missed:
                        yield _event(stored)
                while (live := await listener.next()) is not None:
                    if resume_after is None or live.offset > resume_after:
                        yield _event(live)
            finally:
                follower.forget(listener)
                STREAMS.labels(subscriber.regime).dec()

        return EventSourceResponse(
            events(),
            ping=self.settings.feed_api_keepalive_s,
            send_timeout=self.settings.feed_api_send_timeout_s,
        )

    async def kafka_reachable(self) -> bool:
        if self.followers is None:
            return False
        admin = AIOKafkaAdminClient(**self.followers.kafka_options, request_timeout_ms=2000)
        try:
            await asyncio.wait_for(admin.start(), READY_TIMEOUT_S)
            await asyncio.wait_for(admin.list_topics(), READY_TIMEOUT_S)
        except (KafkaError, TimeoutError, OSError):
            return False
        finally:
            await admin.close()
        return True


def create_app(settings: Settings) -> FastAPI:
    api = FeedApi(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        access = kafka_access(settings, HubPrincipal.FEEDAPI)
        api.followers = FeedFollowers(
            access.aiokafka_options(),
            settings.feed_api_client_queue,
            settings.feed_api_catch_up_timeout_s,
        )
        try:
            yield
        finally:
            await api.followers.stop()
            api.followers = None

    app = FastAPI(title="jeugdhub feed API", version="1", description=__doc__, lifespan=lifespan)
    # The regions' dashboard at /, built on this FeedApi (so imported once it exists).
    from feeds.api.dashboard.routes import mount_dashboard  # noqa: PLC0415

    mount_dashboard(app, api)

    @app.exception_handler(FeedAccessError)
    async def access_error(_: Request, error: FeedAccessError) -> JSONResponse:
        return _error(error.status, error.detail, error.headers)

    bearer = HTTPBearer(auto_error=False, description="the subscriber's API token")

    def subscriber(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Subscriber:
        return api.authenticate(credentials)

    def named(name: str, own: Annotated[Subscriber, Depends(subscriber)]) -> Subscriber:
        if name != own.name:
            # Whether such a subscriber exists is not told either.
            raise FeedAccessError(403, "your token reads only your own feed (/v1/feed)")
        return own

    Own = Annotated[Subscriber, Depends(subscriber)]
    Named = Annotated[Subscriber, Depends(named)]
    LastEventId = Annotated[
        str | None,
        Header(alias="Last-Event-ID", description="resume after this event (an offset)"),
    ]

    @app.get(
        "/v1/feed", summary="Your feed now: the latest release per key", responses=_AUTH_ERRORS
    )
    async def feed(who: Own) -> FeedSnapshot:
        return await api.snapshot(who)

    @app.get(
        "/v1/feed.csv",
        summary="Your feed now, as CSV for Dutch Excel",
        response_class=Response,
        responses={200: _CSV, **_AUTH_ERRORS},
    )
    async def feed_csv_route(who: Own) -> Response:
        return await api.csv(who)

    @app.get(
        "/v1/feed/stream",
        summary="Your feed live (Server-Sent Events), resumable with Last-Event-ID",
        response_class=Response,
        responses={200: _SSE, **_AUTH_ERRORS, **_STREAM_ERRORS},
    )
    async def feed_stream(who: Own, last_event_id: LastEventId = None) -> Response:
        return await api.stream(who, last_event_id)

    # The same by name, for clients that address feeds explicitly; only one's own answers.
    @app.get(
        "/v1/feeds/{name}.csv",
        summary="A feed by name, as CSV",
        response_class=Response,
        responses={200: _CSV, **_OTHERS_ERRORS},
    )
    async def named_csv(who: Named) -> Response:
        return await api.csv(who)

    @app.get(
        "/v1/feeds/{name}/stream",
        summary="A feed by name, live",
        response_class=Response,
        responses={200: _SSE, **_OTHERS_ERRORS, **_STREAM_ERRORS},
    )
    async def named_stream(who: Named, last_event_id: LastEventId = None) -> Response:
        return await api.stream(who, last_event_id)

    @app.get("/v1/feeds/{name}", summary="A feed by name", responses=_OTHERS_ERRORS)
    async def named_feed(who: Named) -> FeedSnapshot:
        return await api.snapshot(who)

    @app.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "alive"}

    @app.get(
        "/ready", summary="Readiness: Kafka is reachable", responses={503: {"model": ErrorOut}}
    )
    async def ready() -> Response:
        if not await api.kafka_reachable():
            return _error(503, "Kafka is not reachable", {"Retry-After": str(RETRY_AFTER_S)})
        return JSONResponse({"status": "ready"})

    return app


def app_from_environment() -> FastAPI:
    """The app for ``jeugdhub feed-api``, settings from the environment."""
    return create_app(get_settings())
