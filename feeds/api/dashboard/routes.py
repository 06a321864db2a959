"""The dashboard's routes on the feed API: sign-in, the page, its live refresh, its CSVs.

| route | what |
| --- | --- |
| `GET /` | the signed-in subscriber's dashboard, or the sign-in form |
| `POST /session` | exchange a feed API token (form field `token`) for a session cookie |
| `POST /session/end` | sign out |
| `GET /dashboard/{name}` | the same page by name; any name but one's own is 403 |
| `GET /dashboard/{name}/figures` | the page's figures (HTML), which the page's script swaps in |
| `GET /dashboard/{name}/stream` | the feed's stream (``FeedApi.stream``), for the page's refresh |
| `GET /dashboard/{name}/{section}.csv`, `feed.csv` | one chart's cells, or the whole feed |
| `GET /static/dashboard/...` | the page's own script and style sheet |

Every figure comes from ``FeedApi.snapshot`` or ``FeedApi.stream``: the page shows what the
subscriber's feed holds, under its regime, nothing more.
"""

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import FastAPI, Header, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from feeds.api.app import FeedAccessError, FeedApi
from feeds.api.csv_export import cells_csv
from feeds.api.dashboard import labels
from feeds.api.dashboard.sections import SECTIONS, section_cells
from feeds.api.dashboard.sessions import COOKIE, Sessions
from feeds.api.dashboard.trend import TrendReader
from feeds.api.dashboard.view import TREND_SLUG, dashboard_view
from feeds.subscribers import Subscriber

HERE = Path(__file__).parent
STATIC = "/static/dashboard"
MAX_FORM_BYTES = 4096
# Every script, style, image and connection from the hub itself; nothing inline.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make a form's Origin "null"
    (b"cache-control", b"no-store"),
]


class DashboardHeaders:
    """ASGI middleware: the CSP and friends on every dashboard response (not on ``/docs``,
    whose Swagger page loads its script from a CDN). Pure ASGI, so streams pass through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/" or path.startswith(("/session", "/dashboard/", STATIC))):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals.update(labels=labels, static=STATIC, trend_slug=TREND_SLUG)


def _html(
    template: str, status: int = 200, headers: dict[str, str] | None = None, **context: object
) -> HTMLResponse:
    body = templates.get_template(template).render(**context)
    return HTMLResponse(body, status_code=status, headers=headers)


class Dashboard:
    """What the routes do: sessions, the page's view, the CSV of one chart."""

    def __init__(self, api: FeedApi) -> None:
        self.api = api
        self.sessions = Sessions(api.subscribers, api.settings.feed_api_session_ttl_s)
        self.trends = TrendReader(api)

    def signed_in(self, request: Request) -> Subscriber | None:
        return self.sessions.subscriber(request.cookies.get(COOKIE))

    def own(self, request: Request, name: str) -> Subscriber:
        subscriber = self.signed_in(request)
        if subscriber is None:
            raise FeedAccessError(401, "sign in at / with your feed API token first")
        if name != subscriber.name:
            # Whether such a subscriber exists is not told either.
            raise FeedAccessError(403, "you are signed in for your own feed only (see /)")
        return subscriber

    async def render(self, template: str, subscriber: Subscriber) -> HTMLResponse:
        try:
            snapshot = await self.api.snapshot(subscriber)
            trend = await self.trends.trend(subscriber, snapshot)
        except FeedAccessError as problem:
            if problem.status != 503:
                raise
            # In words on a page, with the reason; the browser may retry.
            return _html("unavailable.html", 503, problem.headers, detail=problem.detail)
        return _html(template, view=dashboard_view(snapshot, trend, subscriber.scope))

    async def sign_in(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            raise FeedAccessError(403, "sign in from the dashboard's own page")
        body = await request.body()
        token = parse_qs(body[:MAX_FORM_BYTES].decode(errors="replace")).get("token", [""])[0]
        try:
            subscriber = self.api.authenticate(
                HTTPAuthorizationCredentials(scheme="Bearer", credentials=token.strip())
            )
        except FeedAccessError:
            return _html("signin.html", 401, failed=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            self.sessions.open(subscriber),
            max_age=int(self.sessions.ttl_s),
            path="/",
            httponly=True,
            secure=request.url.scheme == "https",
            samesite="strict",
        )
        return response

    def sign_out(self, request: Request) -> Response:
        self.sessions.close(request.cookies.get(COOKIE))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def section_csv(self, subscriber: Subscriber, slug: str) -> Response:
        known = {spec.slug for spec in SECTIONS} | {TREND_SLUG}
        if slug not in known:
            raise FeedAccessError(404, f"no chart {slug!r}; the charts: {', '.join(sorted(known))}")
        snapshot = await self.api.snapshot(subscriber)
        if slug == TREND_SLUG:
            trend = await self.trends.trend(subscriber, snapshot)
            parts = [(entry.key, entry.release, entry.release.cells) for entry in trend]
        else:
            parts = [
                (entry.key, entry.release, cells) for entry, cells in section_cells(snapshot, slug)
            ]
        filename = f"jeugdhub-{subscriber.name}-{slug}.csv"
        return Response(
            cells_csv(parts),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def mount_dashboard(app: FastAPI, api: FeedApi) -> None:
    dashboard = Dashboard(api)
    app.add_middleware(DashboardHeaders)
    app.mount(STATIC, StaticFiles(directory=HERE / "static"), name="dashboard-static")

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        subscriber = dashboard.signed_in(request)
        if subscriber is None:
            return _html("signin.html")
        return await dashboard.render("page.html", subscriber)

    @app.post("/session", include_in_schema=False)
    async def sign_in(request: Request) -> Response:
        return await dashboard.sign_in(request)

    @app.post("/session/end", include_in_schema=False)
    async def sign_out(request: Request) -> Response:
        return dashboard.sign_out(request)

    @app.get("/dashboard/{name}", include_in_schema=False)
    async def named_page(request: Request, name: str) -> Response:
        return await dashboard.render("page.html", dashboard.own(request, name))

    @app.get("/dashboard/{name}/figures", include_in_schema=False)
    async def figures(request: Request, name: str) -> Response:
        return await dashboard.render("figures.html", dashboard.own(request, name))

    @app.get("/dashboard/{name}/stream", include_in_schema=False)
    async def stream(
        request: Request,
        name: str,
        after: str | None = None,
        last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    ) -> Response:
        # EventSource sends Last-Event-ID itself when it reconnects; the first time the
        # page says where its snapshot ended.
        return await api.stream(dashboard.own(request, name), last_event_id or after)

    @app.get("/dashboard/{name}/feed.csv", include_in_schema=False)
    async def whole_feed_csv(request: Request, name: str) -> Response:
        return await api.csv(dashboard.own(request, name))

    @app.get("/dashboard/{name}/{slug}.csv", include_in_schema=False)
    async def section_csv(request: Request, name: str, slug: str) -> Response:
        return await dashboard.section_csv(dashboard.own(request, name), slug)
