"""A row that cannot be read is rejected alone, naming its Dutch columns, never its values."""

import csv
from pathlib import Path

from connectors.ingest import Submission
from tests.csv.files import (
    BIRTH_DATE,
    BSN,
    END_HEADER,
    NAME,
    PLACEMENT_HEADER,
    end_row,
    placement_row,
    read,
    write,
)


def _problems(submission: Submission) -> list[tuple[str, str]]:
    return [(problem.field, problem.reason) for problem in submission.problems]


def test_an_impossible_date_rejects_its_row_naming_datum_and_the_other_rows_pass(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        PLACEMENT_HEADER,
        placement_row("PS-1"),
        placement_row("PS-2", datum="31-02-2026"),
        placement_row("PS-3"),
    )

    first, bad, third = read(path)

    assert bad.record is None
    assert _problems(bad) == [("datum", "is not a date that exists")]
    assert bad.locator == "plaatsingen.csv line 3"
    assert first.record is not None and third.record is not None


def test_a_date_in_another_format_is_rejected_saying_which_format(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row(birth_date="17/05/2009"))

    [bad] = read(path)

    assert _problems(bad) == [
        ("geboortedatum", "must be a date written dd-mm-jjjj (or jjjj-mm-dd)")
    ]


def test_an_unknown_destination_rejects_the_row_naming_bestemming_and_the_words(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, END_HEADER, end_row(destination="camping"), end_row("PE-2"))

    bad, good = read(path, "plaatsing-einde")

    assert bad.record is None
    [(field, reason)] = _problems(bad)
    assert field == "bestemming"
    assert reason.startswith("must be one of: thuis, pleegzorg, lichtere verblijfsvorm")
    assert "camping" not in reason
    assert good.record is not None


def test_every_problem_of_a_row_is_reported_at_once(tmp_path: Path) -> None:
    row = end_row(reason="", destination="camping").replace("16-03-2026", "16-13-2026")
    path = write(tmp_path, END_HEADER, row)

    [bad] = read(path, "plaatsing-einde")

    assert [field for field, _ in _problems(bad)] == ["datum", "bestemming", "reden"]
    assert ("reden", "is required but empty") in _problems(bad)


def test_a_row_without_gemeente_or_postcode_is_rejected_naming_both(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row(municipality=""))

    [bad] = read(path)

    assert _problems(bad) == [("gemeente", "is required (or postcode) but empty")]


def test_problems_never_repeat_the_cells(tmp_path: Path) -> None:
    row = placement_row(datum="99-99-9999", birth_date=f"{BIRTH_DATE}x")
    path = write(tmp_path, PLACEMENT_HEADER, row)

    [bad] = read(path)

    text = " ".join(str(problem) for problem in bad.problems)
    assert [field for field, _ in _problems(bad)] == ["datum", "geboortedatum"]
    for planted in ("99-99-9999", BIRTH_DATE, BSN, NAME):
        assert planted not in text


def test_a_kenmerk_reused_for_a_different_row_rejects_the_later_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PLACEMENT_HEADER,
        placement_row("PS-1"),
        placement_row("PS-1", datum="17-03-2026"),
    )

    first, second = read(path)

    assert first.record is not None
    assert second.record is None
    assert _problems(second) == [
        ("kenmerk", "is also the kenmerk of line 2, a different row; it must be unique")
    ]


def test_the_same_row_twice_is_no_reused_kenmerk(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row("PS-1"), placement_row("PS-1"))

    first, second = read(path)

    assert second.problems == ()
    assert second.record == first.record


def test_the_same_kenmerk_in_two_templates_is_two_facts(tmp_path: Path) -> None:
    start = write(tmp_path, PLACEMENT_HEADER, placement_row("K-1"), name="start.csv")
    suspension = write(tmp_path, PLACEMENT_HEADER, placement_row("K-1"), name="stop.csv")

    [started] = read(start, "plaatsing-start")
    [suspended] = read(suspension, "plaatsing-onderbreking")

    assert started.record is not None and suspended.record is not None
    assert started.record["source_event_id"] == "plaatsing-start|K-1"
    assert suspended.record["source_event_id"] == "plaatsing-onderbreking|K-1"


def test_cells_beyond_the_header_reject_the_row_but_empty_ones_do_not(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PLACEMENT_HEADER,
        placement_row("PS-1") + ";;",
        placement_row("PS-2") + ";extra",
    )

    trailing_empty, extra = read(path)

    assert trailing_empty.record is not None
    assert _problems(extra) == [("regel", "has more cells than the header names")]


def test_a_short_row_has_empty_cells_at_its_end(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row().rsplit(";", 1)[0])

    [short] = read(path)

    assert _problems(short) == [("referentie", "is required but empty")]


def test_a_row_that_is_not_valid_csv_is_rejected_and_the_next_rows_are_read(
    tmp_path: Path,
) -> None:
    too_long = "x" * (csv.field_size_limit() + 1)
    path = write(
        tmp_path,
        PLACEMENT_HEADER,
        placement_row("PS-1").replace(NAME, too_long),
        placement_row("PS-2"),
    )

    broken, good = read(path)

    assert _problems(broken) == [("regel", "is not valid CSV")]
    assert good.record is not None
    assert good.locator == "plaatsingen.csv line 3"


def test_a_retraction_of_a_template_that_does_not_exist_names_ingetrokken_sjabloon(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "kenmerk;datum;bsn;geboortedatum;gemeente;ingetrokken_sjabloon;ingetrokken_kenmerk;reden",
        f"I-1;07-04-2026;{BSN};{BIRTH_DATE};0307;capaciteit;C-1;verwijderd",
    )

    [bad] = read(path, "intrekking")

    [(field, reason)] = _problems(bad)
    assert field == "ingetrokken_sjabloon"
    assert reason.startswith("must be a person template: aanmelding, afmelding-wachtlijst")
