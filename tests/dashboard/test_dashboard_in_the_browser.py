"""The dashboard in a real headless Chromium: region A signs in and sees its own feed, all of
it and nothing else, live, accessible, without a request outside the hub."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from feeds.api.csv_export import STATUS
from tests.dashboard.browser import (
    AXE,
    LAPTOP,
    TABLET,
    CellKey,
    artifact,
    chromium,
    open_every_table,
    screenshot,
    shown_cells,
    sign_in,
)
from tests.dashboard.conftest import DAYS, FIRST_DAY, Feeds

LIVE_WAIT_MS = 5000  # the bound for a capacity change to show on the open page
AXE_URL = "/__test__/axe.min.js"  # served by the test's route only, never by the hub


def _snapshot_cells(feeds: Feeds, name: str) -> dict[CellKey, tuple[int | None, str]]:
    answer = httpx.get(f"{feeds.api.url}/v1/feed", headers=feeds.api.headers(name), timeout=30)
    assert answer.status_code == 200, answer.text
    return {
        (
            entry["release"]["kind"],
            cell["figure"],
            cell["region"],
            cell["care_function"],
            cell["category"],
        ): (cell["value"], cell["status"])
        for entry in answer.json()["releases"]
        for cell in entry["release"]["cells"]
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@dataclass
class Seen:
    """Every request the page made and every line it wrote to the console."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def page(browser: Browser, feeds: Feeds, seen: Seen) -> Iterator[Page]:
    """Signed in as A, on a laptop screen."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.console.append(message.text))
    sign_in(page, feeds.api.url, feeds.api.tokens[feeds.api.a])
    yield page
    context.close()


def test_every_figure_on_the_page_is_region_a_s_snapshot(page: Page, feeds: Feeds) -> None:
    snapshot = _snapshot_cells(feeds, feeds.api.a)

    tables = shown_cells(page, "details:not([id$='-trend-tabel']) td[data-figure]")
    charted = shown_cells(page, "svg:not([id^='wachtlijst-trend']) g[data-figure]")

    assert tables == snapshot
    assert charted, "the charts draw no figure"
    assert {key: tables[key] for key in charted} == charted
    assert {key[2] for key in tables} == {"utrecht-stad"}  # nothing of B's region


def test_protected_values_are_shown_as_such_with_their_explanation(
    page: Page, feeds: Feeds
) -> None:
    statuses = {status for _, status in _snapshot_cells(feeds, feeds.api.a).values()}
    assert {"EXACT", "PERTURBED", "SUPPRESSED"} <= statuses
    open_every_table(page)

    perturbed = page.locator("td[data-status='PERTURBED']").first
    expect(perturbed).to_contain_text("≈")
    expect(perturbed).to_contain_text("verstoord")  # for a screen reader as well
    expect(page.locator(".explanations li", has_text="≈ verstoord").first).to_be_visible()
    withheld = page.locator("td[data-status='SUPPRESSED']")
    assert withheld.count() > 0
    for cell in withheld.all():
        expect(cell).to_have_text("onderdrukt")
    expect(page.locator(".explanations li", has_text="het is geen 0").first).to_be_visible()
    # In a chart too: marked and named, not drawn as a 0.
    drawn = page.locator("svg g[data-status='SUPPRESSED']")
    assert drawn.count() > 0
    assert drawn.locator("rect.bar, circle").count() == 0
    for mark in drawn.all():
        expect(mark).to_contain_text("onderdrukt")


def test_figures_say_their_as_of_date_and_the_next_release(page: Page, feeds: Feeds) -> None:
    last = FIRST_DAY + timedelta(days=DAYS - 2)  # the last closed day
    text = page.locator("#wachtlijst .dated").inner_text()

    assert f"peildatum {last:%d-%m-%Y}" in text
    assert f"volgende publicatie met peildatum {last + timedelta(days=1):%d-%m-%Y}" in text
    assert "Capaciteit: live" in page.locator("#capaciteit .dated").inner_text()


def test_the_trend_shows_every_released_day(page: Page, feeds: Feeds) -> None:
    written = [r for r in feeds.written[feeds.api.a] if r.kind.value == "FIGURES"]
    expected = {
        (release.as_of.isoformat(), cell.figure, cell.care_function): (cell.value, cell.status)
        for release in written
        for cell in release.cells
        if cell.category is None
        and (
            (cell.figure == "waiting" and cell.care_function is None)
            or cell.figure == "waiting_days_median"
        )
    }

    found = page.eval_on_selector_all(
        "#wachtlijst-trend-tabel td[data-figure]", "all => all.map(e => ({...e.dataset}))"
    )
    shown = {
        (d["asOf"], d["figure"], d["careFunction"] or None): (
            None if d["value"] == "" else int(d["value"]),
            d["status"],
        )
        for d in found
    }

    assert len(written) == DAYS - 1
    assert shown == expected
    medians = {status for (_, figure, _), (_, status) in shown.items() if "median" in figure}
    assert medians == {"EXACT", "SUPPRESSED"}  # released on two days, withheld on the last
    expect(page.locator("#wachtlijst-trend-wachtend")).to_have_attribute("role", "img")


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_each_chart_s_csv_holds_that_chart_s_cells_of_the_feed(page: Page, feeds: Feeds) -> None:
    whole = httpx.get(
        f"{feeds.api.url}/v1/feed.csv", headers=feeds.api.headers(feeds.api.a), timeout=30
    )
    feed_rows = _csv_rows(whole.content)
    links = page.locator("a[download][href$='.csv']").all()
    sections = [link.get_attribute("href") or "" for link in links]
    assert f"/dashboard/{feeds.api.a}/capaciteit.csv" in sections

    seen = []
    for href in sections:
        answer = page.request.get(f"{feeds.api.url}{href}")
        assert answer.status == 200, href
        assert answer.headers["content-type"].startswith("text/csv")
        rows = _csv_rows(answer.body())
        if href.endswith("/feed.csv") or "trend" in href:
            continue
        slug = href.rsplit("/", 1)[1].removesuffix(".csv")
        figures = {
            cell["figure"]
            for cell in page.eval_on_selector_all(
                f"#{slug}-tabel td[data-figure]", "all => all.map(e => ({...e.dataset}))"
            )
        }
        assert rows == [row for row in feed_rows if row["cijfer"] in figures], slug
        seen += rows
    assert sorted(map(str, seen)) == sorted(map(str, feed_rows))  # every cell in one chart
    assert {row["status"] for row in seen} <= set(STATUS.values())


def test_region_b_is_not_reachable_from_a_s_session_or_token(page: Page, feeds: Feeds) -> None:
    b = feeds.api.b
    for path in (
        f"/dashboard/{b}",
        f"/dashboard/{b}/figures",
        f"/dashboard/{b}/stream",
        f"/dashboard/{b}/feed.csv",
        f"/dashboard/{b}/capaciteit.csv",
    ):
        answer = page.request.get(f"{feeds.api.url}{path}")
        assert answer.status == 403, path
        assert "eemland" not in answer.text()
    for path in (f"/v1/feeds/{b}", f"/v1/feeds/{b}.csv", f"/v1/feeds/{b}/stream"):
        answer = httpx.get(
            f"{feeds.api.url}{path}", headers=feeds.api.headers(feeds.api.a), timeout=30
        )
        assert answer.status_code == 403, path
    # The session is no bearer token: the API itself still wants one.
    assert page.request.get(f"{feeds.api.url}/v1/feeds/{b}").status == 401
    assert page.request.get(f"{feeds.api.url}/v1/feed").status == 401


def test_a_capacity_release_shows_on_the_open_page_at_once(page: Page, feeds: Feeds) -> None:
    cell = page.locator(
        "#capaciteit-tabel td[data-figure='places_declared'][data-care-function='closed']"
    )
    before = int(cell.get_attribute("data-value") or "0")
    page.locator("#capaciteit-tabel summary").click()  # an open table stays open
    expect(page.locator("#live-status")).to_contain_text("Live", timeout=LIVE_WAIT_MS)

    last = FIRST_DAY + timedelta(days=DAYS - 1)
    feeds.figures_of("utrecht-stad", last, places=before + 9, base=24, occupied=12)
    released = feeds.publish(feeds.api.a)

    assert [r.kind.value for r in released] == ["CAPACITY"]
    expect(cell).to_have_attribute("data-value", str(before + 9), timeout=LIVE_WAIT_MS)
    expect(cell).to_have_text(str(before + 9))
    expect(page.locator("#capaciteit-tabel")).to_have_attribute("open", "")
    assert shown_cells(page, "details:not([id$='-trend-tabel']) td[data-figure]") == (
        _snapshot_cells(feeds, feeds.api.a)
    )


def test_the_page_asks_nothing_from_outside_the_hub_and_breaks_no_csp(
    page: Page, feeds: Feeds, seen: Seen
) -> None:
    page.reload()
    page.wait_for_selector("#figures")
    expect(page.locator("#live-status")).to_contain_text("Live:", timeout=LIVE_WAIT_MS)
    requests, console = seen.requests, seen.console

    assert requests
    assert [url for url in requests if not url.startswith(f"{feeds.api.url}/")] == []
    assert any(url.endswith("/dashboard.js") for url in requests)
    assert any("/stream" in url for url in requests)
    assert [line for line in console if "Content Security Policy" in line] == []


def _axe(page: Page) -> list[dict[str, object]]:
    source = AXE.read_text()
    page.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(body=source, content_type="application/javascript"),
    )
    page.add_script_tag(url=AXE_URL)
    result: dict[str, list[dict[str, object]]] = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
        })"""
    )
    return result["violations"]


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop", "tablet"])
def test_axe_finds_no_serious_violation_and_screenshots_are_kept(
    browser: Browser, feeds: Feeds, viewport: dict[str, int]
) -> None:
    assert AXE.exists(), "run `npm ci --prefix tests/dashboard` (axe-core from npm)"
    name = "laptop" if viewport == LAPTOP else "tablet"
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(f"{feeds.api.url}/")
        assert [v["id"] for v in _axe(page) if v["impact"] in ("serious", "critical")] == []
        screenshot(page, f"sign-in-{name}")

        sign_in(page, feeds.api.url, feeds.api.tokens[feeds.api.a])
        screenshot(page, f"dashboard-{name}")
        open_every_table(page)
        serious = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
        assert serious == [], [(v["id"], v["nodes"]) for v in serious]
        screenshot(page, f"dashboard-{name}-tables")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        for section in page.locator("section.figure-section").all():
            section_id = section.get_attribute("id")
            section.screenshot(path=str(artifact(f"{section_id}-{name}")))
    finally:
        context.close()


def test_the_page_works_from_the_keyboard(page: Page, feeds: Feeds) -> None:
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Naar de inhoud")
    summary = page.locator("#capaciteit-tabel summary")
    for _ in range(60):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the table toggle of the first chart is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#capaciteit-tabel")).to_have_attribute("open", "")
    expect(page.locator("#capaciteit-tabel table")).to_be_visible()
    for control in page.locator("a, button, summary, input").all():
        assert re.search(r"\w", control.inner_text() or control.get_attribute("aria-label") or "")
    assert page.locator("svg.chart:not([role='img'])").count() == 0
    assert page.locator("svg.chart desc").count() == page.locator("svg.chart").count()
