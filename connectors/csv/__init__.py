"""The CSV batch connector: spreadsheet exports of small providers, as submissions.

A provider fills in one template per event type (``TEMPLATES``; the example files are
in ``templates/``, the columns in README.md) and submits the file; every row becomes a
:class:`connectors.ingest.Submission` for the ingest pipeline, and the rows it rejects
go back to the provider as an error report without any of their values.
"""

from connectors.csv.catalog import TEMPLATES, template_names
from connectors.csv.errors import IngestFileError
from connectors.csv.reader import count_data_lines, read_csv_submissions
from connectors.csv.report import write_error_report
from connectors.csv.template import Column, Template

__all__ = [
    "TEMPLATES",
    "Column",
    "IngestFileError",
    "Template",
    "count_data_lines",
    "read_csv_submissions",
    "template_names",
    "write_error_report",
]
