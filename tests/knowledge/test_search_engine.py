"""The product search engine on the demo catalog with the shipped encoder (multilingual e5)
and FAISS.

Vectors come from the project's embedding cache (``make test`` fills it before the suite:
scripts/index.sh encodes the demo catalog with e5; without it the first run encodes the 2,400
products once, which takes minutes).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import CatalogError
from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.embedding_cache import DEFAULT_CACHE_DIR
from knowledge.query import PriceRange, ProductFilters
from knowledge.search import ProductSearch


@pytest.fixture(scope="module")
def catalog() -> list[CatalogProduct]:
    return generate_catalog()


@pytest.fixture(scope="module")
def engine(catalog: list[CatalogProduct]) -> ProductSearch:
    return ProductSearch.from_products(catalog, encoder="e5", cache_dir=DEFAULT_CACHE_DIR)


def test_natural_request_finds_matching_products_first(engine: ProductSearch) -> None:
    result = engine.search("waterproof hiking boots", k=5)
    assert result.no_match is None
    assert len(result.hits) == 5
    for hit in result.hits[:3]:
        assert hit.product.leaf_category in ("Hiking boots", "Hiking shoes")
        assert "waterproof" in hit.product.text_for_embedding().casefold()
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_price_and_size_filters_hold_for_every_hit(engine: ProductSearch) -> None:
    result = engine.search("hiking boots under 150 in size 43", k=10)
    assert result.hits
    for hit in result.hits:
        product = hit.product
        shown = engine.storefront.product_price(product)  # euros, as the shopper sees it
        assert shown is not None and shown.currency == "EUR" and shown.amount <= Decimal(150)
        assert product.in_stock(size="43")
    assert result.query.filters.matches(result.hits[0].product)


def test_colour_filter_and_ranking_by_words(engine: ProductSearch) -> None:
    result = engine.search("black backpack", k=5)
    assert result.hits
    for hit in result.hits:
        assert any(c.casefold() == "black" for c in hit.product.available_colours())


def test_impossible_filters_say_which_to_drop(engine: ProductSearch) -> None:
    result = engine.search("hiking boots under 5 euros", k=5)
    assert result.hits == ()
    assert result.no_match == "filters"
    assert "price" in result.broaden


def test_unrelated_request_shows_nothing_rather_than_anything(engine: ProductSearch) -> None:
    for text in ("a petrol lawn mower", "concert tickets", "life insurance quote"):
        result = engine.search(text, k=5)
        assert result.hits == (), (text, [h.product.title for h in result.hits])
        assert result.no_match == "relevance"


def test_price_in_a_currency_without_rate_matches_nothing(engine: ProductSearch) -> None:
    filters = ProductFilters(price=PriceRange(maximum=Decimal(50), currency="XAU"))
    rows = engine.facets.rows(filters)
    assert rows is not None and len(rows) == 0


def test_filters_without_words_list_by_rating(engine: ProductSearch) -> None:
    result = engine.search("anything under 10 euros", k=5)
    assert result.hits
    ratings = [hit.product.rating or 0 for hit in result.hits]
    assert ratings == sorted(ratings, reverse=True)
    shown = [engine.storefront.product_price(hit.product) for hit in result.hits]
    assert all(price is not None and price.amount <= 10 for price in shown)


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂👍", "?!"])
def test_nothing_to_search(engine: ProductSearch, text: str) -> None:
    result = engine.search(text)
    assert result.hits == ()
    assert result.no_match == "empty"


def test_very_long_message_is_cut_not_refused(engine: ProductSearch) -> None:
    result = engine.search("merino wool socks " * 600)
    assert result.hits
    assert "sock" in result.hits[0].product.title.casefold()


@pytest.mark.parametrize("mode", ["semantic", "lexical"])
def test_single_signal_modes(
    catalog: list[CatalogProduct], engine: ProductSearch, mode: str
) -> None:
    single = ProductSearch(catalog, engine.index, mode=mode)  # type: ignore[arg-type]
    result = single.search("insulated water bottle", k=5)
    assert result.hits
    assert all("bottle" in h.product.title.casefold() for h in result.hits[:3])


def test_unknown_mode_is_refused(catalog: list[CatalogProduct], engine: ProductSearch) -> None:
    with pytest.raises(CatalogError):
        ProductSearch(catalog, engine.index, mode="fuzzy")  # type: ignore[arg-type]


def test_similar_items_exclude_the_product(engine: ProductSearch) -> None:
    boots = engine.search("waterproof hiking boots", k=1).hits[0].product
    similar = engine.similar(boots.id, k=5)
    assert len(similar) == 5
    assert boots.id not in [hit.product.id for hit in similar]
    assert similar[0].product.top_category == boots.top_category


def test_history_suggestions_leave_out_what_was_bought(engine: ProductSearch) -> None:
    bought = [hit.product.id for hit in engine.search("yoga mat", k=2).hits]
    suggested = engine.for_history(bought, k=5)
    assert suggested
    assert not set(bought) & {hit.product.id for hit in suggested}
    assert engine.for_history(["no-such-product"]) == []


def test_index_folder_is_reused(catalog: list[CatalogProduct], tmp_path: Path) -> None:
    subset = catalog[:40]
    first = ProductSearch.from_products(
        subset, encoder="minilm", cache_dir=DEFAULT_CACHE_DIR, index_dir=tmp_path
    )
    second = ProductSearch.from_products(
        subset, encoder="minilm", cache_dir=DEFAULT_CACHE_DIR, index_dir=tmp_path
    )
    assert second.index.built_at == first.index.built_at
    assert second.search(subset[0].title, k=1).ids == [subset[0].id]


def test_json_form(engine: ProductSearch) -> None:
    data = engine.search("stainless steel water bottle", k=3).to_json()
    assert len(data["results"]) == 3
    assert set(data["results"][0]) == {"id", "title", "category", "price", "currency", "score"}


@pytest.mark.parametrize(
    ("text", "language"),
    [("hoodie", "en"), ("moletom com capuz", "pt"), ("sudadera con capucha", "es")],
)
def test_children_s_clothing_comes_after_adults_unless_asked_for(
    engine: ProductSearch, text: str, language: str
) -> None:
    """The shipped audience gate: an adult's request shows adults' hoodies first (children's
    may follow, lower: the gate takes 0.1 from their score); the same request for children
    shows children's clothing first."""
    leaves = [hit.product.leaf_category for hit in engine.search(text, language=language).hits]
    assert len(leaves) >= 5
    assert "Kids' clothing" not in leaves[:5], leaves
    for_kids = [hit.product.leaf_category for hit in engine.search("hoodie for kids").hits]
    assert for_kids[:5] == ["Kids' clothing"] * 5, for_kids
