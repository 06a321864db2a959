"""``jeugdhub demo``: the whole hub on a simulated Utrecht-Flevoland year."""

import argparse

from jeugdhub.cli.common import Commands
from jeugdhub.demo import DemoOptions, run_demo
from jeugdhub.settings import get_settings


def _demo(args: argparse.Namespace) -> int:
    options = DemoOptions(
        seed=args.seed, days=args.days, scale=args.scale, acceleration=args.acceleration
    )
    print(run_demo(get_settings(), options))
    return 0


def register(commands: Commands) -> None:
    text = (
        "run the hub on one machine (local Kafka, worker, gateway) with a simulated "
        "Utrecht-Flevoland year, showing the per-region figures; Ctrl-C stops everything"
    )
    parser = commands.add_parser("demo", help=text, description=text)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--acceleration",
        type=float,
        default=8 * 86400.0,
        help="simulated seconds per real second (default: 8 days a second, a year in ~45 s)",
    )
    parser.set_defaults(handler=_demo)
