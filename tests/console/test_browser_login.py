"""The console in Debian's chromium: sign in, the home page, the admin's pages, sign out, at
desktop and phone widths, with no script error and no CSP violation; screenshots in
test-artifacts/browser/console-*.png."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.console.browser_pages import console_page, fill_sign_in, shot
from tests.console.conftest import ConsoleServer
from tests.e2e.web_fixtures import DESKTOP, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LOGIN_WITH_NEXT = re.compile(r".*/console/login\?next=.+")


def test_sign_in_see_the_console_and_sign_out(browser: Browser, console: ConsoleServer) -> None:
    problems: list[str] = []
    with console_page(browser, DESKTOP, problems) as page:
        page.goto(console.url + "/console/users")
        page.wait_for_url(LOGIN_WITH_NEXT)
        assert page.get_by_label("User name").is_visible()
        shot(page, "login-desktop")

        fill_sign_in(page, "ada")
        page.wait_for_url("**/console/users")
        nav = page.get_by_role("navigation", name="Console")
        assert nav.get_by_role("link", name="Users").get_attribute("aria-current") == "page"
        assert nav.get_by_role("link", name="Privacy").is_visible()
        assert page.locator("time[data-relative]").first.inner_text() != ""
        shot(page, "users-desktop")

        page.goto(console.url + "/console/")
        assert page.get_by_text("ada", exact=True).first.is_visible()
        shot(page, "home-desktop")

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/console/login")
        page.goto(console.url + "/console/privacy")
        page.wait_for_url(LOGIN_WITH_NEXT)
    assert problems == []


def test_an_agent_on_a_phone_sees_only_their_pages(
    browser: Browser, console: ConsoleServer
) -> None:
    problems: list[str] = []
    with console_page(browser, PHONE, problems) as page:
        page.goto(console.url + "/console/login")
        fill_sign_in(page, "sam")
        page.wait_for_load_state()
        nav = page.get_by_role("navigation", name="Console")
        assert nav.get_by_role("link", name="Users").count() == 0
        assert nav.get_by_role("link", name="Privacy").count() == 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page scrolls sideways on a phone"
        shot(page, "home-phone")
        assert problems == []
        response = page.goto(console.url + "/console/users")  # the console logs this 403
        assert response is not None and response.status == 403
        assert page.get_by_role("heading", name="Not for your role").is_visible()


def test_the_admin_reveals_a_conversation_in_the_page(
    browser: Browser, console: ConsoleServer
) -> None:
    problems: list[str] = []
    with console_page(browser, DESKTOP, problems) as page:
        page.goto(console.url + "/console/login")
        fill_sign_in(page, "ada")
        page.wait_for_load_state()
        page.goto(console.url + "/console/privacy")
        page.get_by_label("Conversation id", exact=True).fill("web-reveal-1")
        page.get_by_role("button", name="Reveal").click()
        page.locator("#reveal-result .transcript").wait_for()
        assert "ada@example.com" in page.locator("#reveal-result").inner_text()
        page.reload()
        assert page.locator("table").get_by_text("web-reveal-1").first.is_visible()
        shot(page, "privacy-desktop")
    assert problems == []
