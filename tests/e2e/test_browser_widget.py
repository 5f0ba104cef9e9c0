"""The chat widget on the demo shop page in a real Chromium (Debian's, under Playwright),
against the real Rasa server (socket.io channel), action server and web server.

Screenshots land in test-artifacts/browser/ (widget-phone.png, widget-desktop.png).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_rest_languages import says
from tests.e2e.web_fixtures import ShopPage

pytestmark = pytest.mark.e2e

PRODUCT_QUERY = "I'm looking for waterproof hiking boots under 150"
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
    # The demo catalog's images live on images.example.com, unreachable here: placeholders.
    shop.page.wait_for_function(
        """() => [...document.querySelector('shopbot-widget').shadowRoot
                .querySelectorAll('.card-media')].every(m => m.classList.contains('is-missing')
                || m.querySelector('img.is-loaded'))"""
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
    assert shop.input().get_attribute("placeholder") == "Escribe un mensaje…"
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
    assert shop.input().get_attribute("placeholder") == "Escribe un mensaje…"


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
