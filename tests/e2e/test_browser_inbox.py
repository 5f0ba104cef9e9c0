"""The agent inbox end to end, in Debian's chromium against the real servers: a shopper
asks for a person in the chat widget (one browser context), an agent sees the ticket
appear in the console's inbox without a reload (a second context), takes it and replies,
and the shopper's widget shows the agent joining and the reply; the shopper's answer
reaches the agent's transcript live, and the hand-back gives the shopper the bot again.

The agent's console account is made here, in the stack's database (the console's users
live there), with a random password."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from core.settings import Settings
from shop.accounts import Accounts
from shopbot.runtime import ServerProcess
from tests.e2e.conftest import Stack
from tests.e2e.web_fixtures import DESKTOP, ShopPage

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

AGENT = "ana-inbox"


@pytest.fixture(scope="module")
def agent_password(stack: Stack) -> str:
    """A console agent account in the stack's database; its password."""
    password = secrets.token_urlsafe(18)
    settings = Settings(
        database_url=stack.database_url,
        client_key_secret=stack.env["SHOPBOT_CLIENT_KEY_SECRET"],
    )
    Accounts.build(stack.database, settings).users.create(AGENT, "agent", password)
    return password


@pytest.fixture
def console_page(browser: Browser, web: ServerProcess) -> Iterator[tuple[Page, list[str]]]:
    """A browser context of its own for the agent; the problems its page reports."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", service_workers="block")
    context.set_default_timeout(60_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield page, problems
    finally:
        context.close()


def _type(shop: ShopPage, text: str) -> None:
    """The shopper types ``text`` and sends it (a paused bot answers nothing, so this does
    not wait for an answer)."""
    shop.input().fill(text)
    shop.input().press("Enter")


def test_an_agent_answers_a_shopper_in_the_widget_from_the_inbox(
    stack: Stack,
    web: ServerProcess,
    shop: ShopPage,
    console_page: tuple[Page, list[str]],
    agent_password: str,
) -> None:
    agent, problems = console_page
    agent.goto(web.url + "/console/login")
    agent.get_by_label("User name").fill(AGENT)
    agent.get_by_label("Password").fill(agent_password)
    agent.get_by_role("button", name="Sign in").click()
    agent.wait_for_url("**/console/inbox")
    agent.locator('#live-status[data-state="live"]').wait_for()

    # The shopper asks for a person in the widget.
    shop.open_shop()
    shop.open_chat()
    answer = "\n".join(shop.say("I want to talk to a human"))
    found = re.search(r"T-\d{6}", answer)
    assert found, answer
    number = found.group(0)

    # The ticket appears in the open inbox by itself; the agent opens it.
    item = agent.locator(f'button[data-ticket="{number}"]')
    item.wait_for()
    item.click()
    agent.locator("#transcript").get_by_text("I want to talk to a human").wait_for()

    # Take it: the shopper's widget says a person has joined.
    rows = shop.bot_rows()
    agent.get_by_role("button", name="Take this ticket").click()
    shop.wait_for_bot_rows(rows + 1)
    assert shop.bot_texts()[-1] == f"{AGENT} from our support team has joined the conversation."

    # Reply: it reaches the shopper's widget.
    reply = "Hi, Ana here. I'm looking at your question now."
    agent.get_by_label("Your reply").fill(reply)
    agent.get_by_role("button", name="Send").click()
    shop.wait_for_bot_rows(rows + 2)
    assert shop.bot_texts()[-1] == reply
    agent.locator('#transcript [data-message="agent"]').get_by_text(reply).wait_for()

    # The shopper answers (the bot stays quiet): it reaches the agent's transcript live.
    _type(shop, "thanks, that's kind of you")
    agent.locator("#transcript").get_by_text("thanks, that's kind of you").wait_for()
    assert shop.bot_rows() == rows + 2

    # Hand back: the bot is back for the shopper.
    agent.get_by_role("button", name="Hand back to the bot").click()
    shop.wait_for_bot_rows(rows + 3)
    assert shop.bot_texts()[-1].startswith(f"{AGENT} has handed you back to me")
    item.wait_for(state="detached")
    assert shop.errors == []
    assert problems == []
