"""Search in other languages over the English demo catalog: glossary, category filter,
the relevance bar of translated queries (real catalog, real e5 encoder from the cache)."""

from __future__ import annotations

import pytest

from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.embedding_cache import DEFAULT_CACHE_DIR
from knowledge.search import ProductSearch
from knowledge.search.engine import _signal_texts
from knowledge.search.options import SearchOptions
from knowledge.search.relevance import Calibration, calibration_for


@pytest.fixture(scope="module")
def catalog() -> list[CatalogProduct]:
    return generate_catalog()


@pytest.fixture(scope="module")
def engine(catalog: list[CatalogProduct]) -> ProductSearch:
    return ProductSearch.from_products(catalog, encoder="e5", cache_dir=DEFAULT_CACHE_DIR)


def test_spanish_category_word_sets_the_filter_and_finds_the_products(
    engine: ProductSearch,
) -> None:
    result = engine.search("botas de montaña impermeables", language="es", k=5)
    assert result.query.filters.categories == ("Hiking boots",)
    assert result.query.glosses == ("hiking boots", "waterproof")
    assert result.no_match is None
    assert len(result.hits) == 5
    for hit in result.hits:
        assert hit.product.leaf_category == "Hiking boots"
    assert "waterproof" in result.hits[0].product.text_for_embedding().casefold()


def test_spanish_filters_combine_with_the_glossary(engine: ProductSearch) -> None:
    result = engine.search("mochila negra por menos de 80 euros", language="es", k=10)
    filters = result.query.filters
    assert filters.categories == ("Backpacks",)
    assert "Black" in filters.colours
    assert result.hits
    for hit in result.hits:
        assert hit.product.leaf_category == "Backpacks"
        assert filters.matches(hit.product)


def test_a_category_word_that_describes_another_product_sets_no_filter(
    engine: ProductSearch,
) -> None:
    assert engine.parser.parse("funda de mochila", "es", glossary=True).filters.categories == ()
    assert engine.parser.parse("Rucksackregenhülle", "de", glossary=True).filters.categories == ()
    assert engine.parser.parse("登山鞋", "zh", glossary=True).filters.categories == (
        "Hiking boots",
    )


def test_english_is_unchanged(engine: ProductSearch) -> None:
    assert engine.parser.parse("botas de montaña", "es").glosses == ()  # opt-in
    query = engine.parser.parse("botas de montaña", "en", glossary=True)
    assert query.glosses == ()
    assert query.filters.categories == ()
    calibration = calibration_for("e5")
    assert calibration.minimum() == calibration.min_semantic
    assert calibration.minimum(translated=False) == calibration.min_semantic


def test_translated_queries_have_their_own_bar() -> None:
    calibration = Calibration(floor=0.1, ceiling=0.8, min_semantic=0.4)
    assert calibration.minimum(translated=True) == 0.4  # None: same as English
    lowered = Calibration(floor=0.1, ceiling=0.8, min_semantic=0.4, min_semantic_translated=0.2)
    assert lowered.minimum(translated=True) == 0.2
    assert lowered.minimum() == 0.4


def test_glossary_categories_as_a_feature_set_no_filter(engine: ProductSearch) -> None:
    query = engine.parser.parse("botas de montaña", "es", glossary=True, gloss_filters=False)
    assert query.filters.categories == ()
    assert query.gloss_categories == ("Hiking boots",)
    as_filter = engine.parser.parse("botas de montaña", "es", glossary=True)
    assert as_filter.filters.categories == as_filter.gloss_categories == ("Hiking boots",)


def test_boosted_glossary_categories_rank_their_products_first(
    engine: ProductSearch, catalog: list[CatalogProduct]
) -> None:
    options = SearchOptions(gloss_filters=False, gloss_boost=0.15)
    search = ProductSearch(catalog, engine.index, parser=engine.parser, options=options)
    result = search.search("botas de montaña impermeables", language="es", k=5)
    assert result.query.filters.categories == ()
    assert [hit.product.leaf_category for hit in result.hits] == ["Hiking boots"] * 5


def test_a_language_bar_applies_only_when_the_options_ask_for_it() -> None:
    calibration = Calibration(
        floor=0.1, ceiling=0.8, min_semantic=0.4, min_semantic_translated=0.25,
        by_language=(("de", 0.3), ("en", 0.45)),
    )  # fmt: skip
    assert calibration.minimum(translated=True, language="de") == 0.3
    assert calibration.minimum(language="en") == 0.45
    assert calibration.minimum(translated=True, language="it") == 0.25  # not listed
    assert calibration.minimum(translated=True) == 0.25


def test_decompounded_text_reaches_the_encoder_and_bm25(engine: ProductSearch) -> None:
    query = engine.parser.parse("Kaschmirschal", "de", glossary=True)
    encoded, words = _signal_texts(query, decompound=True)
    assert encoded.startswith("Kaschmir schal") and words.startswith("Kaschmir schal")
    assert _signal_texts(query)[0].startswith("Kaschmirschal")
