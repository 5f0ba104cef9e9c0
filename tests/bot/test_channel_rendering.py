"""Tests of ``bot.channels.rendering``: how replies degrade on the messaging platforms.
Standard library only: runs in either environment."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.rendering import (
    SOLD_OUT_MARK,
    BotMessage,
    Button,
    ExpiringLRU,
    OptionMemory,
    ProductCard,
    card_line,
    cards_as_text,
    escape_slack,
    http_url,
    links_in,
    numbered_options,
    option_number,
    parse_buttons,
    parse_product_cards,
    shorten,
    slack_link,
    split_text,
)

MENU = [
    {"title": "Find a product", "payload": "/search_product"},
    {"title": "Where is my order?", "payload": "/order_status"},
    {"title": "Return an item", "payload": "/return_item"},
]


def card(**fields: Any) -> dict[str, Any]:
    """A card as ``actions.product_format.product_card`` builds it."""
    base = {
        "id": "P-100",
        "title": "Trail Runner 2",
        "price": 89.0,
        "currency": "EUR",
        "price_text": "€89.00",
        "image_url": "https://cdn.example/p100.jpg",
        "url": "https://shop.example/p/P-100",
        "colours": ["Black", "Blue"],
        "sizes": ["40", "41", "42"],
        "in_stock": True,
    }
    return {**base, **fields}


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "url",
    ["https://shop.example/p/1", "http://shop.example:8080/p?id=1&x=2", "HTTPS://SHOP.EXAMPLE/"],
)
def test_http_url_accepts_http_and_https(url: str) -> None:
    assert http_url(url) == url


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://shop.example/file",
        "file:///etc/passwd",
        "//shop.example/p/1",
        "/p/1",
        "https://",
        "https:///path",
        "https://shop.example/a b",
        "https://shop.example/\nSet-Cookie: x",
        "https://shop.example/\x00",
        "",
        None,
        42,
    ],
)
def test_http_url_refuses_everything_else(value: object) -> None:
    assert http_url(value) is None


def test_links_in_text() -> None:
    text = "See https://shop.example/p/1, or (http://shop.example/p/2). Not ftp://x.example"
    assert links_in(text) == {"https://shop.example/p/1", "http://shop.example/p/2"}


def test_parse_buttons() -> None:
    raw = [
        *MENU,
        {"title": "Only a title"},
        {"payload": "/no_title"},
        {"title": "  ", "payload": "/blank"},
        "not a button",
    ]
    assert parse_buttons(raw) == [
        Button("Find a product", "/search_product"),
        Button("Where is my order?", "/order_status"),
        Button("Return an item", "/return_item"),
        Button("Only a title", "Only a title"),
    ]
    assert parse_buttons(None) == []
    assert parse_buttons({"title": "x"}) == []


def test_buttons_become_numbered_options() -> None:
    text = numbered_options("What can I do for you?", parse_buttons(MENU))
    assert text == (
        "What can I do for you?\n\n1. Find a product\n2. Where is my order?\n3. Return an item"
    )
    assert numbered_options("", parse_buttons(MENU[:1])) == "1. Find a product"


@pytest.mark.parametrize(
    ("reply", "number"),
    [("2", 2), (" 2 ", 2), ("2.", 2), ("2)", 2), ("#2", 2), ("２", 2), ("12", 12)],
)
def test_option_number_reads_a_bare_number(reply: str, number: int) -> None:
    assert option_number(reply) == number


@pytest.mark.parametrize("reply", ["2 please", "order 100234", "100234", "two", "", "2.5", "-1"])
def test_option_number_ignores_anything_else(reply: str) -> None:
    assert option_number(reply) is None


def test_a_numbered_reply_maps_back_to_the_payload() -> None:
    memory = OptionMemory()
    memory.remember("+15551112222", parse_buttons(MENU))
    assert memory.resolve("+15551112222", "2") == "/order_status"
    # Used up: a second "2" is just text again.
    assert memory.resolve("+15551112222", "2") is None


def test_a_reply_with_the_exact_title_maps_back_too() -> None:
    memory = OptionMemory()
    memory.remember("a", parse_buttons(MENU))
    assert memory.resolve("a", "  return AN item ") == "/return_item"


def test_numbers_out_of_range_other_texts_and_other_recipients_do_not_map() -> None:
    memory = OptionMemory()
    memory.remember("a", parse_buttons(MENU))
    assert memory.resolve("a", "4") is None
    assert memory.resolve("a", "0") is None
    assert memory.resolve("a", "where is my parcel") is None
    assert memory.resolve("b", "1") is None
    assert memory.resolve("a", "1") == "/search_product"


def test_a_message_without_options_forgets_the_previous_ones() -> None:
    memory = OptionMemory()
    memory.remember("a", parse_buttons(MENU))
    memory.remember("a", [])
    assert memory.resolve("a", "2") is None


def test_options_expire() -> None:
    clock = Clock()
    memory = OptionMemory(ttl_seconds=60, clock=clock)
    memory.remember("a", parse_buttons(MENU))
    clock.now += 59
    assert memory.options("a")
    clock.now += 2
    assert memory.resolve("a", "1") is None
    assert len(memory) == 0


def test_option_memory_is_bounded_least_recently_used_first() -> None:
    memory = OptionMemory(max_recipients=3)
    for recipient in ("a", "b", "c"):
        memory.remember(recipient, parse_buttons(MENU))
    assert memory.options("a")  # "a" is now the most recently used
    memory.remember("d", parse_buttons(MENU))
    assert len(memory) == 3
    assert not memory.options("b")
    assert memory.options("a") and memory.options("c") and memory.options("d")


def test_expiring_lru_refuses_nonsense_bounds() -> None:
    with pytest.raises(ValueError):
        ExpiringLRU(max_entries=0)
    with pytest.raises(ValueError):
        ExpiringLRU(ttl_seconds=0)


def test_product_cards_payload() -> None:
    cards = parse_product_cards(
        {"type": "product_cards", "cards": [card(), card(title="Sold Out Boot", in_stock=False)]}
    )
    assert cards == [
        ProductCard(
            "Trail Runner 2",
            "€89.00",
            "https://shop.example/p/P-100",
            "https://cdn.example/p100.jpg",
            True,
        ),
        ProductCard(
            "Sold Out Boot",
            "€89.00",
            "https://shop.example/p/P-100",
            "https://cdn.example/p100.jpg",
            False,
        ),
    ]


def test_product_cards_keep_only_http_links() -> None:
    [only] = parse_product_cards(
        {
            "type": "product_cards",
            "cards": [card(url="javascript:alert(1)", image_url="data:image/png;base64,AAAA")],
        }
    ) or [None]
    assert only is not None
    assert only.url is None and only.image_url is None


def test_product_cards_skip_broken_entries() -> None:
    cards = parse_product_cards(
        {"type": "product_cards", "cards": [card(title=""), "x", card(title=None), card()]}
    )
    assert [c.title for c in cards or []] == ["Trail Runner 2"]
    assert parse_product_cards({"type": "product_cards", "cards": "nope"}) == []


@pytest.mark.parametrize("custom", [{"type": "order_summary"}, {"cards": []}, "text", None, []])
def test_other_custom_payloads_are_not_cards(custom: object) -> None:
    assert parse_product_cards(custom) is None


def test_product_card_fields_are_one_line_and_bounded() -> None:
    [one] = parse_product_cards(
        {"type": "product_cards", "cards": [card(title="A\nlong\ttitle " + "x" * 300)]}
    ) or [None]
    assert one is not None
    assert "\n" not in one.title and len(one.title) == 120 and one.title.endswith("…")


def test_cards_degrade_to_a_line_and_a_link_each() -> None:
    cards = parse_product_cards(
        {
            "type": "product_cards",
            "cards": [
                card(),
                card(title="Canvas Tote", price_text="€25.00", url=None, in_stock=False),
            ],
        }
    )
    assert cards_as_text(cards or []) == (
        "Trail Runner 2 — €89.00\nhttps://shop.example/p/P-100\n\n"
        f"Canvas Tote — €25.00 {SOLD_OUT_MARK}"
    )


def test_card_line_without_a_price() -> None:
    assert card_line(ProductCard("Gift Card", "", None, None, True)) == "Gift Card"


def test_split_text_keeps_short_texts_whole() -> None:
    assert split_text("  hello  ", 10) == ["hello"]
    assert split_text("", 10) == []


def test_split_text_cuts_at_paragraphs_lines_and_words() -> None:
    text = "First paragraph here.\n\nSecond one is longer than that.\nAnd a third line."
    pieces = split_text(text, 40)
    assert all(len(piece) <= 40 for piece in pieces)
    assert pieces[0] == "First paragraph here."
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_split_text_cuts_hard_without_boundaries() -> None:
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_shorten() -> None:
    assert shorten("Shipping and returns", 20) == "Shipping and returns"
    assert shorten("Shipping and returns!", 20) == "Shipping and return…"
    assert len(shorten("x" * 50, 20)) == 20


def test_slack_escaping() -> None:
    assert escape_slack("Fish & chips <b> > <@U123>") == (
        "Fish &amp; chips &lt;b&gt; &gt; &lt;@U123&gt;"
    )
    assert slack_link("https://shop.example/p?a=1&b=2|x", "A <b> & C") == (
        "<https://shop.example/p?a=1&amp;b=2%7Cx|A &lt;b&gt; &amp; C>"
    )


def test_bot_message_reads_rasas_dict() -> None:
    message = BotMessage.of(
        {
            "text": "  Hi  ",
            "quick_replies": MENU[:1],
            "image": "javascript:alert(1)",
            "custom": {"type": "x"},
            "timestamp": 1,
        }
    )
    assert message == BotMessage(
        "Hi", (Button("Find a product", "/search_product"),), None, {"type": "x"}
    )
    assert BotMessage.of({"text": None, "image": "https://cdn.example/a.png"}) == BotMessage(
        "", (), "https://cdn.example/a.png", None
    )
