"""Which text encoding a spreadsheet export is in, decided once for the whole file.

Excel writes "CSV UTF-8" (with a byte-order mark) or "CSV" in the Windows code page
(Windows-1252 in the Netherlands), and nothing in the file says which. A Dutch cp1252
file is never valid UTF-8 once it holds an accented letter (é is the single byte E9),
so: UTF-8 if every byte decodes as UTF-8, otherwise Windows-1252. The whole file is
checked before the first row is read, so that a file is not read half in one encoding
and half in another.
"""

import codecs
import logging
from pathlib import Path
from typing import TextIO

from connectors.csv.errors import IngestFileError

log = logging.getLogger(__name__)

UTF8 = "utf-8-sig"  # strips the byte-order mark Excel writes; reads BOM-less UTF-8 as well
WINDOWS_1252 = "cp1252"
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 16


def open_text(path: Path) -> TextIO:
    """The file opened for ``csv`` (``newline=""``) in the encoding it was written in."""
    encoding = detect_encoding(path)
    if encoding == WINDOWS_1252:
        # Said once per file; the file name is the provider's choice, never a cell.
        log.info("%s is not UTF-8; reading it as Windows-1252", path.name)
    return path.open(encoding=encoding, newline="")


def detect_encoding(path: Path) -> str:
    with path.open("rb") as file:
        start = file.read(2)
    if start in _UTF16_MARKS:
        # Excel's "Unicode text" export; as cp1252 it would turn into NUL-riddled nonsense.
        raise IngestFileError(
            f"{path.name} is UTF-16 text; save it as 'CSV UTF-8' or 'CSV (puntkomma)'"
        )
    for encoding in (UTF8, WINDOWS_1252):
        if _decodes(path, encoding):
            return encoding
    raise IngestFileError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'"
    )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
