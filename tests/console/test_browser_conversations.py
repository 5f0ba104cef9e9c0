"""The conversation pages in Debian's chromium: a lead filters by language and sentiment,
opens a transcript, corrects an intent (an entity marked by selecting words) and finds it
in the NLU export, exports CSV; HTML in a shopper's message or a note stays text; the pages
hold at phone width. No script error, no CSP violation; screenshots in
test-artifacts/browser/console-*.png."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.console.browser_pages import console_page, fill_sign_in, shot
from tests.console.conftest import ConsoleServer
from tests.console.conversation_samples import ANGRY, HOSTILE_TEXT, remove, store
from tests.e2e.web_fixtures import DESKTOP, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

HOSTILE_NOTE = '<img src=x onerror="window.__pwned=4"><b>bold?</b> call ada@example.com'
#: Selects the first occurrence of ``words`` in an element's text (across <mark>s).
SELECT_WORDS = """([selector, words]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(words);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""


@pytest.fixture(scope="module", autouse=True)
def samples(console: ConsoleServer) -> Iterator[None]:
    """The sample conversations in the server's summaries."""
    store(console.database)
    yield
    remove(console.database)


def _pwned(page: Page) -> object:
    return page.evaluate("window.__pwned")


def _download(page: Page, name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    path = info.value.path()
    return Path(path).read_text(encoding="utf-8")


def test_a_lead_filters_reads_corrects_and_exports(
    browser: Browser, console: ConsoleServer
) -> None:
    problems: list[str] = []
    with console_page(
        browser, DESKTOP, problems, accept_dialogs=True, accept_downloads=True
    ) as page:
        page.goto(console.url + "/console/conversations")
        fill_sign_in(page, "lee")
        page.wait_for_url("**/console/conversations")
        shot(page, "conversations-desktop")

        # Filter by language and sentiment: the state lands in the URL, empty fields left out.
        filters = page.locator("details.filter-panel")
        if filters.get_attribute("open") is None:
            filters.locator("summary").click()
        page.locator('input[name="language"][value="de"]').check()
        page.get_by_label("Lowest message at most").fill("-0.5")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r".*/console/conversations\?.*language=de.*"))
        assert "lowest_max=-0.5" in page.url and "q=" not in page.url
        links = page.locator("a.conversation-link")
        assert links.all_inner_texts() == [ANGRY]
        shot(page, "conversations-filtered-desktop")

        # The transcript: the hostile message is text, nothing ran.
        links.first.click()
        page.wait_for_url(f"**/console/conversations/{ANGRY}?back=*")
        assert page.locator("[data-message]").nth(2).inner_text() == HOSTILE_TEXT
        assert _pwned(page) is None
        assert page.locator(".intent").first.inner_text() == "ask_carrier"

        # Correct the first turn's intent; mark "100234" as the order number by selecting it.
        turn = page.locator("#turn-0")
        turn.locator("details.correct > summary").click()
        turn.get_by_label("Intent it should have had").select_option("order_status")
        turn.get_by_role("button", name="Remove this entity").click()  # the bot's suggestion
        assert turn.locator("mark.entity").count() == 0
        assert page.evaluate(SELECT_WORDS, ["#turn-0 [data-message]", "100234"])
        turn.get_by_role("button", name="Mark the selected words").click()
        assert turn.locator("mark.entity").inner_text() == "100234"
        turn.get_by_role("button", name="Save correction").click()
        turn.get_by_text("Correction saved: order_status").wait_for()
        assert "Corrected: order_status" in turn.locator("[data-correction-status]").inner_text()

        # A note with HTML in it shows as text, now and after a reload.
        page.get_by_label("Add a note").fill(HOSTILE_NOTE)
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("Note added.").wait_for()
        shown = '<img src=x onerror="window.__pwned=4"><b>bold?</b> call [email]'
        assert page.locator(".note-body").last.inner_text() == shown
        page.reload()
        assert page.locator(".note-body").last.inner_text() == shown
        assert page.locator(".note-body b").count() == 0
        assert _pwned(page) is None
        shot(page, "conversation-desktop")

        # The correction waits on the Corrections page and is in the German NLU export.
        page.get_by_role("navigation", name="Console").get_by_role(
            "link", name="Corrections"
        ).click()
        page.wait_for_url("**/console/corrections")
        row = page.locator("tr[data-correction]")
        assert row.count() == 1
        assert row.get_by_role("button", name="Done").is_visible()
        assert row.get_by_role("button", name="Reopen").is_hidden()  # it is open already
        assert page.locator(".counts-table tbody tr").inner_text().split() == [
            "order_status",
            "1",
        ]
        shot(page, "corrections-desktop")
        exported = yaml.safe_load(_download(page, "NLU YAML · de"))
        assert exported["nlu"] == [
            {
                "intent": "order_status",
                "examples": "- wo ist meine bestellung [100234](order_number)? "
                "schreib an shopper@example.com\n",
            }
        ]

        # Export the filtered list as CSV.
        page.goto(console.url + "/console/conversations?language=de&lowest_max=-0.5")
        rows = list(csv.DictReader(io.StringIO(_download(page, "Export CSV"))))
        assert [row["conversation"] for row in rows] == [ANGRY]
        assert "bea@example.com" not in str(rows)
    assert problems == []


def test_the_pages_hold_at_phone_width(browser: Browser, console: ConsoleServer) -> None:
    problems: list[str] = []
    with console_page(browser, PHONE, problems, accept_dialogs=True, accept_downloads=True) as page:
        page.goto(console.url + "/console/login")
        fill_sign_in(page, "lee")
        page.wait_for_url("**/console/conversations")
        for path, name in (
            ("/console/conversations", "conversations-phone"),
            (f"/console/conversations/{ANGRY}", "conversation-phone"),
            ("/console/corrections", "corrections-phone"),
        ):
            page.goto(console.url + path)
            page.wait_for_load_state()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} scrolls sideways on a phone"
            shot(page, name)
    assert problems == []
