"""The demo's organisations installed in a process that follows no registry topic."""

from datetime import UTC, datetime

from registry.importing import read_import
from registry.operations import DEMO_DIR
from registry.state import organisations_of
from schemas.reference import organisations


def install_demo_registry() -> None:
    entries = read_import(DEMO_DIR, {}, datetime.now(UTC)).changes
    organisations.install(organisations_of(entries))
