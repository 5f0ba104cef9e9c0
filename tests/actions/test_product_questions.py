"""The pure helpers behind product questions and listings (actions/product_words.py,
product_reference.py, product_questions.py, product_format.py): which product, what is
asked, what the catalog says. No Rasa, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.product_format import (
    SOLD_OUT_MARK,
    clean,
    format_list,
    product_card,
    product_url,
    summarise_sizes,
)
from actions.product_questions import answer_question, feature_words, parse_question
from actions.product_reference import find_position, resolve_product, strip_position
from actions.product_words import mentioned_colours, mentioned_size
from knowledge.catalog.schema import CatalogProduct

URL = "https://shop.example.com/products/{id}"

BOOTS = CatalogProduct(
    id="FTW-1",
    title="Fjellmark Tind Waterproof Hiking Boots",
    brand="Fjellmark",
    category_path="Footwear > Hiking boots",
    price=Decimal("119.00"),
    currency="EUR",
    colours=("Black", "Navy Blue"),
    sizes=("40", "41", "42", "43", "44"),
    materials=("nubuck leather",),
    tags=("hiking", "waterproof", "boots"),
    stock={
        ("Black", "40"): 3,
        ("Black", "41"): 0,
        ("Black", "42"): 0,
        ("Black", "43"): 2,
        ("Black", "44"): 1,
        ("Navy Blue", "40"): 0,
        ("Navy Blue", "41"): 0,
        ("Navy Blue", "42"): 5,
        ("Navy Blue", "43"): 0,
        ("Navy Blue", "44"): 0,
    },
    rating=4.46,
    description=(
        "Fjellmark made the Tind hiking boots for rocky trails. A waterproof membrane and "
        "taped seams keep water out, even in heavy rain. A pair weighs about 900 g in size 42."
    ),
)
JACKET = CatalogProduct(
    id="APP-2",
    title="Bayside Spruce Rain Jacket",
    brand="Bayside",
    category_path="Apparel > Jackets & coats",
    price=Decimal("68.00"),
    currency="USD",
    colours=("Olive Green", "Forest Green", "Sand"),
    sizes=("XS", "S", "M", "L", "XL"),
    materials=("recycled polyester",),
    tags=("clothing", "rain"),
    stock={("Olive Green", "M"): 4, ("Forest Green", "M"): 0, ("Sand", "L"): 2},
    rating=None,
    description="It is water-resistant, so showers are no problem. A detachable hood.",
)
SOCKS = CatalogProduct(
    id="FTW-3",
    title="Trailhead Merino Hiking Socks",
    brand="Trailhead",
    category_path="Footwear > Socks & insoles",
    price=Decimal("18.50"),
    colours=("Grey",),
    sizes=("35-38", "39-42", "43-46"),
    materials=("merino wool",),
    stock={("Grey", "35-38"): 0, ("Grey", "39-42"): 0, ("Grey", "43-46"): 0},
    rating=3.9,
    description="Cushioned merino socks for long days on the trail.",
)
BOTTLE = CatalogProduct(
    id="OUT-4",
    title="Summit Ridge Steel Bottle",
    brand="Summit Ridge",
    category_path="Outdoor & camping > Camp kitchen & hydration",
    price=None,
    description="Keeps drinks cold for 24 hours.",
)
SHOWN = [BOOTS, JACKET, SOCKS]


# --- Positions -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("the second one", 2),
        ("tell me more about the first one", 1),
        ("number 3", 3),
        ("#2 please", 2),
        ("no. 4", 4),
        ("the 2nd", 2),
        ("the last one", -1),
        ("is the last one waterproof?", -1),
        ("2", 2),
        ("the 3", 3),
        ("is the 42 in stock?", None),
        ("does the battery last long?", None),
        ("give me a second", None),
        ("is it waterproof?", None),
        ("", None),
        (None, None),
    ],
)
def test_find_position(text: str | None, position: int | None) -> None:
    assert find_position(text) == position


def test_strip_position_keeps_the_rest() -> None:
    assert strip_position("Is number 2 in stock in size 43?") == "is in stock in size 43?"
    assert strip_position("2") == ""
    assert strip_position("the 3 please") == ""


# --- Which product -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "focused", "expected", "source"),
    [
        ("tell me more about the second one", None, "APP-2", "position"),
        ("the last one", "FTW-1", "FTW-3", "position"),
        ("tell me more about the blue one", None, "FTW-1", "name"),
        ("the sand one please", "FTW-1", "APP-2", "name"),
        ("the Fjellmark boots", None, "FTW-1", "name"),
        ("what about the Trailhead socks?", "FTW-1", "FTW-3", "name"),
        ("is it waterproof?", "APP-2", "APP-2", "focused"),  # "Waterproof" in a title: no
        ("is it in stock in black size 43?", "APP-2", "APP-2", "focused"),
        ("what sizes do the hiking ones come in?", "APP-2", "APP-2", "focused"),  # two of them
    ],
)
def test_resolve_product(text: str, focused: str | None, expected: str, source: str) -> None:
    reference = resolve_product(text, SHOWN, focused)
    assert (reference.product_id, reference.source) == (expected, source)


def test_position_beyond_the_list() -> None:
    reference = resolve_product("the fifth one", SHOWN, "FTW-1")
    assert reference.product_id is None
    assert reference.source == "out_of_range"
    assert reference.position == 5


def test_listed_but_not_named_nor_focused_is_ambiguous() -> None:
    assert resolve_product("is it in stock?", SHOWN, None).source == "ambiguous"
    assert resolve_product("is it in stock?", [JACKET], None).product_id == "APP-2"
    assert resolve_product("is it in stock?", [], None).source == "none"
    assert resolve_product("is it in stock?", [], "FTW-1").product_id == "FTW-1"


# --- Colours and sizes named -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "product", "said", "fits"),
    [
        ("is it in stock in black?", BOOTS, "Black", ("Black",)),
        ("the navy blue ones", BOOTS, "Navy Blue", ("Navy Blue",)),
        ("the blue one", BOOTS, "blue", ("Navy Blue",)),
        ("does it come in green?", JACKET, "green", ("Olive Green", "Forest Green")),
        ("do you have it in gray?", SOCKS, "gray", ("Grey",)),
        ("can I get it in red?", BOOTS, "red", ()),
        ("what sizes?", BOOTS, None, ()),
    ],
)
def test_mentioned_colours(
    text: str, product: CatalogProduct, said: str | None, fits: tuple[str, ...]
) -> None:
    assert mentioned_colours(text, product.colours) == (said, fits)


@pytest.mark.parametrize(
    ("text", "product", "said", "fits"),
    [
        ("is the 42 in stock?", BOOTS, "42", "42"),
        ("do you have it in size 43?", BOOTS, "43", "43"),
        ("in size 50?", BOOTS, "50", None),
        ("is it in stock in black size M?", JACKET, "M", "M"),
        ("do you have it in a medium", JACKET, "medium", "M"),
        ("is it available in XL", JACKET, "XL", "XL"),
        ("is the xs in stock", JACKET, "XS", "XS"),
        ("I wear a 40", SOCKS, "40", "39-42"),
        ("is it in stock?", JACKET, None, None),
        ("is it under 100 euros?", BOOTS, None, None),
        ("for ages 8 years", BOOTS, None, None),
    ],
)
def test_mentioned_size(
    text: str, product: CatalogProduct, said: str | None, fits: str | None
) -> None:
    assert mentioned_size(text, product.sizes) == (said, fits)


# --- What is asked ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the second one", "overview"),
        ("tell me more about the blue one", "overview"),
        ("the Fjellmark boots", "overview"),
        ("is it waterproof?", "feature"),
        ("what sizes?", "sizes"),
        ("is the 42 in stock?", "stock"),
        ("what colours does it come in?", "colours"),
        ("what is it made of?", "materials"),
        ("how much is it?", "price"),
        ("what's the rating?", "rating"),
        ("is it in stock in black size M?", "stock"),
        ("is it machine washable?", "feature"),
        ("does it come in blue?", "stock"),
        ("do you have it in 43?", "stock"),
        ("what sizes are left in black?", "sizes"),
        ("any reviews?", "rating"),
        ("is it sold out?", "stock"),
    ],
)
def test_parse_question_kind(text: str, kind: str) -> None:
    assert parse_question(text, BOOTS).kind == kind


def test_feature_words_leave_out_question_words_brand_and_variants() -> None:
    assert feature_words("is it machine washable?", BOOTS) == ("machine", "washable")
    assert feature_words("are the Fjellmark boots in black waterproof?", BOOTS) == (
        "boot",
        "waterproof",
    )


# --- Answers from the catalog only ------------------------------------------------------------
def answer(text: str, product: CatalogProduct = BOOTS) -> tuple[str, dict[str, object]]:
    result = answer_question(product, parse_question(text, product), "https://x.test/p", "en")
    return result.response, result.values


def test_waterproof_is_answered_with_the_catalog_sentence() -> None:
    response, values = answer("is it waterproof?")
    assert response == "utter_product_feature_described"
    assert "waterproof membrane" in str(values["evidence"])


def test_water_resistant_is_not_called_waterproof() -> None:
    response, values = answer("is it waterproof?", JACKET)
    assert response == "utter_product_feature_related"
    assert values["feature"] == "waterproof"
    assert "water-resistant" in str(values["evidence"])


@pytest.mark.parametrize(
    "text", ["is it machine washable?", "is it vegan?", "does it have a warranty card?"]
)
def test_what_the_catalog_does_not_say_is_not_known(text: str) -> None:
    response, values = answer(text)
    assert response == "utter_product_dont_know"
    assert values["url"] == "https://x.test/p"


def test_weight_comes_from_the_description_not_from_heavy_rain() -> None:
    response, values = answer("how heavy is it?")
    assert response == "utter_product_feature_described"
    assert "900 g" in str(values["evidence"])


def test_sizes_and_stock() -> None:
    response, values = answer("what sizes?")
    assert response == "utter_product_sizes"
    assert (values["sizes"], values["available"]) == ("40\u201344", "40, 42\u201344")
    assert answer("is the 42 in stock?")[0] == "utter_product_variant_in_stock"
    response, values = answer("is it in stock in black size 42?")
    assert response == "utter_product_variant_sold_out"
    assert values["variant"] == "Black, 42"
    assert values["alternatives"] == "40, 43, 44"
    assert answer("is the blue one in stock in 40?")[1]["alternatives"] == "42"
    assert answer("do you have it in size 50?")[0] == "utter_product_size_not_offered"
    assert answer("what sizes are in stock in navy blue?")[1]["available"] == "42"


def test_sold_out_everywhere() -> None:
    assert answer("is it in stock?", SOCKS)[0] == "utter_product_sold_out"
    assert answer("what sizes?", SOCKS)[0] == "utter_product_sold_out"
    response, values = answer("do you have it in 40?", SOCKS)
    assert (response, values["variant"]) == ("utter_product_variant_sold_out_everywhere", "39-42")


def test_colours() -> None:
    response, values = answer("what colours does it come in?", JACKET)
    assert response == "utter_product_colours"
    assert values["colours"] == "Olive Green, Forest Green, Sand"
    assert values["available"] == "Olive Green, Sand"
    assert answer("does it come in green?", JACKET)[0] == "utter_product_variant_in_stock"
    response, values = answer("can I get it in red?")
    assert response == "utter_product_colour_not_offered"
    assert (values["colour"], values["colours"]) == ("red", "Black, Navy Blue")
    assert answer("what colours?", BOTTLE)[0] == "utter_product_no_colour_options"


def test_price_rating_materials_and_overview() -> None:
    assert answer("how much is it?")[0] == "utter_product_price"
    assert answer("how much is it?")[1]["price"] == "\u20ac119.00"
    # 68.00 USD shown in the default storefront currency, euros (68 / 1.08), and marked.
    assert answer("how much is it?", JACKET)[1]["price"] == "\u2248\u00a0\u20ac62.96"
    assert answer("how much is it?", BOTTLE)[0] == "utter_product_dont_know"
    assert answer("what's the rating?")[1]["rating"] == "4.5"
    assert answer("what's the rating?", JACKET)[0] == "utter_product_no_rating"
    assert answer("what is it made of?")[1]["materials"] == "nubuck leather"
    assert answer("what is it made of?", BOTTLE)[0] == "utter_product_dont_know"
    response, values = answer("the first one")
    assert response == "utter_product_overview"
    assert str(values["description"]).startswith("Fjellmark made the Tind")


def test_rating_in_the_shoppers_locale() -> None:
    question = parse_question("what's the rating?", BOOTS)
    assert answer_question(BOOTS, question, None, "de").values["rating"] == "4,5"


# --- Formatting ------------------------------------------------------------------------------
def test_summarise_sizes_runs_and_gaps() -> None:
    sizes = ("36", "37", "38", "39", "40", "41")
    assert summarise_sizes(sizes, sizes) == "36\u201341"
    assert summarise_sizes(sizes, ("36", "37", "39", "40", "41")) == "36, 37, 39\u201341"
    assert summarise_sizes(("S", "M", "L", "XL"), ("S", "M", "L")) == "S\u2013L"
    assert summarise_sizes((), ()) == ""


def test_list_lines_numbering_stock_and_links() -> None:
    text = format_list([BOOTS, SOCKS], URL, "en", start=6)
    lines = text.splitlines()
    assert lines[0] == "6. Fjellmark Tind Waterproof Hiking Boots \u00b7 \u20ac119.00"
    assert lines[1] == "   Black, Navy Blue \u00b7 40, 42\u201344"
    assert lines[2] == "   https://shop.example.com/products/FTW-1"
    assert lines[3].startswith("7. Trailhead Merino Hiking Socks") and SOLD_OUT_MARK in lines[3]


def test_card_has_every_field() -> None:
    card = product_card(BOOTS, URL, "en")
    assert set(card) == {
        "id", "title", "price", "currency", "price_converted", "price_text", "image_url", "url",
        "colours", "sizes", "in_stock",
    }  # fmt: skip
    assert card["price"] == 119.0 and card["price_text"] == "\u20ac119.00"
    assert card["currency"] == "EUR" and card["price_converted"] is False
    assert card["in_stock"] is True
    assert product_card(SOCKS, URL)["in_stock"] is False


def test_links_are_http_only_and_ids_are_quoted() -> None:
    assert product_url(URL, "A B/1") == "https://shop.example.com/products/A%20B%2F1"
    assert product_url("javascript:alert({id})", "X") is None
    assert product_url("https://shop.example.com/{product}", "X") is None


def test_clean_neutralises_markup_and_control_characters() -> None:
    assert clean("<b>Boots</b>\x00\n[click](https://evil.example)") == (
        "\u2039b\u203aBoots\u2039/b\u203a (click)(https://evil.example)"
    )
    assert len(clean("x" * 1000, 50)) == 50
