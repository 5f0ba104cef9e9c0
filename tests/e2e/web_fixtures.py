"""Fixtures of the browser tests: the website next to the ``stack`` fixture's servers, and
Debian's chromium driven by Playwright (one browser per session, one context per test).

Registered in ``tests/e2e/conftest.py`` with
``from tests.e2e.web_fixtures import phone_shop, shop, web  # noqa: F401``; ``browser`` is
registered once for the whole suite in ``tests/conftest.py`` (Playwright's sync API runs one
instance per process: a second session fixture of the same function would fail to start).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from core.settings import PROJECT_ROOT
from shopbot.runtime import ServerProcess, web_server
from shopbot.web.app import VENDOR_FILES, WEB_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

    from tests.e2e.conftest import Stack

__all__ = [
    "CHROMIUM_ARGS",
    "SCREENSHOTS",
    "ShopPage",
    "browser",
    "phone_shop",
    "shop",
    "web",
]

#: How the tests start chromium (docs/architecture.md, "Tests and the services they use").
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "browser"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def web(stack: Stack) -> Iterator[ServerProcess]:
    """``python -m shopbot.web`` on the port the Rasa server allows as an origin."""
    vendor = WEB_ROOT / VENDOR_FILES["socket.io.min.js"]
    if not vendor.is_file():
        pytest.fail(f"{vendor} is missing: run scripts/web_assets.sh (npm ci in web/)")
    with web_server(stack.web_port, stack.env, stack.log_dir / "web.log") as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium under Playwright; fails (never skips) when either is missing."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "the browser tests need Debian's chromium on PATH: run scripts/browser.sh "
            "(as root it installs it with apt-get) or `sudo apt-get install chromium`"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need playwright: .venv/bin/pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class ShopPage:
    """The demo shop in a fresh browser context, and helpers to use its chat widget."""

    context: BrowserContext
    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def open_shop(self) -> None:
        """Load the shop page and wait for the widget's launcher."""
        self.page.goto(self.base_url + "/")
        self.launcher().wait_for(state="visible")

    def launcher(self) -> Any:
        """The launcher button (inside the widget's shadow root)."""
        return self.page.locator(".launcher")

    def input(self) -> Any:
        """The message box."""
        return self.page.locator("#shopbot-input")

    def open_chat(self, greeting: bool = True) -> None:
        """Open the panel; wait for the bot's greeting of a new conversation."""
        self.launcher().click()
        self.page.locator(".panel").wait_for(state="visible")
        if greeting:
            self.wait_for_bot_rows(1)

    def bot_rows(self) -> int:
        """How many bot messages the transcript shows."""
        return int(self.page.locator(".row.from-bot").count())

    def wait_for_bot_rows(self, at_least: int, timeout: float = 60_000) -> None:
        """Wait until ``at_least`` bot messages show and the bot is not typing."""
        self.page.wait_for_function(
            """(n) => {
                const root = document.querySelector('shopbot-widget')?.shadowRoot;
                if (!root) return false;
                return root.querySelectorAll('.row.from-bot').length >= n
                    && root.querySelector('.typing').hidden;
            }""",
            arg=at_least,
            timeout=timeout,
        )

    def say(self, text: str) -> list[str]:
        """Type ``text`` and press Enter; the texts of the bot's answers."""
        before = self.bot_rows()
        self.input().fill(text)
        self.input().press("Enter")
        self.wait_for_bot_rows(before + 1)
        return self.bot_texts()[before:]

    def bot_texts(self) -> list[str]:
        """Every bot message's text (cards-only messages give "")."""
        return [
            str(text)
            for text in self.page.locator(".row.from-bot").evaluate_all(
                "rows => rows.map(r => r.querySelector('.text')?.textContent ?? '')"
            )
        ]

    def user_texts(self) -> list[str]:
        """Every shopper message's text as shown."""
        return [str(text) for text in self.page.locator(".row.from-user .text").all_inner_texts()]

    def session_token(self) -> str:
        """The signed session token the widget keeps in localStorage."""
        token = self.page.evaluate(
            """() => {
                for (let i = 0; i < localStorage.length; i++) {
                    const key = localStorage.key(i);
                    if (key.startsWith('shopbot-widget:')) {
                        return JSON.parse(localStorage.getItem(key)).token;
                    }
                }
                return null;
            }"""
        )
        assert isinstance(token, str), "the widget stored no session token"
        return token

    def conversation_id(self) -> str:
        """The conversation (tracker sender id): the token's part before the signature."""
        return self.session_token().split(".", 1)[0]

    def screenshot(self, name: str) -> None:
        """Save a screenshot to test-artifacts/browser/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@contextmanager
def _shop_page(browser: Browser, web: ServerProcess, phone: bool) -> Iterator[ShopPage]:
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
        locale="en-GB",
        service_workers="block",
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    shop_page = ShopPage(context=context, page=page, base_url=web.url)
    page.on("pageerror", lambda error: shop_page.errors.append(str(error)))
    try:
        yield shop_page
    finally:
        context.close()


@pytest.fixture
def shop(browser: Browser, web: ServerProcess) -> Iterator[ShopPage]:
    """The shop page at desktop size in a new browser context (its own storage)."""
    with _shop_page(browser, web, phone=False) as shop_page:
        yield shop_page


@pytest.fixture
def phone_shop(browser: Browser, web: ServerProcess) -> Iterator[ShopPage]:
    """The shop page on a phone (390 x 844, touch) in a new browser context."""
    with _shop_page(browser, web, phone=True) as shop_page:
        yield shop_page
