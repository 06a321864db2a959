"""CSV files for the connector tests, with identifying values a test can look for."""

from pathlib import Path

from connectors.csv import read_csv_submissions
from connectors.ingest import Submission
from tests.factories import PROVIDER

SOURCE = PROVIDER
BSN = "999991103"
NAME = "Jantje Testpersoon"
BIRTH_DATE = "17-05-2009"

PLACEMENT_HEADER = "kenmerk;datum;bsn;geboortedatum;naam;gemeente;zorgfunctie;locatie;referentie"
END_HEADER = PLACEMENT_HEADER + ";reden;bestemming"


def placement_row(
    kenmerk: str = "PS-1",
    *,
    datum: str = "16-03-2026",
    bsn: str = BSN,
    birth_date: str = BIRTH_DATE,
    name: str = NAME,
    municipality: str = "0307",
) -> str:
    cells = (kenmerk, datum, bsn, birth_date, name, municipality, "crisis", "L01", "PL-77")
    return ";".join(cells)


def end_row(
    kenmerk: str = "PE-1", *, reason: str = "volgens plan", destination: str = "thuis"
) -> str:
    return f"{placement_row(kenmerk)};{reason};{destination}"


def write(
    tmp_path: Path, *lines: str, name: str = "plaatsingen.csv", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    path.write_bytes("".join(f"{line}\r\n" for line in lines).encode(encoding))
    return path


def read(path: Path, template: str = "plaatsing-start") -> list[Submission]:
    return list(read_csv_submissions(path, template, SOURCE))
