"""The console's browser tests' page: a fresh context in the suite's Chromium that collects
page errors and console errors (Content-Security-Policy reports included), sign-in, and
screenshots in ``test-artifacts/browser/console-<name>.png``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tests.console.support import PASSWORD
from tests.e2e.web_fixtures import SCREENSHOTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize

__all__ = ["console_page", "fill_sign_in", "shot"]


@contextmanager
def console_page(
    browser: Browser,
    viewport: ViewportSize,
    problems: list[str],
    *,
    accept_dialogs: bool = False,
    accept_downloads: bool = False,
) -> Iterator[Page]:
    """A page in its own context (a phone's under 600 px wide); errors go to ``problems``.
    ``accept_dialogs``: confirm() and alert() are answered yes (Playwright's default: no)."""
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        locale="en-GB",
        service_workers="block",
        accept_downloads=accept_downloads,
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: _note_console(message, problems))
    if accept_dialogs:
        page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield page
    finally:
        context.close()


def _note_console(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type == "error" or "Content Security Policy" in message.text:
        problems.append(message.text)


def fill_sign_in(page: Page, username: str) -> None:
    """Fill the sign-in form on the page and submit it."""
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot: ``test-artifacts/browser/console-<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)
