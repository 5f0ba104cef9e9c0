"""The console in Debian's chromium: sign in, the home page, the admin's pages, sign out, at
desktop and phone widths, with no script error and no CSP violation; screenshots in
test-artifacts/browser/console-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tests.console.conftest import ConsoleServer
from tests.console.support import PASSWORD
from tests.e2e.web_fixtures import DESKTOP, PHONE, SCREENSHOTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

LOGIN_WITH_NEXT = re.compile(r".*/console/login\?next=.+")


@contextmanager
def _page(browser: Browser, viewport: ViewportSize, problems: list[str]) -> Iterator[Page]:
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, locale="en-GB", service_workers="block"
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        yield page
    finally:
        context.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)


def _sign_in(page: Page, username: str) -> None:
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_see_the_console_and_sign_out(browser: Browser, console: ConsoleServer) -> None:
    problems: list[str] = []
    with _page(browser, DESKTOP, problems) as page:
        page.goto(console.url + "/console/users")
        page.wait_for_url(LOGIN_WITH_NEXT)
        assert page.get_by_label("User name").is_visible()
        _shot(page, "login-desktop")

        _sign_in(page, "ada")
        page.wait_for_url("**/console/users")
        nav = page.get_by_role("navigation", name="Console")
        assert nav.get_by_role("link", name="Users").get_attribute("aria-current") == "page"
        assert nav.get_by_role("link", name="Privacy").is_visible()
        assert page.locator("time[data-relative]").first.inner_text() != ""
        _shot(page, "users-desktop")

        page.goto(console.url + "/console/")
        assert page.get_by_text("ada", exact=True).first.is_visible()
        _shot(page, "home-desktop")

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/console/login")
        page.goto(console.url + "/console/privacy")
        page.wait_for_url(LOGIN_WITH_NEXT)
    assert problems == []


def test_an_agent_on_a_phone_sees_only_their_pages(
    browser: Browser, console: ConsoleServer
) -> None:
    problems: list[str] = []
    with _page(browser, PHONE, problems) as page:
        page.goto(console.url + "/console/login")
        _sign_in(page, "sam")
        page.wait_for_load_state()
        nav = page.get_by_role("navigation", name="Console")
        assert nav.get_by_role("link", name="Users").count() == 0
        assert nav.get_by_role("link", name="Privacy").count() == 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page scrolls sideways on a phone"
        _shot(page, "home-phone")
        assert problems == []
        response = page.goto(console.url + "/console/users")  # the console logs this 403
        assert response is not None and response.status == 403
        assert page.get_by_role("heading", name="Not for your role").is_visible()


def test_the_admin_reveals_a_conversation_in_the_page(
    browser: Browser, console: ConsoleServer
) -> None:
    problems: list[str] = []
    with _page(browser, DESKTOP, problems) as page:
        page.goto(console.url + "/console/login")
        _sign_in(page, "ada")
        page.wait_for_load_state()
        page.goto(console.url + "/console/privacy")
        page.get_by_label("Conversation id", exact=True).fill("web-reveal-1")
        page.get_by_role("button", name="Reveal").click()
        page.locator("#reveal-result .transcript").wait_for()
        assert "ada@example.com" in page.locator("#reveal-result").inner_text()
        page.reload()
        assert page.locator("table").get_by_text("web-reveal-1").first.is_visible()
        _shot(page, "privacy-desktop")
    assert problems == []
