"""``jeugdhub simulate``: synthetic Utrecht-Flevoland sources, through the ingest pipeline."""

import argparse
import asyncio
import math
import sys
from datetime import date
from itertools import islice

from tqdm import tqdm

from connectors.runtime import ingest_stack
from connectors.simulate import SimulationReport, drive
from connectors.simulator import Simulation
from jeugdhub.cli.common import Commands
from jeugdhub.settings import get_settings


def _simulate(args: argparse.Namespace) -> int:
    simulation = Simulation(
        seed=args.seed,
        start=args.start,
        days=args.days,
        scale=args.scale,
        duplicates=args.duplicates,
    )
    records = simulation.records()
    if args.records is not None:
        records = islice(records, args.records)

    async def run() -> SimulationReport:
        with tqdm(
            total=args.records, unit="rec", desc="simulating", disable=None, file=sys.stderr
        ) as bar:
            async with ingest_stack(get_settings()) as stack:
                return await drive(
                    stack.ingestor, records, args.acceleration, bar.update, rate=args.rate
                )

    report = asyncio.run(run())
    for outcome in report.rejected:
        print(f"{outcome.locator}: {'; '.join(map(str, outcome.problems))}", file=sys.stderr)
    return 1 if report.rejected else 0


def register(commands: Commands) -> None:
    text = "send synthetic Utrecht-Flevoland events through the edge (seeded, paced)"
    parser = commands.add_parser("simulate", help=text, description=text)
    parser.add_argument("--seed", type=int, default=1, help="same seed, same events (default 1)")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--days", type=int, default=365, help="simulated days (default 365)")
    parser.add_argument("--scale", type=float, default=1.0, help="volume factor (default 1)")
    parser.add_argument("--records", type=int, help="stop after this many records")
    parser.add_argument(
        "--acceleration",
        type=float,
        default=math.inf,
        help="simulated seconds per real second, e.g. 86400 = a day per second "
        "(default: as fast as the hub takes them)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=math.inf,
        help="at most this many records per real second (default: no limit)",
    )
    parser.add_argument(
        "--duplicates", type=float, default=0.0, help="share of records resubmitted (default 0)"
    )
    parser.set_defaults(handler=_simulate)
