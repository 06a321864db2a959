"""``jeugdhub ingest ijw|csv``: files into the hub, through the same pipeline as the gateway.

Quiet on success. Each rejected record is one line on stderr (file, where, field, reason,
never a value) and the exit code is 1; the records are also kept as dead letters.
"""

import argparse
import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from connectors.csv import (
    count_data_lines,
    read_csv_submissions,
    template_names,
    write_error_report,
)
from connectors.files import FileReport, ingest_submissions
from connectors.ijw import submissions_from_ijw
from connectors.ingest import Submission
from connectors.runtime import ingest_stack
from jeugdhub.cli.common import Commands, add_action
from jeugdhub.errors import InvalidInputError, UsageError
from jeugdhub.settings import get_settings
from schemas.records import Source
from schemas.vocabulary import OrganisationType

# Files ingested by an operator: the hub itself submits them (the records name their
# own sources, checked by the edge).
OPERATOR = Source(organisation_type=OrganisationType.HUB, code="cli")


def _print_rejections(report: FileReport) -> None:
    for outcome in report.rejected:
        for problem in outcome.problems:
            print(f"{outcome.locator}: {problem}", file=sys.stderr)


def _ijw_submissions(paths: list[Path]) -> Iterator[Submission]:
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            problem = InvalidInputError(str(path), f"cannot be read ({error.strerror})")
            yield Submission("ijw", str(path), b"", "person", None, (problem,))
            continue
        yield from submissions_from_ijw(data, str(path))


def _ingest_ijw(args: argparse.Namespace) -> int:
    async def run() -> FileReport:
        async with ingest_stack(get_settings()) as stack:
            return await ingest_submissions(stack.ingestor, OPERATOR, _ijw_submissions(args.files))

    report = asyncio.run(run())
    _print_rejections(report)
    return 1 if report.rejected else 0


def _source(text: str) -> Source:
    """The organisation named TYPE:CODE; asked once the registry is read (ingest_stack)."""
    kind, _, code = text.partition(":")
    try:
        return Source(organisation_type=OrganisationType(kind.upper()), code=code)
    except ValueError:
        raise UsageError(
            f"--source {text!r} is not TYPE:CODE with a registered organisation, "
            "e.g. PROVIDER:99000001"
        ) from None


def _ingest_csv(args: argparse.Namespace) -> int:
    path: Path = args.file

    async def run() -> FileReport:
        total = count_data_lines(path)
        with tqdm(total=total, unit="row", desc=path.name, disable=None, file=sys.stderr) as bar:
            async with ingest_stack(get_settings()) as stack:
                source = _source(args.source)
                rows = read_csv_submissions(path, args.template, source.model_dump(mode="json"))
                return await ingest_submissions(stack.ingestor, source, rows, bar.update)

    report = asyncio.run(run())
    if report.rejected:
        written = write_error_report(
            path, [(outcome.locator, outcome.problems) for outcome in report.rejected]
        )
        _print_rejections(report)
        print(f"{len(report.rejected)} rows rejected; report: {written}", file=sys.stderr)
        return 1
    return 0


def register(commands: Commands) -> None:
    ingest = commands.add_parser("ingest", help="ingest iJw messages or CSV exports from files")
    actions = ingest.add_subparsers(dest="action", required=True, metavar="KIND")
    ijw = add_action(
        actions, "ijw", _ingest_ijw, "ingest iJw 3.2 messages (JW315, JW301, JW305, JW307)"
    )
    ijw.add_argument("files", nargs="+", type=Path, metavar="FILE")
    csv = add_action(actions, "csv", _ingest_csv, "ingest a CSV export filled in from a template")
    csv.add_argument("file", type=Path, metavar="FILE")
    csv.add_argument("--template", required=True, choices=template_names())
    csv.add_argument(
        "--source",
        required=True,
        help="the organisation that sent the file, e.g. PROVIDER:99000001",
    )
