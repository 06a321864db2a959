"""The error for a CSV file that cannot be read at all, as opposed to one bad row."""

from jeugdhub.errors import JeugdhubError


class IngestFileError(JeugdhubError):
    """The whole file is refused: no row of it was read.

    The message names the file's problem (encoding, separator, columns) and may name
    columns, but never repeats a cell: cells hold BSNs, names and birth dates.
    """

    exit_code = 1
