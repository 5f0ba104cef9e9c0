"""The agent inbox in Debian's chromium, against a real ``python -m shopbot.web`` whose
desk talks to a stand-in of Rasa's HTTP API (tests/console/inbox_support.py): an agent
signs in, sees a new ticket appear without a reload, opens it and reads the conversation,
takes it, replies and sees the shopper's next message arrive, then hands back; HTML in a
shopper's message stays text; the page holds at phone width. No script error, no CSP
violation; screenshots in test-artifacts/console-inbox.png (desktop) and
test-artifacts/browser/console-inbox-phone.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from core.settings import PROJECT_ROOT
from tests.console.browser_pages import console_page, fill_sign_in, shot
from tests.console.inbox_support import InboxConsole, inbox_console
from tests.e2e.web_fixtures import DESKTOP, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "console-inbox.png"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> help me'


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InboxConsole]:
    """The console with its desk on a stand-in Rasa server."""
    with inbox_console(tmp_path_factory.mktemp("inbox-browser")) as running:
        yield running


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/console/login")
    fill_sign_in(page, username)
    page.wait_for_url("**/console/inbox")  # an agent's start page
    page.locator('#live-status[data-state="live"]').wait_for()


def test_an_agent_sees_a_ticket_arrive_takes_it_and_answers(
    browser: Browser, inbox: InboxConsole
) -> None:
    problems: list[str] = []
    with console_page(browser, DESKTOP, problems, accept_dialogs=True) as page:
        _sign_in(page, inbox.url, "sam")
        assert page.get_by_role("navigation", name="Console").get_by_role(
            "link", name="Inbox"
        ).get_attribute("aria-current") == ("page")
        page.evaluate("window.__loadedOnce = true")

        # A shopper asks for a person while the page is open: the ticket appears by itself.
        sender = "browser-inbox-1"
        inbox.rasa.shopper_says(sender, "where is my parcel?", sentiment=0.1)
        inbox.rasa.shopper_says(sender, HOSTILE, language="en", sentiment=-0.6)
        number = inbox.open_ticket(sender, summary="Shopper: where is my parcel?").ticket_number
        item = page.locator(f'button[data-ticket="{number}"]')
        item.wait_for()
        assert "waiting" in item.inner_text() and "asked for a person" in item.inner_text()
        assert page.evaluate("window.__loadedOnce") is True  # no reload
        assert "New ticket" in page.locator("#list-announce").inner_text()

        # Open it: the conversation is there, the hostile message as text.
        item.click()
        page.wait_for_url(f"**/console/inbox?ticket={number}")
        page.get_by_role("heading", name=f"Ticket {number}").wait_for()
        shopper = page.locator('#transcript [data-message="shopper"]')
        shopper.nth(1).wait_for()
        assert shopper.all_inner_texts() == ["where is my parcel?", HOSTILE]
        assert page.locator("#transcript img, #transcript script").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#reply-form").is_hidden()
        # The sentiment trend drawn once the summary has both scores (↘: getting worse).
        item.locator(".trend-falling .sparkline").wait_for()
        assert "↘" in item.inner_text() and "-0.25" in item.inner_text()

        # Take it: the shopper is told, the reply box opens.
        page.get_by_role("button", name="Take this ticket").click()
        page.locator("#reply-form").wait_for(state="visible")
        assert inbox.rasa.texts(sender)[-1] == (
            "sam from our support team has joined the conversation."
        )
        assert page.get_by_role("button", name="Take this ticket").is_hidden()
        assert "yours" in item.inner_text()

        # Reply: it goes to the shopper's conversation and shows in the transcript.
        page.get_by_label("Your reply").fill("Hi, Sam here. <b>Let me check</b>.")
        page.get_by_role("button", name="Send").click()
        page.locator("#reply-result").get_by_text("Sent.").wait_for()
        assert inbox.rasa.appends[-1].events[0]["text"] == "Hi, Sam here. <b>Let me check</b>."
        assert inbox.rasa.appends[-1].query["output_channel"] == "latest"
        agent = page.locator('#transcript [data-message="agent"]')
        agent.wait_for()
        assert agent.inner_text() == "Hi, Sam here. <b>Let me check</b>."
        assert page.get_by_label("Your reply").input_value() == ""

        # The shopper answers: the new message appears by itself.
        inbox.rasa.shopper_says(sender, "thank you <i>so</i> much", sentiment=0.8)
        page.locator("#transcript").get_by_text("thank you <i>so</i> much").wait_for()
        assert page.evaluate("window.__loadedOnce") is True
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)

        # Hand back: the ticket closes and leaves the list.
        page.get_by_role("button", name="Hand back to the bot").click()
        item.wait_for(state="detached")
        assert inbox.rasa.texts(sender)[-1].startswith("sam has handed you back to me")
        page.locator("#reply-form").wait_for(state="hidden")
        assert "This ticket is closed" in page.locator("#holder-note").inner_text()
        assert page.evaluate("window.__pwned") is None
    assert problems == []


def test_the_inbox_holds_at_phone_width(browser: Browser, inbox: InboxConsole) -> None:
    problems: list[str] = []
    number = inbox.open_ticket("browser-inbox-phone").ticket_number
    inbox.rasa.shopper_says("browser-inbox-phone", "a very long message " * 20)
    with console_page(browser, PHONE, problems, accept_dialogs=True) as page:
        _sign_in(page, inbox.url, "kim")
        page.goto(f"{inbox.url}/console/inbox?ticket={number}")
        page.locator('#transcript [data-message="shopper"]').wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the inbox scrolls sideways on a phone"
        shot(page, "inbox-phone")
    assert problems == []
