"""``jeugdhub gateway`` and ``jeugdhub tokens``: the HTTP ingest gateway and its API tokens."""

import argparse
import sys

from pydantic import ValidationError

from connectors.gateway.tokens import TokenStore
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.errors import InvalidInputError, JeugdhubError
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.observability.endpoint import serve_metrics
from jeugdhub.settings import get_settings
from schemas.records import Source
from schemas.vocabulary import OrganisationType


class GatewayUsageError(JeugdhubError):
    exit_code = 2


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    settings = get_settings()
    if settings.gateway_metrics_port is not None:
        if args.workers != 1:
            # Each worker process counts its own requests; one port shows only one of them.
            raise GatewayUsageError(
                "JEUGDHUB_GATEWAY_METRICS_PORT needs --workers 1: run more gateway "
                "processes, each with its own metrics port, behind the load balancer."
            )
        access = kafka_access(settings, HubPrincipal.INGEST)
        serve_metrics(
            settings, settings.gateway_metrics_port, access, "JEUGDHUB_GATEWAY_METRICS_PORT"
        )
    uvicorn.run(
        "connectors.gateway.app:app_from_environment",
        factory=True,  # each worker process builds its own app (and Kafka producer)
        workers=args.workers,
        host=args.host or settings.gateway_host,
        port=args.port if args.port is not None else settings.gateway_port,
        log_level="warning",
        access_log=False,  # URLs and bodies are not personal data here, but logs stay lean
    )
    return 0


def _issue(args: argparse.Namespace) -> int:
    try:
        organisation = Source(organisation_type=args.type, code=args.code)
    except ValidationError:
        raise InvalidInputError("--code", f"no {args.type.value} with this code") from None
    entry, token = TokenStore(get_settings().token_store_file).issue(organisation)
    print(token)
    print(
        f"Token {entry.token_id} for {entry.organisation_type} {entry.code}. It is shown only "
        "now; the hub keeps only its hash.",
        file=sys.stderr,
    )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    TokenStore(get_settings().token_store_file).revoke(args.token_id)
    return 0


def _list(_: argparse.Namespace) -> int:
    for entry in TokenStore(get_settings().token_store_file).entries():
        state = f"revoked {entry.revoked_at}" if entry.revoked_at else "active"
        print(
            f"{entry.token_id} {entry.organisation_type} {entry.code} "
            f"created {entry.created_at} {state}"
        )
    return 0


def register(commands: Commands) -> None:
    serve = commands.add_parser(
        "gateway", help="run the HTTP ingest gateway", description="run the HTTP ingest gateway"
    )
    serve.add_argument("--host", help="address to listen on (default JEUGDHUB_GATEWAY_HOST)")
    serve.add_argument("--port", type=int, help="port (default JEUGDHUB_GATEWAY_PORT)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes sharing the port (default 1)"
    )
    serve.set_defaults(handler=_serve)

    tokens = commands.add_parser("tokens", help="API tokens of submitting organisations")
    actions = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")
    issue = add_action(actions, "issue", _issue, "issue a token; printed once, stored as a hash")
    issue.add_argument(
        "--type", required=True, type=OrganisationType, choices=list(OrganisationType)
    )
    issue.add_argument("--code", required=True, help="AGB code, CBS code, GI or region code")
    revoke = add_action(actions, "revoke", _revoke, "revoke a token by its id")
    revoke.add_argument("token_id")
    add_action(actions, "list", _list, "list tokens (ids and organisations, never secrets)")
