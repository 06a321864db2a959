"""``jeugdhub kafka``: the local broker (one node or three), and setting up a cluster."""

import argparse
import sys

from jeugdhub.cli.common import EXIT_NOT_RUNNING, Commands, add_action
from jeugdhub.errors import JeugdhubError
from jeugdhub.hub_setup import set_up_hub, start_local_hub
from jeugdhub.kafka_access import HubPrincipal, kafka_access
from jeugdhub.localkafka import LocalBroker
from jeugdhub.localkafka.jars import ensure_jars
from jeugdhub.localkafka.principals import PrincipalFiles
from jeugdhub.settings import get_settings


class SetupUsageError(JeugdhubError):
    exit_code = 2


def _kafka_start(args: argparse.Namespace) -> int:
    settings = get_settings()
    address, started = start_local_hub(settings, args.brokers)
    if not started:
        print(f"A broker is already running at {address}.", file=sys.stderr)
    if len(address.split(",")) > 1 and settings.topic_replication_factor < 3:
        # faust's own topics and new feed topics take the processes' setting: with one
        # replica, min.insync.replicas 2 would refuse every write to them.
        print(
            "Run the hub's processes with JEUGDHUB_TOPIC_REPLICATION_FACTOR=3 on this cluster.",
            file=sys.stderr,
        )
    print(address)
    return 0


def _broker_count(text: str) -> int:
    count = int(text)
    if count not in (1, 3):
        raise argparse.ArgumentTypeError("1 (a single node) or 3 (a KRaft quorum of three)")
    return count


def _kafka_setup(_: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.bootstrap_servers or settings.kafka_credentials_dir is None:
        raise SetupUsageError(
            "`kafka setup` prepares an external cluster: set JEUGDHUB_BOOTSTRAP_SERVERS, "
            "the admin's JEUGDHUB_KAFKA_USERNAME and JEUGDHUB_KAFKA_PASSWORD_FILE, and "
            "JEUGDHUB_KAFKA_CREDENTIALS_DIR (where the hub principals' passwords are "
            "written). The local broker is set up by `jeugdhub kafka start`."
        )
    credentials = PrincipalFiles(settings.kafka_credentials_dir)
    set_up_hub(settings, kafka_access(settings, HubPrincipal.ADMIN), credentials)
    print(credentials.folder)
    return 0


def _kafka_status(_: argparse.Namespace) -> int:
    status = LocalBroker(get_settings()).status()
    if not status.running:
        print("No local broker is running.", file=sys.stderr)
        return EXIT_NOT_RUNNING
    pids = ", ".join(map(str, status.pids))
    print(f"running at {status.bootstrap_servers} (pid {pids})")
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
        "kafka", help="run a local Kafka broker or three-node cluster (KRaft) on 127.0.0.1"
    )
    actions = kafka.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = add_action(
        actions,
        "start",
        _kafka_start,
        "start the broker (if needed), create the hub's topics, principals and ACLs, "
        "and print its bootstrap address",
    )
    start.add_argument(
        "--brokers",
        type=_broker_count,
        help="1 or 3 nodes (replication factor 3, min.insync.replicas 2); default: as the "
        "state folder was made, 1 for a new one. A second start restarts any node that died",
    )
    add_action(
        actions,
        "setup",
        _kafka_setup,
        "on an external cluster, as its admin: create the hub's topics, principals and "
        "ACLs; prints the folder with the principals' credentials",
    )
    add_action(
        actions, "status", _kafka_status, "say whether the broker runs; exit 3 when it does not"
    )
    add_action(actions, "stop", _kafka_stop, "stop the broker and leave no process behind")
    add_action(actions, "fetch", _kafka_fetch, "resolve the pinned Kafka jars from Maven Central")
