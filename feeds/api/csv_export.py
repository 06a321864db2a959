"""Where a feed's cells become a spreadsheet: CSV as Dutch Excel opens it by double-click.

Dutch Excel expects ``;`` between fields (the comma is the decimal separator), reads
UTF-8 only after a byte-order mark, and recognises dd-mm-jjjj as a date. A withheld value
is an empty cell with status ``onderdrukt``, never a 0.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from feeds.api.stored import StoredRelease
from schemas.feeds import CellStatus, FeedCell, FeedRelease, ReleaseKind

HEADER = (
    "soort",
    "regio",
    "zorgfunctie",
    "categorie",
    "cijfer",
    "waarde",
    "status",
    "peildatum",
    "periode_vanaf",
)
KIND = {ReleaseKind.CAPACITY: "capaciteit", ReleaseKind.FIGURES: "cijfers"}
STATUS = {
    CellStatus.EXACT: "exact",
    CellStatus.PERTURBED: "verstoord",
    CellStatus.SUPPRESSED: "onderdrukt",
    CellStatus.NOISY: "met ruis",
}
TOTAL = "totaal"  # no care function or category: the total over them


def dutch_number(value: float) -> str:
    """12 stays 12; 0.85 becomes 0,85 (a decimal comma, no thousands separator)."""
    text = str(value)
    return text.replace(".", ",") if isinstance(value, float) else text


def dutch_date(day: date | None) -> str:
    return "" if day is None else day.strftime("%d-%m-%Y")


def feed_csv(releases: Sequence[StoredRelease]) -> bytes:
    """One row per cell of every release, in the snapshot's order."""
    return cells_csv((stored.key, stored.release, stored.release.cells) for stored in releases)


def cells_csv(parts: Iterable[tuple[str, FeedRelease, Sequence[FeedCell]]]) -> bytes:
    """One row per cell given, each with its release's kind and dates (``key``: the
    release's key, whose scope names a cell without a region)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for key, release, cells in parts:
        scope = key.partition("/")[2]
        for cell in cells:
            writer.writerow(
                (
                    KIND[release.kind],
                    cell.region or scope,
                    cell.care_function or TOTAL,
                    cell.category or TOTAL,
                    cell.figure,
                    "" if cell.value is None else dutch_number(cell.value),
                    STATUS[cell.status],
                    dutch_date(release.as_of),
                    dutch_date(release.period_start),
                )
            )
    return buffer.getvalue().encode("utf-8-sig")
