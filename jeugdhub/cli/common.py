"""Shared by the command modules: the handler type and exit codes."""

import argparse
from collections.abc import Callable
from typing import Any

EXIT_MISSING_PREREQUISITE = 2
EXIT_NOT_RUNNING = 3

Handler = Callable[[argparse.Namespace], int]
# argparse's sub-parser collection has a private type; this is what register() receives.
Commands = Any


def add_group(commands: Commands, name: str, text: str) -> Commands:
    """A ``jeugdhub GROUP`` whose actions follow; returns where to add them."""
    group = commands.add_parser(name, help=text)
    return group.add_subparsers(dest="action", required=True, metavar="ACTION")


def add_action(
    actions: Commands, name: str, handler: Handler, text: str
) -> argparse.ArgumentParser:
    """One ``jeugdhub GROUP ACTION`` with the same text for its help and description."""
    parser: argparse.ArgumentParser = actions.add_parser(name, help=text, description=text)
    parser.set_defaults(handler=handler)
    return parser
