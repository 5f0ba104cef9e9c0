"""The analytics dashboard in Debian's chromium: a lead signs in, every chart with numbers
is drawn by Chart.js (an instance on its canvas, and pixels on it), the language filter
narrows the figures, the page holds at phone width; no script error, no CSP violation.
Screenshots in test-artifacts/browser/console-analytics-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from shop.analytics import MEASURES
from tests.console.analytics_set import remove_set, store_set
from tests.console.browser_pages import console_page, fill_sign_in, shot
from tests.console.conftest import ConsoleServer
from tests.e2e.web_fixtures import DESKTOP, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

RANGE = "from=2026-05-28&to=2026-05-30"
#: For every card: its state, whether Chart.js has an instance on its canvas, how many of
#: the canvas's pixels are painted, and its headline.
CARDS = """() => [...document.querySelectorAll('section[data-measure]')].map((card) => {
    const canvas = card.querySelector('canvas');
    const chart = window.Chart && window.Chart.getChart(canvas);
    let painted = 0;
    if (chart && canvas.width && canvas.height) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
    }
    return {
        measure: card.dataset.measure,
        state: card.dataset.state,
        chart: Boolean(chart),
        painted: painted,
        headline: card.querySelector('.headline').textContent,
        rows: card.querySelectorAll('.table-scroll tbody tr').length,
    };
})"""
SETTLED = """() => [...document.querySelectorAll('section[data-measure]')]
    .every((card) => card.dataset.state !== 'loading')"""


@pytest.fixture(scope="module", autouse=True)
def hand_made_set(console: ConsoleServer) -> Iterator[None]:
    """The hand-made set in the server's database."""
    store_set(console.database)
    yield
    remove_set(console.database)


def _open_dashboard(page: Page, console: ConsoleServer, query: str = RANGE) -> list[dict[str, Any]]:
    """Sign in as the lead on the way to the dashboard; the cards once every one settled."""
    page.goto(f"{console.url}/console/analytics?{query}")
    fill_sign_in(page, "lee")
    page.wait_for_url("**/console/analytics?*")
    return _settled(page)


def _settled(page: Page) -> list[dict[str, Any]]:
    page.wait_for_function(SETTLED)
    cards: list[dict[str, Any]] = page.evaluate(CARDS)
    return cards


def _shot(page: Page, name: str) -> None:
    shot(page, f"analytics-{name}")


def test_a_lead_sees_every_chart_drawn(browser: Browser, console: ConsoleServer) -> None:
    problems: list[str] = []
    with console_page(browser, DESKTOP, problems) as page:
        cards = _open_dashboard(page, console)
        assert [card["measure"] for card in cards] == list(MEASURES)
        for card in cards:
            assert card["state"] == "ready", card
            assert card["chart"], card
            assert card["painted"] > 500, card
            assert card["headline"] and card["rows"] > 0, card
        assert page.get_by_role("link", name="Analytics").get_attribute("aria-current") == "page"
        _shot(page, "desktop")

        # the table behind a chart opens; the filter narrows every figure
        automation = page.locator("#chart-automation")
        automation.get_by_text("The numbers as a table").click()
        assert automation.get_by_role("table").get_by_role("row").count() == 4  # header + 3 days
        page.get_by_label("Language", exact=True).select_option("en")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**language=en**")
        narrowed = {settled["measure"]: settled for settled in _settled(page)}
        assert narrowed["automation"]["headline"].startswith("66.7% of 3 conversations")
    assert problems == []


def test_the_dashboard_at_phone_width(browser: Browser, console: ConsoleServer) -> None:
    problems: list[str] = []
    with console_page(browser, PHONE, problems) as page:
        cards = _open_dashboard(page, console)
        drawn = [card for card in cards if card["state"] == "ready"]
        assert len(drawn) == len(MEASURES) and all(card["painted"] for card in drawn)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], "the page scrolls sideways at phone width"
        box = page.locator("#chart-automation canvas").bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        _shot(page, "phone")
    assert problems == []
