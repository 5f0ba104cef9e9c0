"""The chat widget on the demo shop page in a real Chromium (Debian's, under Playwright),
against the real Rasa server (socket.io channel), action server and web server.

Screenshots land in test-artifacts/browser/ (widget-phone.png, widget-desktop.png).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from knowledge.catalog import load_catalog
from knowledge.catalog.picture_art import picture_svg
from shopbot.web.app import WEB_ROOT
from tests.e2e.conftest import Stack
from tests.e2e.test_rest_languages import says
from tests.e2e.web_fixtures import ShopPage

pytestmark = pytest.mark.e2e

PRODUCT_QUERY = "I'm looking for waterproof hiking boots under 150"
WIDGET = WEB_ROOT / "widget" / "shopbot-widget.js"
ATTACK = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>'


def verify_order(shop: ShopPage, order: dict[str, Any]) -> str:
    """The REST tests' verification dialogue, typed into the widget; the final answer."""
    asked = "\n".join(shop.say(f"where is my order #{order['order_number']}?"))
    assert "email" in asked.lower(), asked
    return "\n".join(shop.say(order["email"]))


def assert_nothing_ran(shop: ShopPage) -> None:
    assert shop.page.evaluate("() => window.__pwned") is None
    assert shop.page.locator(".log img[src='x'], .log script").count() == 0
    assert shop.errors == []


def test_order_status_with_verification(stack: Stack, shop: ShopPage) -> None:
    order = stack.order_with_status("shipped", "in_transit")
    shop.open_shop()
    shop.open_chat()
    assert "assistant" in shop.bot_texts()[0]
    answer = verify_order(shop, order)
    assert f"found order {order['order_number']}" in answer, answer
    assert order["tracking_number"] in answer
    # What the shopper typed shows as sent, in order.
    assert shop.user_texts() == [f"where is my order #{order['order_number']}?", order["email"]]
    tracker = stack.client.tracker(shop.conversation_id())
    assert tracker["latest_input_channel"] == "socketio"
    assert shop.errors == []


def test_product_search_shows_cards(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    texts = shop.say(PRODUCT_QUERY)
    cards = shop.page.locator(".card")
    assert cards.count() >= 3
    # The cards take the place of the bot's numbered list: its lead-in stays above them,
    # what followed the list goes below, and the cards carry the list's numbers.
    assert texts[0] == "Here's what I found:", texts
    assert shop.page.locator(".bubble.is-after").last.inner_text().startswith("Ask me about")
    events = stack.client.tracker(shop.conversation_id())["events"]
    listing = next(e["text"] for e in reversed(events) if "1. " in str(e.get("text") or ""))
    for position in range(cards.count()):
        card = cards.nth(position)
        title = card.locator(".card-title").inner_text()
        assert f"{position + 1}. {title}" in listing
        assert card.locator(".card-index").inner_text() == str(position + 1)
        assert re.search(r"\d", card.locator(".card-price").inner_text())
        details = card.locator(".card-details")
        if details.count():
            assert details.inner_text() in listing
        link = card.locator("a.card-link")
        assert str(link.get_attribute("href")).startswith("https://")
        assert link.get_attribute("href") in listing
        assert link.get_attribute("target") == "_blank"
        assert set(str(link.get_attribute("rel")).split()) >= {"noopener", "noreferrer"}
        assert title in str(link.text_content())
    # The demo catalog's pictures come from the web server the widget was loaded from.
    picture = cards.first.locator(".card-media img")
    assert str(picture.get_attribute("src")).startswith(shop.base_url + "/images/products/")
    assert picture.get_attribute("alt") == cards.first.locator(".card-title").inner_text()
    picture.evaluate(
        """(img) => new Promise((resolve, reject) => {
            const done = () => img.naturalWidth > 0 ? resolve() : reject('not drawn');
            img.complete ? done() : (img.onload = done, img.onerror = () => reject('failed'));
        })"""
    )
    assert picture.evaluate("(img) => img.naturalWidth") > 0
    shop.page.wait_for_function(
        """() => document.querySelector('shopbot-widget').shadowRoot
                .querySelector('.card-media img').classList.contains('is-loaded')"""
    )
    # "The second one" follows the numbers.
    second = cards.nth(1).locator(".card-title").inner_text()
    assert second in "\n".join(shop.say("how much is the second one?"))
    shop.screenshot("widget-desktop")
    assert shop.errors == []


def test_reload_keeps_the_conversation(stack: Stack, shop: ShopPage) -> None:
    order = stack.order_with_status("shipped", "in_transit", "delivered")
    shop.open_shop()
    shop.open_chat()
    verify_order(shop, order)
    conversation = shop.conversation_id()
    before_bot, before_user = shop.bot_texts(), shop.user_texts()

    shop.page.reload()
    shop.launcher().wait_for()
    assert shop.page.locator(".panel").is_visible()  # it was open: it stays open
    assert shop.bot_texts() == before_bot and shop.user_texts() == before_user
    shop.page.wait_for_function(  # scrolled to the latest message
        """() => { const s = document.querySelector('shopbot-widget').shadowRoot
                       .querySelector('.scroller');
                   return s.scrollHeight - s.scrollTop - s.clientHeight < 4; }"""
    )
    # The next message continues the same conversation: the order is still verified.
    follow_up = "\n".join(shop.say("which carrier is delivering it?"))
    assert order["carrier"] in follow_up, follow_up
    assert shop.conversation_id() == conversation
    typed = [
        e["text"] for e in stack.client.tracker(conversation)["events"] if e["event"] == "user"
    ]
    assert typed[-1] == "which carrier is delivering it?" and order["email"] in typed


def test_html_and_script_in_messages_render_as_text(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    shop.say(ATTACK)
    assert shop.user_texts()[-1] == ATTACK
    assert_nothing_ran(shop)
    # A support agent's message with markup and a javascript: link, pushed by Rasa's HTTP
    # API to the shopper's open widget (output_channel=latest), is inert too.
    agent_text = (
        '<b>Hi</b> <a href="javascript:window.__pwned=1">click</a> javascript:window.__pwned=1 '
        "or https://shop.example.com/help"
    )
    cards = {
        "type": "product_cards",
        "cards": [
            {
                "title": "<img src=x onerror=window.__pwned=1>",
                "price_text": "<b>1</b>",
                "url": "javascript:window.__pwned=1",
                "image_url": "javascript:window.__pwned=1",
                "in_stock": True,
            }
        ],
    }
    rows = shop.bot_rows()
    shop.page.get_by_role("button", name="Close chat").first.click()
    stack.client.append_events(
        shop.conversation_id(),
        [
            {"event": "bot", "text": agent_text},
            {"event": "bot", "text": None, "data": {"custom": cards}},
        ],
    )
    shop.wait_for_bot_rows(rows + 2)
    # They arrived while the panel was closed: the launcher counts them.
    assert shop.page.locator(".badge").inner_text() == "2"
    shop.page.get_by_role("button", name="Open chat (2 new messages)").click()
    assert shop.page.locator(".badge").is_hidden()
    assert shop.bot_texts()[-2] == agent_text
    # Only the plain https address became a link in the agent's message (the bot's own
    # answer to the attack text, product cards for "img" say, has links of its own).
    agent_row = shop.page.locator(".row.from-bot").nth(shop.bot_rows() - 2)
    links = agent_row.locator("a")
    hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert hrefs == ["https://shop.example.com/help"]
    every_link = shop.page.locator(".log a")
    every_href = [str(every_link.nth(i).get_attribute("href")) for i in range(every_link.count())]
    assert not [href for href in every_href if not href.startswith("https://")], every_href
    assert shop.page.locator(".card-title").last.inner_text() == cards["cards"][0]["title"]
    assert shop.page.locator(".card").last.locator("a, img").count() == 0
    assert_nothing_ran(shop)
    # Stored, reloaded and drawn again: still text.
    shop.page.reload()
    shop.launcher().wait_for()
    assert shop.user_texts()[-1] == ATTACK
    assert_nothing_ran(shop)


def test_language_switch_without_reload(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    assert shop.input().get_attribute("placeholder") == "Type a message…"
    rows = shop.bot_rows()
    shop.page.get_by_label("Language").select_option("es")
    # The widget's own words switch at once, without a reload...
    assert shop.input().get_attribute("placeholder") == "Escribir un mensaje…"
    assert shop.page.locator("label[for='shopbot-input']").inner_text() == "Mensaje"
    assert shop.page.get_by_role("button", name="Cerrar el chat").count() == 2
    # ...and the bot confirms in Spanish and goes on in Spanish.
    shop.wait_for_bot_rows(rows + 1)
    assert says(shop.bot_texts()[-1], "es", "utter_language_switched"), shop.bot_texts()[-1]
    rows = shop.bot_rows()
    shop.page.locator(".quick-reply", has_text="Where is my order?").click()
    shop.wait_for_bot_rows(rows + 1)
    reply = shop.bot_texts()[-1]
    assert says(reply, "es", "utter_ask_order_form_order_number"), reply
    assert stack.client.tracker(shop.conversation_id())["slots"]["language"] == "es"
    # The choice is kept across a reload.
    shop.page.reload()
    shop.launcher().wait_for()
    assert shop.input().get_attribute("placeholder") == "Escribir un mensaje…"


def test_keyboard_only(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    page = shop.page
    focused_launcher = """() => {
        const host = document.activeElement;
        return host?.tagName === 'SHOPBOT-WIDGET'
            && host.shadowRoot.activeElement?.classList.contains('launcher');
    }"""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(focused_launcher):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    outline = shop.launcher().evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert shop.page.locator(".panel").is_visible()
    assert (
        page.evaluate("() => document.activeElement.shadowRoot.activeElement?.id")
        == "shopbot-input"
    )
    shop.wait_for_bot_rows(1)
    # Quick replies are buttons in the tab order: Shift+Tab back from the input reaches them.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    label = page.evaluate("() => document.activeElement.shadowRoot.activeElement?.textContent")
    assert label in {"Talk to a person", "Shipping and returns"}, label
    rows = shop.bot_rows()
    page.keyboard.press("Enter")
    shop.wait_for_bot_rows(rows + 1)
    assert shop.user_texts()[-1] == label
    # Escape closes the panel and gives focus back to the launcher.
    shop.input().focus()
    page.keyboard.press("Escape")
    assert not shop.page.locator(".panel").is_visible()
    assert page.evaluate(focused_launcher)
    assert shop.errors == []


def test_phone_width(stack: Stack, phone_shop: ShopPage) -> None:
    shop = phone_shop
    shop.open_shop()
    assert shop.page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shop.open_chat()
    panel = shop.page.locator(".panel").bounding_box()
    assert panel is not None
    assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 390, 844)
    assert not shop.launcher().is_visible()  # the panel covers the screen; close is in it
    shop.say(PRODUCT_QUERY)
    assert shop.page.locator(".card").count() >= 3
    shop.page.wait_for_timeout(300)  # let the smooth scroll settle for the picture
    shop.screenshot("widget-phone")
    assert shop.errors == []


def test_unreachable_server_then_reconnect(stack: Stack, shop: ShopPage) -> None:
    page = shop.page
    # The Rasa server "goes away": every socket.io connection fails while `down` is set.
    down = {"now": True}

    def http(route: Any) -> None:
        route.abort() if down["now"] else route.continue_()

    def websocket(socket: Any) -> None:
        socket.close() if down["now"] else socket.connect_to_server()

    page.route("**/socket.io/**", http)
    page.route_web_socket("**/socket.io/**", websocket)
    shop.open_shop()
    shop.open_chat(greeting=False)
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible")
    assert "Can't reach the assistant" in alert.inner_text()
    shop.input().fill("show me waterproof jackets")
    shop.input().press("Enter")
    assert page.locator(".is-pending .pending-hint").inner_text().startswith("Not sent yet")
    # Back: the client reconnects by itself, the waiting message goes out, the bot answers.
    down["now"] = False
    page.locator(".row.from-user.is-pending").wait_for(state="detached", timeout=30_000)
    shop.wait_for_bot_rows(1)
    assert page.locator(".alert").is_hidden()
    assert page.locator(".card").count() >= 1
    assert shop.user_texts() == ["show me waterproof jackets"]  # no greeting pushed in between
    assert shop.errors == []


def test_the_long_polling_fallback_passes_cors(stack: Stack, shop: ShopPage) -> None:
    """Where WebSockets are blocked, socket.io falls back to HTTP long-polling, which the
    browser only allows when the Rasa server's CORS answer names the page's origin."""
    shop.open_shop()
    shop.open_chat()  # loads the socket.io client
    token = shop.page.evaluate(
        """(url) => new Promise((resolve, reject) => {
            const socket = io(url, {transports: ['polling'], reconnection: false});
            socket.on('connect', () => socket.emit('session_request', {session_id: null}));
            socket.on('session_confirm', (token) => { socket.close(); resolve(token); });
            socket.on('connect_error', (error) => reject(String(error)));
            setTimeout(() => reject('timeout'), 15000);
        })""",
        stack.rasa_url,
    )
    assert re.fullmatch(r"web-[0-9a-f]{32}\.[0-9a-f]{64}", token)


def test_new_conversation_starts_over(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    shop.say("hello")
    old = shop.conversation_id()
    rows = shop.page.locator(".row").count()
    assert rows >= 3
    shop.page.get_by_role("button", name="Start a new conversation").click()
    shop.wait_for_bot_rows(1)
    assert shop.page.locator(".row").count() == 1  # just the new greeting
    assert shop.conversation_id() != old
    assert (
        shop.page.evaluate("() => document.activeElement.shadowRoot.activeElement?.id")
        == "shopbot-input"
    )


def test_a_widget_configured_in_spanish_greets_in_spanish(stack: Stack, shop: ShopPage) -> None:
    # As a shop would configure it: data-language="es" (here through the config object).
    shop.context.add_init_script("window.ShopbotWidgetConfig = {language: 'es'};")
    shop.open_shop()
    assert shop.launcher().get_attribute("aria-label") == "Abrir el chat"
    shop.open_chat()
    texts = shop.bot_texts()
    # The switch message's answer is not shown: the conversation opens with the greeting.
    assert len(texts) == 1 and says(texts[0], "es", "utter_greet"), texts
    titles = shop.page.locator(".quick-reply").all_inner_texts()
    assert "Buscar un producto" in titles


def ui_string(language: str, key: str) -> str:
    """The widget's own string ``key`` in ``language``, read from its STRINGS table."""
    source = WIDGET.read_text(encoding="utf-8")
    start = source.index(f"\n    {language}: {{", source.index("var STRINGS = {"))
    table = source[start : source.index("\n    },", start)]
    found = re.search(rf'\b{key}: "([^"]*)"', table)
    assert found is not None, (language, key)
    return found.group(1)


def widget_words(shop: ShopPage) -> dict[str, str]:
    """The header's language badge and the widget's own words that follow the language."""
    words = shop.page.evaluate(
        """() => {
            const root = document.querySelector('shopbot-widget').shadowRoot;
            return {
                badge: root.querySelector('.language-code').textContent,
                menu: root.querySelector('.language-select').value,
                placeholder: root.querySelector('#shopbot-input').placeholder,
                send: root.querySelector('.send').getAttribute('aria-label'),
                typing: root.querySelector('.typing-text').textContent,
                lang: root.querySelector('.panel').getAttribute('lang'),
            };
        }"""
    )
    return {str(key): str(value) for key, value in words.items()}


def test_the_widget_follows_the_conversations_language(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    assert widget_words(shop)["badge"] == "EN"
    assert shop.input().get_attribute("placeholder") == ui_string("en", "placeholder")
    # The shopper writes in Spanish: the bot answers in Spanish, and the widget's words follow.
    shop.say("hola, busco unas botas de montaña impermeables")
    assert stack.client.tracker(shop.conversation_id())["slots"]["language"] == "es"
    assert widget_words(shop) == {
        "badge": "ES", "menu": "es", "placeholder": ui_string("es", "placeholder"),
        "send": ui_string("es", "send"), "typing": ui_string("es", "typing"), "lang": "es",
    }  # fmt: skip
    assert shop.page.get_by_role("button", name=ui_string("es", "close")).count() == 2
    # Then in French: French words.
    shop.say("bonjour, je cherche une veste imperméable pour la randonnée")
    assert widget_words(shop)["badge"] == "FR"
    assert shop.input().get_attribute("placeholder") == ui_string("fr", "placeholder")
    # Following the bot sent no language switch of its own: only what the shopper typed.
    events = stack.client.tracker(shop.conversation_id())["events"]
    typed = [e["text"] for e in events if e["event"] == "user"]
    assert not [text for text in typed if text.startswith("/switch_language")], typed
    # Kept across a reload.
    shop.page.reload()
    shop.launcher().wait_for()
    assert widget_words(shop)["badge"] == "FR"
    assert shop.input().get_attribute("placeholder") == ui_string("fr", "placeholder")
    assert shop.errors == []


def test_a_german_page_starts_the_widget_in_german(stack: Stack, shop: ShopPage) -> None:
    # The demo page in German: <html lang="de"> by the time the (deferred) widget starts.
    # (A page fulfilled by the test itself would count as public and lose the loopback Rasa
    # server to Chromium's local-network checks, so the served page is changed in place.)
    shop.context.add_init_script(
        """document.addEventListener('readystatechange', () => {
               if (document.readyState === 'interactive') document.documentElement.lang = 'de';
           });"""
    )
    shop.open_shop()
    # Before any message: the page's language.
    assert shop.launcher().get_attribute("aria-label") == ui_string("de", "open")
    assert widget_words(shop)["badge"] == "DE"
    assert shop.input().get_attribute("placeholder") == ui_string("de", "placeholder")
    shop.open_chat()
    texts = shop.bot_texts()
    assert len(texts) == 1 and says(texts[0], "de", "utter_greet"), texts
    assert widget_words(shop)["placeholder"] == ui_string("de", "placeholder")
    assert shop.errors == []


def test_a_picture_that_does_not_load_leaves_the_placeholder(stack: Stack, shop: ShopPage) -> None:
    shop.open_shop()
    shop.open_chat()
    rows = shop.bot_rows()
    missing = shop.base_url + "/images/products/footwear/ultraviolet.svg"  # 404
    card = {"title": "Lost boots", "price_text": "€1.00", "image_url": missing, "in_stock": True}
    stack.client.append_events(
        shop.conversation_id(),
        [{"event": "bot", "text": None,
          "data": {"custom": {"type": "product_cards", "cards": [card]}}}],
    )  # fmt: skip
    shop.wait_for_bot_rows(rows + 1)
    media = shop.page.locator(".card-media.is-missing")
    media.wait_for()
    assert media.locator("img").count() == 0
    assert media.locator(".placeholder").count() == 1
    assert shop.errors == []


def test_the_demo_page_shows_catalog_products_with_their_pictures_in_one_currency(
    stack: Stack, shop: ShopPage
) -> None:
    """Issue 21: the page's tiles are products of the catalog the assistant searches, each
    with its shipped picture drawn and its price in the storefront currency (euros)."""
    shop.open_shop()
    tiles = shop.page.locator(".products .tile")
    assert tiles.count() == 6
    titles = {product.title for product in load_catalog(stack.database)}
    for position in range(tiles.count()):
        tile = tiles.nth(position)
        assert tile.locator("h3").inner_text() in titles
        price = tile.locator(".price").inner_text()
        assert re.fullmatch(r"(≈\s)?€\d[\d,]*\.\d\d", price), price
        picture = tile.locator(".tile-art img")
        assert str(picture.get_attribute("src")).startswith("/images/products/")
        picture.scroll_into_view_if_needed()
        picture.evaluate(
            """(img) => new Promise((resolve, reject) => {
                const done = () => img.naturalWidth > 0 ? resolve() : reject('not drawn');
                img.complete ? done() : (img.onload = done, img.onerror = () => reject('failed'));
            })"""
        )
    products = shop.page.locator(".products").inner_text()
    assert not any(symbol in products for symbol in ("$", "£", "USD", "GBP")), products
    shop.screenshot("demo-page")
    assert shop.errors == []


def test_a_shops_own_https_picture_is_shown_as_it_is(stack: Stack, shop: ShopPage) -> None:
    """A shop's own catalog keeps its image host: the card loads the https URL unchanged
    (the host is played by the test: nothing leaves the machine)."""
    url = "https://cdn.shop.example/pictures/boots-4711.svg"
    requested: list[str] = []

    def image_host(route: Any) -> None:
        requested.append(route.request.url)
        svg = picture_svg("footwear", "forest-green")
        route.fulfill(status=200, content_type="image/svg+xml", body=svg)

    shop.page.route("https://cdn.shop.example/**", image_host)
    shop.open_shop()
    shop.open_chat()
    rows = shop.bot_rows()
    card = {"title": "Own boots", "price_text": "€89.00", "image_url": url, "in_stock": True}
    stack.client.append_events(
        shop.conversation_id(),
        [{"event": "bot", "text": None,
          "data": {"custom": {"type": "product_cards", "cards": [card]}}}],
    )  # fmt: skip
    shop.wait_for_bot_rows(rows + 1)
    picture = shop.page.locator(".card").last.locator(".card-media img")
    assert picture.get_attribute("src") == url
    shop.page.locator(".card").last.locator(".card-media img.is-loaded").wait_for()
    assert picture.evaluate("(img) => img.naturalWidth") > 0
    assert requested == [url]
    assert shop.errors == []
