"""The error report: line, Dutch column and reason per problem, never a value."""

import csv
from pathlib import Path

from connectors.csv import read_csv_submissions, write_error_report
from jeugdhub.errors import InvalidInputError
from privacy.edge import Edge, RecordRejected
from tests.csv.files import (
    BIRTH_DATE,
    BSN,
    END_HEADER,
    NAME,
    SOURCE,
    end_row,
    write,
)


def _rejected(path: Path, edge: Edge) -> list[tuple[str, tuple[InvalidInputError, ...]]]:
    """What the ingest pipeline hands back: the rows the reader or the edge rejected."""
    rejected = []
    for submission in read_csv_submissions(path, "plaatsing-einde", SOURCE):
        if submission.record is None:
            rejected.append((submission.locator, submission.problems))
            continue
        try:
            edge.person_event(submission.record)
        except RecordRejected as refused:
            rejected.append((submission.locator, tuple(refused.problems)))
    return rejected


def _report_rows(report: Path) -> list[list[str]]:
    with report.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def test_the_report_lists_line_dutch_column_and_reason_of_every_problem(
    tmp_path: Path, edge: Edge
) -> None:
    fails_11_proef = "999991104"
    path = write(
        tmp_path,
        END_HEADER,
        end_row("PE-1"),
        end_row("PE-2", destination="camping").replace("16-03-2026", "31-02-2026"),
        end_row("PE-3").replace(BSN, fails_11_proef),
    )

    report = write_error_report(path, _rejected(path, edge))

    rows = _report_rows(report)
    assert rows[0] == ["regel", "kolom", "reden"]
    assert [row[:2] for row in rows[1:]] == [["3", "datum"], ["3", "bestemming"], ["4", "bsn"]]
    assert rows[3][2] == "fails the 11-proef (CS002)"


def test_the_report_holds_no_bsn_name_or_birth_date(tmp_path: Path, edge: Edge) -> None:
    path = write(
        tmp_path,
        END_HEADER,
        end_row("PE-1").replace("16-03-2026", "16-03-2008"),  # before the birth date
        end_row("PE-2").replace(BSN, "12345678"),
        end_row("PE-3", reason=""),
    )

    report = write_error_report(path, _rejected(path, edge))

    text = report.read_text(encoding="utf-8-sig")
    assert [row[:2] for row in _report_rows(report)[1:]] == [
        ["2", "geboortedatum"],
        ["3", "bsn"],
        ["4", "reden"],
    ]
    for planted in (BSN, "12345678", "012345678", NAME, BIRTH_DATE, "2009-05-17", "2008"):
        assert planted not in text


def test_the_report_is_written_next_to_the_input_as_fouten_csv(tmp_path: Path) -> None:
    path = write(tmp_path, END_HEADER, end_row(), name="ontslagen.csv")

    report = write_error_report(path, [("ontslagen.csv line 2", [InvalidInputError("x", "y")])])

    assert report == tmp_path / "ontslagen.fouten.csv"
    assert _report_rows(report)[1] == ["2", "x", "y"]


def test_a_locator_from_elsewhere_is_reported_as_it_is(tmp_path: Path) -> None:
    report = write_error_report(
        tmp_path / "a.csv", [("batch 3 record 2", [InvalidInputError("youth.bsn", "bad")])]
    )

    assert _report_rows(report)[1] == ["batch 3 record 2", "bsn", "bad"]
