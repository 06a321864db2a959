"""A long file streams: rows are read one at a time, not the file at once."""

import tracemalloc
from pathlib import Path

from connectors.csv import count_data_lines, read_csv_submissions
from tests.csv.files import PLACEMENT_HEADER, SOURCE, placement_row, write

ROWS = 20_000


def test_twenty_thousand_rows_stream_in_little_memory(tmp_path: Path) -> None:
    rows = (placement_row(f"PS-{n}") for n in range(ROWS))
    path = write(tmp_path, PLACEMENT_HEADER, *rows)

    tracemalloc.start()
    try:
        read = 0
        last = None
        for submission in read_csv_submissions(path, "plaatsing-start", SOURCE):
            read += submission.record is not None
            last = submission
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert read == count_data_lines(path) == ROWS
    assert last is not None and last.locator == f"plaatsingen.csv line {ROWS + 1}"
    # All 20,000 submissions at once take about 40 MB; one at a time, with the id and
    # digest of every row kept to catch a reused kenmerk, about 5 MB.
    assert peak < 10_000_000
