"""``jeugdhub schemas``: the Avro contract generated from the models, and its evolution."""

import argparse
import sys

from jeugdhub.cli.common import Commands, add_action
from schemas.avro_export import export, stale_files
from schemas.compatibility import check_backward


def _export(_: argparse.Namespace) -> int:
    export()
    return 0


def _check(_: argparse.Namespace) -> int:
    failed = False
    for path in stale_files():
        print(
            f"{path.name} differs from the models: run `jeugdhub schemas export`", file=sys.stderr
        )
        failed = True
    for problem in check_backward():
        print(problem, file=sys.stderr)
        failed = True
    return 1 if failed else 0


def register(commands: Commands) -> None:
    schemas = commands.add_parser("schemas", help="the Avro event contract in schemas/avro")
    actions = schemas.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_action(actions, "export", _export, "write schemas/avro/*.avsc from the event models")
    add_action(
        actions,
        "check",
        _check,
        "fail when schemas/avro is stale or cannot read events of a released schema version",
    )
