"""Debian's Chromium, driven by Playwright (no browser download), and what the tests read
back from the dashboard page: every figure it shows, with the data it was drawn from."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("JEUGDHUB_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "dashboard"
LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}

# (kind, figure, region, care function, category) -> (value, status), as the page shows it
CellKey = tuple[str, str, str | None, str | None, str | None]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # root in a container has no user namespace for Chromium's sandbox
            args=["--no-sandbox"] if os.geteuid() == 0 else [],
        )
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(f"{url}/")
    page.get_by_label("Feed-API-token").fill(token)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("#figures")


def shown_cells(page: Page, selector: str) -> dict[CellKey, tuple[int | None, str]]:
    """The data of every element matching ``selector`` that carries a figure."""
    found: list[dict[str, Any]] = page.eval_on_selector_all(
        selector, "elements => elements.map(e => ({...e.dataset}))"
    )
    cells: dict[CellKey, tuple[int | None, str]] = {}
    for data in found:
        key = (
            data["kind"],
            data["figure"],
            data["region"] or None,
            data["careFunction"] or None,
            data["category"] or None,
        )
        value = None if data["value"] == "" else int(data["value"])
        assert cells.get(key, (value, data["status"])) == (value, data["status"]), key
        cells[key] = (value, data["status"])
    return cells


def artifact(name: str) -> Path:
    """Where a screenshot is kept: tests/artifacts/dashboard/ (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def screenshot(page: Page, name: str) -> Path:
    path = artifact(name)
    page.screenshot(path=str(path), full_page=True)
    return path


def open_every_table(page: Page) -> None:
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
