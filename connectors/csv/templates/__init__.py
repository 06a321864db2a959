"""Example files, one per template: the header line and two synthetic rows.

A package so that setuptools ships the ``*.csv`` files with jeugdhub. Every value in them
is invented: BSNs of the test range, demo AGB codes and locations.
"""

from pathlib import Path

EXAMPLES_DIR = Path(__file__).parent


def example_file(template: str) -> Path:
    return EXAMPLES_DIR / f"{template}.csv"
