"""``jeugdhub kafka``: the local single-node broker."""

import argparse
import sys

from jeugdhub.cli.common import EXIT_NOT_RUNNING, Commands, add_action
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.jars import ensure_jars
from jeugdhub.settings import get_settings


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


def register(commands: Commands) -> None:
    kafka = commands.add_parser(
        "kafka", help="run a local single-node Kafka broker (KRaft) on 127.0.0.1"
    )
    actions = kafka.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_action(
        actions,
        "start",
        _kafka_start,
        "start the broker (if needed) and print its bootstrap address",
    )
    add_action(
        actions, "status", _kafka_status, "say whether the broker runs; exit 3 when it does not"
    )
    add_action(actions, "stop", _kafka_stop, "stop the broker and leave no process behind")
    add_action(actions, "fetch", _kafka_fetch, "resolve the pinned Kafka jars from Maven Central")
