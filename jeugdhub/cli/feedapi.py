"""``jeugdhub feed-api``: the HTTP feed API from which subscribers read their own feeds."""

import argparse

from jeugdhub.cli.common import Commands
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.observability.endpoint import serve_metrics
from jeugdhub.settings import get_settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    settings = get_settings()
    # Fails here, with a message, when there is no Kafka to reach (not in uvicorn's start).
    access = kafka_access(settings, HubPrincipal.FEEDAPI)
    port = settings.feed_api_metrics_port
    serve_metrics(settings, port, access, "JEUGDHUB_FEED_API_METRICS_PORT")
    uvicorn.run(
        "feeds.api.app:app_from_environment",
        # One process: one consumer per feed topic serves every stream of that feed.
        factory=True,
        host=args.host or settings.feed_api_host,
        port=args.port if args.port is not None else settings.feed_api_port,
        log_level="warning",
        access_log=False,  # request lines are not needed, and a log is one place less to leak
    )
    return 0


def register(commands: Commands) -> None:
    serve = commands.add_parser(
        "feed-api",
        help="run the HTTP feed API (snapshots, CSV, live stream per subscriber)",
        description="run the HTTP feed API: each subscriber reads its own feed with its token",
    )
    serve.add_argument("--host", help="address to listen on (default JEUGDHUB_FEED_API_HOST)")
    serve.add_argument("--port", type=int, help="port (default JEUGDHUB_FEED_API_PORT)")
    serve.set_defaults(handler=_serve)
