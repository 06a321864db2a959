"""The HTTP ingest gateway: authenticated organisations push JSON batches and iJw messages.

Every answer that says a record was accepted is given only after Kafka acknowledged it
(acks=all); when Kafka does not, the answer is 503 with Retry-After and nothing of the
request counts as accepted (resubmitting it is safe: event ids are deterministic and
resubmissions are recognised). Rejected records are answered with field and reason and
kept, encrypted, on the dead-letter topic.
"""

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from connectors.gateway.models import BatchResult, ErrorOut, batch_request_schema
from connectors.gateway.ratelimit import RateLimiter
from connectors.gateway.responses import batch_response, error
from connectors.gateway.tokens import TokenStore
from connectors.ijw import submissions_from_ijw
from connectors.ingest import Submission
from connectors.json_batch import json_submissions
from connectors.keyring import KeysUnavailableError
from connectors.publisher import KafkaUnavailableError
from connectors.runtime import IngestStack, ingest_stack
from jeugdhub.errors import InvalidInputError
from jeugdhub.settings import Settings, get_settings
from schemas.records import Source

RETRY_AFTER_KAFKA_S = 5
LOG = logging.getLogger(__name__)
StackFactory = Callable[[Settings], AbstractAsyncContextManager[IngestStack]]

_ERRORS = {
    "400": "the body is not what the endpoint takes (kept as a dead letter)",
    "401": "no token, or not a valid one",
    "403": "the token's organisation may not submit for the organisation named",
    "413": "body or batch too large (kept as a dead letter)",
    "415": "wrong content type",
    "429": "too many requests for this organisation; see Retry-After",
    "503": "Kafka did not acknowledge, or the key store changed and cannot be opened: "
    "nothing was accepted, retry after Retry-After",
}


def _responses(success: str) -> dict[int | str, dict[str, Any]]:
    responses: dict[int | str, dict[str, Any]] = {
        "200": {"model": BatchResult, "description": success},
        "207": {"model": BatchResult, "description": "some records accepted, some rejected"},
        "422": {"model": BatchResult, "description": "every record was rejected; see results"},
    }
    for code, text in _ERRORS.items():
        responses[code] = {"model": ErrorOut, "description": text}
    return responses


def _keys_unavailable(unavailable: KeysUnavailableError) -> Response:
    """503: the operator's log says what to fix; the sender is told to retry only (the
    store's path is none of its business)."""
    LOG.error("%s", unavailable)
    return error(
        503,
        "the hub cannot open its pseudonymisation keys right now: nothing was accepted; "
        "retry after Retry-After",
        retry_after=RETRY_AFTER_KAFKA_S,
    )


class Gateway:
    """The request handling; ``create_app`` puts it behind FastAPI routes."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tokens = TokenStore(settings.token_store_file)
        self._limiter = RateLimiter(settings.gateway_rate_per_second, settings.gateway_rate_burst)
        self.stack: IngestStack | None = None

    async def admit(self, request: Request, content_types: tuple[str, ...]) -> Source | Response:
        """Authenticate, rate-limit and check the content type; a Response means: answer it."""
        header = request.headers.get("authorization", "")
        organisation = self._tokens.authenticate(header.removeprefix("Bearer ").strip())
        if not header.startswith("Bearer ") or organisation is None:
            return error(401, "send `Authorization: Bearer <token>` with a valid token")
        wait = self._limiter.acquire(f"{organisation.organisation_type}:{organisation.code}")
        if wait > 0:
            return error(429, "rate limit exceeded for this organisation", retry_after=wait)
        if not request.headers.get("content-type", "").startswith(content_types):
            return error(415, f"send Content-Type: {content_types[0]}")
        return organisation

    async def read_body(
        self, request: Request, organisation: Source, channel: str
    ) -> bytes | Response:
        limit = self._settings.gateway_max_body_bytes
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                # Kept as a dead letter (its start: see deadletters.MAX_PAYLOAD_BYTES);
                # the rest is never read.
                return await self.reject_whole(
                    organisation,
                    (413, channel, "body"),
                    body,
                    f"exceeds the limit of {limit} bytes",
                )
        return body

    async def ingest(self, organisation: Source, submissions: list[Submission]) -> Response:
        assert self.stack is not None
        try:
            outcomes = await self.stack.ingestor.ingest(organisation, submissions)
        except KafkaUnavailableError as unavailable:
            return error(503, str(unavailable), retry_after=RETRY_AFTER_KAFKA_S)
        except KeysUnavailableError as unavailable:
            return _keys_unavailable(unavailable)
        return batch_response(outcomes, list(range(len(outcomes))))

    async def reject_whole(
        self, organisation: Source, what: tuple[int, str, str], body: bytes, reason: str
    ) -> Response:
        """Answer ``status`` for the whole body, after keeping it as a dead letter."""
        status, channel, field = what
        problem = InvalidInputError(field, reason)
        submission = Submission(channel, "request body", body, "person", None, (problem,))
        assert self.stack is not None
        try:
            (outcome,) = await self.stack.ingestor.ingest(organisation, [submission])
        except KafkaUnavailableError as unavailable:
            return error(503, str(unavailable), retry_after=RETRY_AFTER_KAFKA_S)
        except KeysUnavailableError as unavailable:
            return _keys_unavailable(unavailable)
        return error(status, str(problem), dead_letter_id=outcome.dead_letter_id)

    async def json_batch(self, organisation: Source, body: bytes) -> Response:
        try:
            document = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as problem:
            reason = f"is not valid JSON (line {getattr(problem, 'lineno', 1)})"
            return await self.reject_whole(organisation, (400, "json", "body"), body, reason)
        records = document.get("records") if isinstance(document, dict) else None
        if not isinstance(records, list):
            reason = "must be an object with a list `records`"
            return await self.reject_whole(organisation, (400, "json", "body"), body, reason)
        limit = self._settings.gateway_max_batch_records
        if len(records) > limit:
            reason = f"holds {len(records)} records; at most {limit} per request"
            return await self.reject_whole(organisation, (413, "json", "records"), body, reason)
        own = organisation.model_dump(mode="json")
        for index, record in enumerate(records):
            named = record.get("source") if isinstance(record, dict) else None
            if named is not None and named != own:
                return error(403, f"records[{index}].source: you may only submit as yourself")
        return await self.ingest(organisation, json_submissions(own, records))

    async def ijw_message(self, organisation: Source, body: bytes) -> Response:
        submissions = submissions_from_ijw(body, "request")
        own = organisation.model_dump(mode="json")
        for submission in submissions:
            named = (submission.record or {}).get("source")
            if named is not None and named != own:
                return error(403, "Header/Afzender: you may only submit as yourself")
        return await self.ingest(organisation, submissions)


def create_app(settings: Settings, stack_factory: StackFactory = ingest_stack) -> FastAPI:
    gateway = Gateway(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with stack_factory(settings) as stack:
            gateway.stack = stack
            yield
            gateway.stack = None

    app = FastAPI(
        title="jeugdhub ingest gateway", version="1", description=__doc__, lifespan=lifespan
    )
    batch_schema, components = batch_request_schema()

    @app.post(
        "/v1/events",
        summary="Submit a batch of events (JSON)",
        responses=_responses("every record accepted (or already accepted before)"),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": batch_schema}},
            }
        },
    )
    async def post_events(request: Request) -> Response:
        admitted = await gateway.admit(request, ("application/json",))
        if isinstance(admitted, Response):
            return admitted
        body = await gateway.read_body(request, admitted, "json")
        if isinstance(body, Response):
            return body
        return await gateway.json_batch(admitted, body)

    @app.post(
        "/v1/ijw",
        summary="Submit one iJw 3.2 message (JW315, JW301, JW305, JW307)",
        responses=_responses("every product block accepted (or already accepted before)"),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        },
    )
    async def post_ijw(request: Request) -> Response:
        admitted = await gateway.admit(request, ("application/xml", "text/xml"))
        if isinstance(admitted, Response):
            return admitted
        body = await gateway.read_body(request, admitted, "ijw")
        if isinstance(body, Response):
            return body
        return await gateway.ijw_message(admitted, body)

    @app.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "alive"}

    @app.get(
        "/ready", summary="Readiness: connected to Kafka", responses={503: {"model": ErrorOut}}
    )
    async def ready() -> Response:
        if gateway.stack is None:
            return error(503, "starting")
        return JSONResponse({"status": "ready"})

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(components)
            schema["components"]["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """The app for ``jeugdhub gateway``: one per worker process, settings from the env."""
    return create_app(get_settings())
