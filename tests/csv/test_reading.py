"""Reading spreadsheet exports: separators, encodings, dates, headers, blank lines."""

import codecs
import logging
from pathlib import Path

import pytest

from connectors.csv import IngestFileError, count_data_lines, read_csv_submissions
from tests.csv.files import (
    BSN,
    END_HEADER,
    NAME,
    PLACEMENT_HEADER,
    SOURCE,
    end_row,
    placement_row,
    read,
    write,
)


def test_semicolon_and_comma_separated_files_give_the_same_records(tmp_path: Path) -> None:
    semicolon = write(tmp_path, PLACEMENT_HEADER, placement_row(), name="a.csv")
    comma = write(
        tmp_path,
        PLACEMENT_HEADER.replace(";", ","),
        placement_row().replace(";", ","),
        name="b.csv",
    )

    assert [s.record for s in read(semicolon)] == [s.record for s in read(comma)]
    assert read(comma)[0].record is not None


def test_a_comma_inside_a_quoted_cell_of_a_comma_separated_file_stays_in_the_cell(
    tmp_path: Path,
) -> None:
    row = placement_row().replace(";", ",").replace(NAME, f'"Testpersoon, {NAME}"')
    path = write(tmp_path, PLACEMENT_HEADER.replace(";", ","), row)

    [submission] = read(path)

    assert submission.record is not None
    assert submission.record["youth"]["municipality"] == "0307"


def test_utf8_with_a_byte_order_mark_reads_the_first_column(tmp_path: Path) -> None:
    plain = write(tmp_path, PLACEMENT_HEADER, placement_row(), name="plain.csv")
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(codecs.BOM_UTF8 + plain.read_bytes())

    [submission] = read(with_bom)

    assert submission.record == read(plain)[0].record
    assert submission.payload.startswith(b"kenmerk;")


def test_windows_1252_file_is_read_as_such_and_said_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = (END_HEADER, end_row(reason="voortijdig door cliënt").replace(NAME, "José Müller"))
    cp1252 = write(tmp_path, *lines, name="cp1252.csv", encoding="cp1252")
    utf8 = write(tmp_path, *lines, name="utf8.csv")

    with caplog.at_level(logging.INFO, logger="connectors.csv"):
        [submission] = read(cp1252, "plaatsing-einde")

    assert submission.record is not None
    assert submission.record["details"]["end_reason"] == "PREMATURE_BY_CLIENT"
    assert submission.record == read(utf8, "plaatsing-einde")[0].record
    assert "José Müller".encode() in submission.payload  # re-encoded as UTF-8
    assert [r.getMessage() for r in caplog.records] == [
        "cp1252.csv is not UTF-8; reading it as Windows-1252"
    ]


def test_utf16_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row(), encoding="utf-16")

    with pytest.raises(IngestFileError, match=r"UTF-16.*CSV UTF-8"):
        read(path)


@pytest.mark.parametrize("written", ["01-03-2026", "1-3-2026", "2026-03-01"])
def test_dates_are_read_as_dd_mm_jjjj_or_iso(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row(datum=written))

    [submission] = read(path)

    assert submission.record is not None
    assert submission.record["occurred_at"] == "2026-03-01"
    assert submission.record["youth"]["birth_date"] == "2009-05-17"


def test_header_names_ignore_case_spaces_hyphens_and_order(tmp_path: Path) -> None:
    columns = PLACEMENT_HEADER.split(";")
    shouted = [f"  {name.upper().replace('_', ' ')} " for name in reversed(columns)]
    row = ";".join(reversed(placement_row().split(";")))
    path = write(tmp_path, ";".join(shouted), row)
    expected = read(write(tmp_path, PLACEMENT_HEADER, placement_row(), name="plain.csv"))

    assert [s.record for s in read(path)] == [s.record for s in expected]


def test_blank_lines_and_rows_of_empty_cells_are_skipped_and_lines_keep_their_numbers(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "",
        PLACEMENT_HEADER,
        placement_row("PS-1"),
        "",
        ";;;;;;;;",
        placement_row("PS-2"),
    )

    submissions = read(path)

    assert [s.locator for s in submissions] == ["plaatsingen.csv line 3", "plaatsingen.csv line 6"]
    assert count_data_lines(path) == 2


def test_a_quoted_cell_with_a_line_break_keeps_its_row_together(tmp_path: Path) -> None:
    row = placement_row().replace(NAME, '"Jantje\r\nTestpersoon"')
    path = write(tmp_path, PLACEMENT_HEADER, row, placement_row("PS-2"))

    first, second = read(path)

    assert first.record is not None
    assert first.payload == f"{PLACEMENT_HEADER}\r\n{row}\r\n".encode()
    assert [first.locator, second.locator] == ["plaatsingen.csv line 2", "plaatsingen.csv line 4"]


def test_each_submission_carries_channel_locator_header_and_its_own_row(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row("PS-1"), placement_row("PS-2"))

    first, second = read(path)

    assert (first.channel, first.kind, first.locator) == (
        "csv:plaatsing-start",
        "person",
        "plaatsingen.csv line 2",
    )
    assert second.payload == f"{PLACEMENT_HEADER}\r\n{placement_row('PS-2')}\r\n".encode()


def test_the_submitting_source_is_in_every_record_and_its_agb_is_the_default(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row())

    [submission] = read(path)

    assert submission.record is not None
    assert submission.record["source"] == SOURCE
    assert submission.record["care"]["provider_agb"] == SOURCE["code"]


def test_the_agb_column_wins_over_the_default(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER + ";agb", placement_row() + ";99000003")

    [submission] = read(path)

    assert submission.record is not None
    assert submission.record["care"]["provider_agb"] == "99000003"


def test_a_source_that_is_no_provider_gives_no_default_agb(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kenmerk;datum;locatie;zorgfunctie;plaatsen;ingangsdatum",
        "C-1;05-01-2026;L01;crisis;3;01-01-2026",
    )
    region = {"organisation_type": "REGION", "code": "utrecht-stad"}

    [submission] = read_csv_submissions(path, "capaciteit", region)

    assert submission.record is not None
    assert "provider_agb" not in submission.record


def test_leading_zeros_a_spreadsheet_dropped_are_put_back(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row(bsn="99990019", municipality="307"))

    [submission] = read(path)

    assert submission.record is not None
    assert submission.record["youth"]["bsn"] == "099990019"
    assert submission.record["youth"]["municipality"] == "0307"


@pytest.mark.parametrize(
    ("reason", "destination"),
    [
        ("Voortijdig door client", "Pleegzorg"),
        ("voortijdig-door-cliënt", "pleeg zorg"),
        ("PREMATURE_BY_CLIENT", "FOSTER_CARE"),
    ],
)
def test_dutch_words_and_english_codes_become_the_contract_symbols(
    tmp_path: Path, reason: str, destination: str
) -> None:
    path = write(tmp_path, END_HEADER, end_row(reason=reason, destination=destination))

    [submission] = read(path, "plaatsing-einde")

    assert submission.record is not None
    assert submission.record["details"] == {
        "end_reason": "PREMATURE_BY_CLIENT",
        "destination": "FOSTER_CARE",
    }


def test_the_name_column_is_accepted_but_never_copied_into_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row())

    [submission] = read(path)

    assert submission.record is not None
    assert NAME not in repr(submission.record)
    assert BSN in repr(submission.record)  # the edge pseudonymises it, not the reader


def test_a_missing_required_column_refuses_the_file_naming_it(tmp_path: Path) -> None:
    header = PLACEMENT_HEADER.replace("geboortedatum;", "")
    path = write(tmp_path, header, "PS-1;16-03-2026;999991103;;0307;crisis;L01;PL-77")

    with pytest.raises(IngestFileError, match="missing required columns: geboortedatum") as e:
        read(path)

    assert e.value.exit_code == 1


def test_one_message_names_every_unknown_repeated_and_missing_column(tmp_path: Path) -> None:
    header = PLACEMENT_HEADER.replace("gemeente", "woonplaats").replace("bsn", "referentie")

    with pytest.raises(IngestFileError) as refused:
        read(write(tmp_path, header, placement_row()))

    message = str(refused.value)
    assert "unknown columns: woonplaats" in message
    assert "columns given more than once: referentie" in message
    assert "missing required columns: bsn, gemeente or postcode" in message


def test_a_file_without_header_is_refused_without_repeating_its_first_row(tmp_path: Path) -> None:
    path = write(tmp_path, placement_row(), placement_row("PS-2"))

    with pytest.raises(IngestFileError, match="not a header") as refused:
        read(path)

    assert BSN not in str(refused.value)
    assert NAME.lower() not in str(refused.value).lower()


@pytest.mark.parametrize("content", ["", "\r\n\r\n", ";;;\r\n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "leeg.csv"
    path.write_text(content)

    with pytest.raises(IngestFileError, match="empty"):
        read(path)
    assert count_data_lines(path) == 0


def test_an_unknown_template_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, PLACEMENT_HEADER, placement_row())

    with pytest.raises(IngestFileError, match="plaatsing-start"):
        read(path, "plaatsingen")
