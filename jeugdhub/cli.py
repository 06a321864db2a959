"""The ``jeugdhub`` command line.

Quiet on success: a command prints what its caller needs on stdout (``kafka start`` prints
the bootstrap address) and progress or problems on stderr. Exit codes: 0 success,
1 failure, 2 missing prerequisite or bad usage, 3 ``kafka status`` found no broker.
"""

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from jeugdhub.errors import JeugdhubError
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.jars import ensure_jars
from jeugdhub.settings import get_settings

EXIT_NOT_RUNNING = 3

Handler = Callable[[argparse.Namespace], int]


def _kafka_start(_: argparse.Namespace) -> int:
    address, started = LocalBroker(get_settings()).start()
    if not started:
        print(f"A broker is already running at {address}.", file=sys.stderr)
    print(address)
    return 0


def _kafka_status(_: argparse.Namespace) -> int:
    status = LocalBroker(get_settings()).status()
    if not status.running:
        print("No local broker is running.", file=sys.stderr)
        return EXIT_NOT_RUNNING
    print(f"running at {status.bootstrap_servers} (pid {status.pid})")
    return 0


def _kafka_stop(_: argparse.Namespace) -> int:
    if LocalBroker(get_settings()).stop():
        print("Stopped the local broker.", file=sys.stderr)
    else:
        print("No local broker was running.", file=sys.stderr)
    return 0


def _kafka_fetch(_: argparse.Namespace) -> int:
    settings = get_settings()
    print(ensure_jars(settings.kafka_pom, settings.kafka_cache_dir))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jeugdhub",
        description="Event-driven data-exchange hub for youth care. "
        "Settings come from JEUGDHUB_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    kafka = commands.add_parser(
        "kafka", help="run a local single-node Kafka broker (KRaft) on 127.0.0.1"
    )
    kafka_commands = kafka.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, handler, text in (
        ("start", _kafka_start, "start the broker (if needed) and print its bootstrap address"),
        ("status", _kafka_status, "say whether the broker runs; exit 3 when it does not"),
        ("stop", _kafka_stop, "stop the broker and leave no process behind"),
        ("fetch", _kafka_fetch, "resolve the pinned Kafka jars from Maven Central"),
    ):
        kafka_commands.add_parser(name, help=text, description=text).set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(format="jeugdhub: %(message)s", level=logging.WARNING)
    logging.getLogger("jeugdhub").setLevel(logging.INFO)
    handler: Handler = args.handler
    try:
        return handler(args)
    except JeugdhubError as error:
        print(f"jeugdhub: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
