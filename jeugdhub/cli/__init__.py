"""The ``jeugdhub`` command line: one module per command group.

Quiet on success: a command prints what its caller needs on stdout (``kafka start`` prints
the bootstrap address) and progress or problems on stderr. Exit codes: 0 success,
1 failure, 2 missing prerequisite (including no key-encryption key) or bad usage,
3 ``kafka status`` found no broker.
"""

import argparse
import logging
import sys
from collections.abc import Sequence

from jeugdhub.cli import (
    audit,
    deadletter,
    demo,
    egress,
    feedapi,
    gateway,
    ingest,
    kafka,
    keys,
    registry,
    schemas,
    simulate,
    subject,
    subscribers,
    worker,
)
from jeugdhub.cli.common import Handler
from jeugdhub.errors import JeugdhubError

GROUPS = (
    demo,
    kafka,
    keys,
    registry,
    schemas,
    gateway,
    feedapi,
    ingest,
    deadletter,
    simulate,
    worker,
    egress,
    subscribers,
    audit,
    subject,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jeugdhub",
        description="Event-driven data-exchange hub for youth care. "
        "Settings come from JEUGDHUB_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(format="jeugdhub: %(message)s", level=logging.WARNING)
    logging.getLogger("jeugdhub").setLevel(logging.INFO)
    # The Kafka client logs transient states (a fresh topic without a leader yet) that it
    # retries itself, some at ERROR; what it cannot recover from reaches us as an error.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    handler: Handler = args.handler
    try:
        return handler(args)
    except JeugdhubError as error:
        print(f"jeugdhub: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
