"""Query understanding: filters and semantic text read from shopper messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.catalog import CatalogProduct, generate_catalog
from knowledge.query import ParsedQuery, PriceRange, ProductFilters, QueryParser
from knowledge.query.parser import MAX_CHARS, load_pipeline


def product(id: str, category: str, **fields: object) -> CatalogProduct:
    return CatalogProduct(id=id, title=id, category_path=category, **fields)  # type: ignore[arg-type]


CATALOG = [
    product(
        "HIKE", "Footwear > Hiking boots", brand="Trailhead", price=Decimal("114.99"),
        colours=("Brown", "Black"), sizes=("42", "43", "44"),
        stock={("Brown", "42"): 3, ("Brown", "43"): 0, ("Black", "42"): 1, ("Black", "43"): 2},
    ),
    product(
        "CHELSEA", "Footwear > Boots", brand="Cobblestone Co.", price=Decimal("89"),
        currency="GBP", colours=("Dark Brown", "Black"), sizes=("41", "42", "43", "44", "45"),
    ),
    product(
        "RUN", "Footwear > Running shoes", brand="Stride Theory", price=Decimal("95"),
        currency="USD", colours=("Navy Blue", "Light Grey"), sizes=("40", "41", "42"),
        stock={("Navy Blue", "42"): 4, ("Light Grey", "42"): 0},
    ),
    product(
        "DRESS", "Apparel > Dresses & skirts", brand="Mistral Studio", price=Decimal("59.90"),
        colours=("Red", "Burgundy Red", "Cream"), sizes=("XS", "S", "M", "L", "XL"),
    ),
    product(
        "JACKET", "Apparel > Jackets & coats", brand="Hearth & Oak", price=Decimal("149"),
        currency="GBP", colours=("Olive Green", "Navy Blue", "Blue"), sizes=("S", "M", "L/XL"),
    ),
    product(
        "KIDS", "Apparel > Kids' clothing", brand="Hopscotch & Co.", price=Decimal("39"),
        colours=("Yellow",), sizes=("4-5Y", "6-7Y"),
    ),
    product(
        "BAG", "Bags & luggage > Handbags & totes", brand="Carryall Works", price=Decimal("79"),
        colours=("Black", "Cognac Brown"), sizes=("One size",), materials=("full-grain leather",),
    ),
    product(
        "PACK", "Outdoor & camping > Hiking backpacks", brand="Summit Ridge", price=Decimal("120"),
        colours=("Forest Green", "Black"),
    ),
    product(
        "BOTTLE", "Outdoor & camping > Camp kitchen & hydration", brand="Trailcraft",
        price=Decimal("29.95"), colours=("Sage Green", "Sand", "Off-White"),
        sizes=("500 ml", "750 ml"),
    ),
    product(
        "KIT", "Toys & games > Science & STEM", brand="Brightblock", price=Decimal("24"),
        currency="USD", colours=("Multicolour",), stock={(None, None): 12},
    ),
    product(
        "FOUNDATION", "Beauty & personal care > Make-up", brand="Glow Theory",
        price=Decimal("24.95"), colours=("Light", "Medium", "Deep"), sizes=("30 ml",),
    ),
    product(
        "RING", "Watches & jewellery > Rings", brand="Lune Atelier", price=Decimal("65"),
        colours=("Gold", "Rose Gold", "Silver"), sizes=("50", "52", "54"),
        materials=("925 sterling silver",),
    ),
    product(
        "DUVET", "Home & kitchen > Bedding & bath", brand="Greystone Home", price=Decimal("89"),
        colours=("White", "Cream"), sizes=("Single", "Double", "King"),
    ),
    product("MYSTERY", "Toys & games", brand="Puzzlewick"),
]  # fmt: skip

RED = ("Red", "Burgundy Red")
BLUE = ("Blue", "Navy Blue")


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(CATALOG)


def price(low: str | None, high: str | None, currency: str | None = None) -> PriceRange:
    return PriceRange(
        None if low is None else Decimal(low), None if high is None else Decimal(high), currency
    )


def F(**fields: object) -> ProductFilters:  # noqa: N802 - reads like a constructor
    return ProductFilters(**fields)  # type: ignore[arg-type]


# message, expected filters, expected semantic text
ENGLISH = [
    ("waterproof hiking boots under 120 in size 43",
     F(price=price(None, "120"), sizes=("43",), categories=("Hiking boots",)),
     "waterproof hiking boots"),
    ("black leather bag between 50 and 100 euros",
     F(price=price("50", "100", "EUR"), colours=("Black",)), "black leather bag"),
    ("running shoes size 42 in stock",
     F(sizes=("42",), categories=("Running shoes",), in_stock=True), "running shoes"),
    ("Trailhead boots over £80",
     F(price=price("80", None, "GBP"), brands=("Trailhead",), categories=("Boots",)),
     "Trailhead boots"),
    ("a red dress in M", F(colours=RED, sizes=("M",)), "a red dress"),
    ("cheap kids toys below 20", F(price=price(None, "20")), "cheap kids toys"),
    ("below €30", F(price=price(None, "30", "EUR")), ""),
    ("hiking backpack for less than 50 dollars",
     F(price=price(None, "50", "USD"), categories=("Hiking backpacks",)), "hiking backpack"),
    ("sneakers cheaper than 80", F(price=price(None, "80")), "sneakers"),
    ("jacket max 60", F(price=price(None, "60")), "jacket"),
    ("rain jacket up to 75 EUR", F(price=price(None, "75", "EUR")), "rain jacket"),
    ("watches over 200", F(price=price("200", None)), "watches"),
    ("a gift for more than £80", F(price=price("80", None, "GBP")), "a gift"),
    ("a duvet at least 40", F(price=price("40", None)), "a duvet"),
    ("boots from 50", F(price=price("50", None), categories=("Boots",)), "boots"),
    ("sandals 50-100 euros", F(price=price("50", "100", "EUR")), "sandals"),
    ("a tent 50 to 100", F(price=price("50", "100")), "a tent"),
    ("a ring around 100", F(price=price("80", "120"), categories=("Rings",)), "a ring"),
    ("€99 boots", F(price=price("79.20", "118.80", "EUR"), categories=("Boots",)), "boots"),
    ("a jacket for $45.50", F(price=price("36.40", "54.60", "USD")), "a jacket"),
    ("a watch under 1,200", F(price=price(None, "1200")), "a watch"),
    ("leather boots under 80 quid",
     F(price=price(None, "80", "GBP"), categories=("Boots",)), "leather boots"),
    ("headphones under 100 bucks", F(price=price(None, "100", "USD")), "headphones"),
    ("boots £100-£150", F(price=price("100", "150", "GBP"), categories=("Boots",)), "boots"),
    ("over 50 and under 100", F(price=price("50", "100")), ""),
    ("running shoes 100 or less",
     F(price=price(None, "100"), categories=("Running shoes",)), "running shoes"),
    ("my budget is 60 dollars", F(price=price(None, "60", "USD")), ""),
    ("trail running shoes, nothing over 150",
     F(price=price(None, "150"), categories=("Running shoes",)), "trail running shoes"),
    ("a watch under 2k", F(price=price(None, "2000")), "a watch"),
    ("a tent under 300 for 4 people", F(price=price(None, "300")), "a tent for 4 people"),
    ("2 pairs of socks under 15", F(price=price(None, "15")), "2 pairs of socks"),
    ("64 GB memory card under 30", F(price=price(None, "30")), "64 GB memory card"),
    ("cheap boots", F(categories=("Boots",)), "cheap boots"),
    ("budget headphones", F(), "budget headphones"),
    ("boots in size 44", F(sizes=("44",), categories=("Boots",)), "boots"),
    ("boots EU 43", F(sizes=("43",), categories=("Boots",)), "boots"),
    ("boots in a 42", F(sizes=("42",), categories=("Boots",)), "boots"),
    ("size 42 or 43 hiking boots", F(sizes=("42", "43"), categories=("Hiking boots",)),
     "hiking boots"),
    ("jacket size XL", F(sizes=("XL",)), "jacket"),
    ("jacket in L/XL", F(sizes=("L/XL",)), "jacket"),
    ("hoodie size 10", F(), "hoodie size 10"),  # no size 10 in this catalog
    ("I'm looking for a jacket", F(), "a jacket"),
    ("jacket S", F(), "jacket S"),
    ("kids' clothing in 6-7Y", F(sizes=("6-7Y",), categories=("Kids' clothing",)),
     "kids' clothing"),
    ("500ml water bottle", F(sizes=("500 ml",)), "500ml water bottle"),
    ("king size duvet", F(sizes=("King",)), "duvet"),
    ("navy blue running shoes", F(colours=("Navy Blue",), categories=("Running shoes",)),
     "navy blue running shoes"),
    ("blue jacket", F(colours=BLUE), "blue jacket"),
    ("navy jacket", F(colours=("Navy Blue",)), "navy jacket"),
    ("dark brown boots", F(colours=("Dark Brown",), categories=("Boots",)), "dark brown boots"),
    ("brown boots", F(colours=("Brown", "Cognac Brown", "Dark Brown"), categories=("Boots",)),
     "brown boots"),
    ("gray running shoes", F(colours=("Light Grey",), categories=("Running shoes",)),
     "gray running shoes"),
    ("off white bottle", F(colours=("Off-White",)), "off white bottle"),
    ("gold ring", F(colours=("Gold", "Rose Gold"), categories=("Rings",)), "gold ring"),
    ("sterling silver ring size 52", F(sizes=("52",), categories=("Rings",)),
     "sterling silver ring"),
    ("foundation in medium", F(colours=("Medium",)), "foundation in medium"),
    ("a light jacket", F(), "a light jacket"),
    ("face cream", F(), "face cream"),
    ("duvet in cream colour", F(colours=("Cream",)), "duvet in cream colour"),
    ("Hearth and Oak jacket", F(brands=("Hearth & Oak",)), "Hearth and Oak jacket"),
    ("cobblestone co boots", F(brands=("Cobblestone Co.",), categories=("Boots",)),
     "cobblestone co boots"),
    ("Hopscotch & Co. rain jacket", F(brands=("Hopscotch & Co.",)),
     "Hopscotch & Co. rain jacket"),
    ("footwear in stock", F(categories=("Footwear",), in_stock=True), "footwear"),
    ("hiking boots available now", F(categories=("Hiking boots",), in_stock=True),
     "hiking boots"),
    ("a dress that ships today", F(in_stock=True), "a dress"),
    ("make-up under 20", F(price=price(None, "20"), categories=("Make-up",)), "make-up"),
    ("makeup under 20", F(price=price(None, "20"), categories=("Make-up",)), "makeup"),
    ("home and kitchen", F(categories=("Home & kitchen",)), "home and kitchen"),
    ("Hi! Do you have red or black dresses in size M, under 90 euros?",
     F(price=price(None, "90", "EUR"), colours=(*RED, "Black"), sizes=("M",)),
     "red or black dresses"),
    ("please show me boots under 100 in black and in stock",
     F(price=price(None, "100"), colours=("Black",), categories=("Boots",), in_stock=True),
     "boots in black"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "filters", "semantic"), ENGLISH, ids=[c[0] for c in ENGLISH])
def test_english_messages(
    parser: QueryParser, text: str, filters: ProductFilters, semantic: str
) -> None:
    parsed = parser.parse(text)
    assert parsed == ParsedQuery(text, semantic, filters, "en")


@pytest.mark.parametrize(
    "text",
    [
        "size 43 boots",
        "boots in 42",
        "boots EU 43",
        "a gift for a 10-year-old",
        "toys for 8 years",
        "a science kit for ages 8 to 12",
        "science kit 8-12 years",
        "30L backpack",
        "a 2 litres bottle",
        "64 GB phone case",
        "10000 mAh power bank",
        "10,000mAh power bank",
        "2 pairs of socks",
        "up to 8 players board game",
        "a bag with more than 3 pockets",
        "a 10 pound dumbbell",
        "order 100234",
        "boots 120",
        "1,200",
    ],
)
def test_numbers_that_are_not_prices(parser: QueryParser, text: str) -> None:
    assert parser.parse(text).filters.price is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "\x00\x07 boots",
        "😀🔥👟",
        "👩\u200d👩\u200d👧",
        "x" * 10_000,
        "under 50 " * 2_000,
        "ботинки 43 размер",
        "حذاء أسود",
        "日本語のテキスト 100円以下",
        "$$$ €€€ £",
        "between and",
        "99999999999999999999 euros",
        "under -50",
        "not red boots, not under 50",
        "1.2.3 4,5,6",
    ],
)
@pytest.mark.parametrize("language", ["en", "de", "zh", "ja", "xx", "klingon", "", "EN-gb"])
def test_never_raises(parser: QueryParser, text: str, language: str) -> None:
    parsed = parser.parse(text, language)
    assert parsed.text == text
    assert len(parsed.semantic_text) <= MAX_CHARS


@pytest.mark.parametrize(
    "text", ["", "😀🔥👟", "ботинки", "حذاء أسود", "x" * 10_000, "I'm", "m", "S"]
)
def test_text_without_filters_comes_back_as_is(parser: QueryParser, text: str) -> None:
    parsed = parser.parse(text)
    assert parsed.filters.is_empty()
    assert parsed.semantic_text == " ".join(text[:MAX_CHARS].split())


def test_language_codes_are_normalised(parser: QueryParser) -> None:
    assert parser.parse("boots", "EN-gb").language == "en"
    assert parser.parse("boots", "de_AT").language == "de"
    assert parser.parse("boots", "not a language!").language == "xx"


# message, language, expected filters, expected semantic text
OTHER_LANGUAGES = [
    ("schwarze Wanderschuhe unter 100 Euro in Größe 43", "de",
     F(price=price(None, "100", "EUR"), colours=("Black",), sizes=("43",)),
     "schwarze Wanderschuhe"),
    ("Rucksack zwischen 50 und 100 € auf Lager", "de",
     F(price=price("50", "100", "EUR"), in_stock=True), "Rucksack"),
    ("rote Jacke bis 80€", "de", F(price=price(None, "80", "EUR"), colours=RED), "rote Jacke"),
    ("botas negras de menos de 100 euros talla 42", "es",
     F(price=price(None, "100", "EUR"), colours=("Black",), sizes=("42",)), "botas negras"),
    ("vestido rojo entre 30 y 60 euros en M", "es",
     F(price=price("30", "60", "EUR"), colours=RED, sizes=("M",)), "vestido rojo"),
    ("chaussures bleues moins de 80 €", "fr",
     F(price=price(None, "80", "EUR"), colours=BLUE), "chaussures bleues"),
    ("sac entre 50 et 100 euros en stock", "fr",
     F(price=price("50", "100", "EUR"), in_stock=True), "sac"),
    ("scarpe nere sotto i 100 euro", "it",
     F(price=price(None, "100", "EUR"), colours=("Black",)), "scarpe nere"),
    ("zaino meno di 50€ taglia M", "it", F(price=price(None, "50", "EUR"), sizes=("M",)),
     "zaino"),
    ("botas pretas até 100 euros", "pt",
     F(price=price(None, "100", "EUR"), colours=("Black",)), "botas pretas"),
    ("mochila menos de 50 euros tamanho 42", "pt",
     F(price=price(None, "50", "EUR"), sizes=("42",)), "mochila"),
    ("rugzak minder dan 50 euro maat 42 op voorraad", "nl",
     F(price=price(None, "50", "EUR"), sizes=("42",), in_stock=True), "rugzak"),
    ("zwarte schoenen onder 100 euro", "nl",
     F(price=price(None, "100", "EUR"), colours=("Black",)), "zwarte schoenen"),
    ("100元以下的黑色靴子", "zh", F(price=price(None, "100"), colours=("Black",)), "黑色靴子"),
    ("低于50欧元的红色背包", "zh", F(price=price(None, "50", "EUR"), colours=RED), "红色背包"),
    ("100到200元之间的鞋子 有货", "zh", F(price=price("100", "200"), in_stock=True), "鞋子"),
    ("43码的靴子", "zh", F(sizes=("43",)), "靴子"),
    ("Trailhead ботинки до 100 € размер 43", "ru",
     F(price=price("80", "120", "EUR"), brands=("Trailhead",)), "Trailhead ботинки до размер 43"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "filters", "semantic"),
    OTHER_LANGUAGES,
    ids=[c[0] for c in OTHER_LANGUAGES],
)
def test_other_languages(
    parser: QueryParser, text: str, language: str, filters: ProductFilters, semantic: str
) -> None:
    assert parser.parse(text, language) == ParsedQuery(text, semantic, filters, language)


def test_filters_select_the_right_products(parser: QueryParser) -> None:
    def ids(text: str) -> list[str]:
        filters = parser.parse(text).filters
        return [p.id for p in CATALOG if filters.matches(p)]

    assert ids("hiking boots in size 43 under 120") == ["HIKE"]  # Black 43 has units
    assert ids("brown hiking boots in size 43") == []  # Brown 43 is sold out
    assert ids("navy blue running shoes size 42 in stock") == ["RUN"]
    assert ids("grey running shoes size 42") == []  # Light Grey 42: no units
    # 89 GBP is 103.49 EUR, 95 USD is 87.96 EUR.
    assert ids("anything over 100 euros") == ["HIKE", "CHELSEA", "JACKET", "PACK"]
    assert ids("anything over 100") == ["HIKE", "JACKET", "PACK"]  # the displayed numbers
    assert ids("anything under 30") == ["BOTTLE", "KIT", "FOUNDATION"]


@pytest.fixture(scope="module")
def demo_catalog() -> list[CatalogProduct]:
    return generate_catalog(300)


@pytest.fixture(scope="module")
def demo_parser(demo_catalog: list[CatalogProduct]) -> QueryParser:
    return QueryParser(demo_catalog)


def test_demo_catalog_vocabulary(
    demo_parser: QueryParser, demo_catalog: list[CatalogProduct]
) -> None:
    parsed = demo_parser.parse("waterproof hiking boots under 120 in size 43")
    assert parsed.filters.categories == ("Hiking boots",)
    assert parsed.filters.sizes == ("43",)
    matches = [p for p in demo_catalog if parsed.filters.matches(p)]
    assert matches and all(p.leaf_category == "Hiking boots" for p in matches)
    assert all(p.price is not None and p.price <= 120 and p.in_stock(size="43") for p in matches)
    for brand in {p.brand for p in demo_catalog}:
        assert demo_parser.parse(f"{brand} bestsellers").filters.brands == (brand,)
    for category in {p.leaf_category for p in demo_catalog} | {
        p.top_category for p in demo_catalog
    }:
        assert category in demo_parser.parse(category.lower()).filters.categories


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("backpack rain cover", ()),  # a cover, described by what it fits
        ("watch cleaning cloth", ()),
        ("swimming pool towel", ()),
        ("suitcase lock", ()),
        ("a towel for swimming", ()),  # what it is for
        ("a plush toy for the suitcases", ()),
        ("something for swimming", ("Swimming",)),  # no other product named
        ("running watch", ("Watches",)),  # the head noun is the category
        ("backpack red", ("Backpacks",)),  # a colour after the noun describes it
        ("hiking boots size 43", ("Hiking boots",)),
        ("hiking boots men", ("Hiking boots",)),
        ("backpack with laptop sleeve", ("Backpacks",)),
    ],
)
def test_category_word_used_as_a_modifier_is_not_a_filter(
    demo_parser: QueryParser, text: str, categories: tuple[str, ...]
) -> None:
    assert demo_parser.parse(text).filters.categories == categories


def test_demo_catalog_colours_and_sizes(demo_parser: QueryParser) -> None:
    blue = demo_parser.parse("a blue jacket in size XL").filters
    assert "Navy Blue" in blue.colours and all("Blue" in colour for colour in blue.colours)
    assert blue.sizes == ("XL",)
    assert demo_parser.parse("a navy blue jacket").filters.colours == ("Navy Blue",)


EVERYDAY_MESSAGES = [text for text, _filters, _semantic in ENGLISH] + [
    "do you have waterproof hiking boots in size 44?",
    "a present for my niece who is 7, under 25 euros",
    "Looking for a black backpack for school, not too expensive, max 40",
    "wireless earbuds with long battery life",
    "a cast iron pan for under 60 please",
    "need a warm winter jacket in navy, size L",
    "organic cotton bedding in white, king size",
    "what's your cheapest yoga mat",
    "show me running shoes between 80 and 120 dollars in size 42",
    "a silver necklace for my wife around 150",
    "I need new trail running shoes, size 45, nothing over 150",
    "merino wool socks 3 pack",
    "a lightweight tent for two under 250 pounds",
    "bluetooth speaker that is waterproof",
    "a gift for a coffee lover under 30",
    "do you have the Cobblestone Co. boots in dark brown?",
    "a kids' rain jacket in 4-5Y, yellow if possible",
    "stainless steel water bottle 750 ml",
    "what do you have in red for under 40",
    "hair care products for curly hair",
    "a leather wallet between £20 and £40",
    "noise cancelling headphones over 150 euros in black",
    "a duvet cover for a double bed",
    "scented candles about 20 each",
    "suitcase for a weekend trip, carry-on size",
    "red lipstick that is available now",
    "something for a 12 year old who loves science, max 35",
    "gold earrings under 80 and in stock",
    "a warm jacket for hiking in winter, from 100 to 200",
    "Hiking socks size 39-42",
]


def test_a_parse_tokenises_the_message_once_and_at_most_max_chars(
    parser: QueryParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work per message is bounded, counted rather than timed: one spaCy document, of
    the message's first MAX_CHARS characters, and no matcher built again from the catalog's
    vocabulary (that would make documents of its phrases). How long a parse takes:
    bench/unit_speed.py."""
    nlp = load_pipeline("en")
    make_doc = nlp.make_doc
    documents: list[str] = []

    def recording_make_doc(text: str) -> object:
        documents.append(text)
        return make_doc(text)

    monkeypatch.setattr(nlp, "make_doc", recording_make_doc)
    for text in [*EVERYDAY_MESSAGES, "boots under 50 " * 2_000, "x" * 100_000]:
        documents.clear()
        parser.parse(text)
        assert documents == [text[:MAX_CHARS]], (text[:40], len(documents))
