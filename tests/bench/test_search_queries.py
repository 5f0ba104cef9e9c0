"""The labelled search queries: criteria semantics, build checks, and an up-to-date TSV."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bench.search_queries.build import (
    TSV_PATH,
    LabelledRow,
    QuerySpec,
    build_rows,
    check_composition,
    load_specs,
    main,
    render_tsv,
)
from bench.search_queries.criteria import CriteriaError, compile_criteria, select_ids
from knowledge.catalog import CatalogProduct, generate_catalog


def product(**fields: Any) -> CatalogProduct:
    """A small product with defaults for the fields a test does not care about."""
    values: dict[str, Any] = {
        "id": "P-1",
        "title": "Trailhead Waterproof Hiking Boots",
        "description": "Boots for rocky trails.",
        "brand": "Trailhead",
        "category_path": "Footwear > Hiking boots",
        "price": Decimal("100.00"),
        "currency": "EUR",
        "colours": ("Navy Blue", "Black"),
        "sizes": ("42", "43"),
        "materials": ("full-grain leather",),
        "tags": ("hiking", "waterproof"),
        "stock": {("Navy Blue", "42"): 3, ("Navy Blue", "43"): 0, ("Black", "43"): 2},
        "rating": 4.5,
    }
    values.update(fields)
    return CatalogProduct(**values)


def matches(spec: dict[str, Any], item: CatalogProduct | None = None) -> bool:
    return compile_criteria(spec)(item or product())


# --- Criteria --------------------------------------------------------------------------------


def test_category_matches_any_whole_level() -> None:
    assert matches({"category": "footwear"})
    assert matches({"category": ["Bags", "Hiking boots"]})
    assert not matches({"category": "Boots"})
    assert matches({"category": "Footwear > Hiking boots"})


def test_phrases_are_whole_words_without_stemming() -> None:
    shirt = product(title="Loomhouse Kids' T-Shirt", description="Soft cotton.", tags=())
    assert matches({"title_any": ["t-shirt"]}, shirt)
    assert not matches({"title_any": ["shirt"]}, shirt)
    assert matches({"title_any": ["kids"]}, shirt)
    assert not matches({"title_any": ["hiking boot"]})
    assert matches({"title_all": ["waterproof", "hiking boots"]})
    assert not matches({"title_all": ["waterproof", "insulated"]})
    assert matches({"text_any": ["rocky trails"]})
    assert matches({"text_all": ["rocky", "hiking"]})  # "hiking" is a tag


def test_tags_brand_material() -> None:
    assert matches({"tags_any": ["WATERPROOF", "vegan"]})
    assert not matches({"tags_all": ["waterproof", "vegan"]})
    assert matches({"brand": "trailhead"})
    assert not matches({"brand": "Trail"})
    assert matches({"material": "leather"})
    assert not matches({"material": "vegan leather"})


def test_colour_and_size_need_stock_on_the_same_variant() -> None:
    assert matches({"colour": "blue"})  # "Navy Blue", 42 in stock
    assert matches({"colour": "navy", "size": "42"})
    assert not matches({"colour": "navy", "size": "43"})  # 0 units
    assert matches({"colour": ["navy", "black"], "size": "43"})  # Black 43 has units
    assert not matches({"colour": "red"})
    assert not matches({"size": "44"})
    untracked = product(stock={})
    assert matches({"colour": "black", "size": "42"}, untracked)


def test_in_stock() -> None:
    sold_out = product(stock={("Black", "42"): 0})
    assert matches({"in_stock": True})
    assert not matches({"in_stock": True}, sold_out)
    assert matches({"in_stock": False}, sold_out)


def test_price_as_displayed_or_converted_to_the_named_currency() -> None:
    dollars = product(price=Decimal("108.00"), currency="USD")  # 100 EUR, 86 GBP
    assert matches({"price_max": 108}, dollars)
    assert not matches({"price_max": 100}, dollars)
    assert matches({"price_max": 100, "currency": "EUR"}, dollars)
    assert not matches({"price_max": 99.99, "currency": "EUR"}, dollars)
    assert matches({"price_min": 86, "price_max": 86, "currency": "GBP"}, dollars)
    assert not matches({"price_min": 86.01, "currency": "gbp"}, dollars)
    assert not matches({"price_max": 1000}, product(price=None))


def test_rating_and_age() -> None:
    assert matches({"rating_min": 4.5})
    assert not matches({"rating_min": 4.6})
    assert not matches({"rating_min": 1}, product(rating=None))
    kit = product(tags=("science", "ages 8-12"))
    assert matches({"age": 10}, kit)
    assert not matches({"age": 13}, kit)
    assert matches({"age": 40}, product(tags=("ages 10+",)))
    assert matches({"age": 0.5}, product(tags=("ages 6 months+",)))
    assert not matches({"age": 0}, product(tags=("ages 3 months+",)))


def test_any_of_and_not() -> None:
    assert matches({"any_of": [{"brand": "Other"}, {"tags_any": ["hiking"]}]})
    assert not matches({"any_of": [{"brand": "Other"}, {"tags_any": ["vegan"]}]})
    assert not matches({"title_any": ["boots"], "not": {"tags_any": ["waterproof"]}})


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "non-empty mapping"),
        ({"titel_any": ["boots"]}, "unknown criteria key"),
        ({"title_any": []}, "title_any"),
        ({"price_max": "cheap"}, "price_max: expected a number"),
        ({"price_max": 10, "currency": "XAU"}, "currency: expected one of"),
        ({"currency": "EUR"}, "only meaningful"),
        ({"in_stock": "yes"}, "in_stock"),
        ({"any_of": []}, "any_of"),
        ({"not": {"colour": 3.5}}, "colour"),
    ],
)
def test_malformed_criteria(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(CriteriaError, match=message):
        compile_criteria(spec)


def test_select_ids_sorted() -> None:
    items = [product(id="B"), product(id="A"), product(id="C", tags=())]
    assert select_ids(items, {"tags_any": ["hiking"]}) == ["A", "B"]


# --- Build -----------------------------------------------------------------------------------


def _specs(**counts: int) -> list[QuerySpec]:
    criteria = {"keyword": {"brand": "Trailhead"}, "no_match": {"brand": "Nobody"}}
    return [
        QuerySpec(f"{kind} {i}", kind, criteria.get(kind, {"brand": "Trailhead"}))
        for kind, n in counts.items()
        for i in range(n)
    ]


def test_build_checks_counts_and_composition() -> None:
    specs = _specs(keyword=60, filter=50, natural=40, no_match=20)
    rows = build_rows(specs, [product()])
    assert rows[0].relevant_ids == ("P-1",)
    assert rows[-1].relevant_ids == ()
    with pytest.raises(ValueError, match="filter 49<50"):
        check_composition(_specs(keyword=61, filter=49, natural=40, no_match=20))
    with pytest.raises(ValueError, match="total 169<170"):
        check_composition(_specs(keyword=59, filter=50, natural=40, no_match=20))
    wrong = [*specs, QuerySpec("boots nobody sells", "no_match", {"brand": "Trailhead"})]
    with pytest.raises(ValueError, match="no_match query 'boots nobody sells' matches 1"):
        build_rows(wrong, [product()])
    empty = [*specs, QuerySpec("nothing", "keyword", {"brand": "Nobody"})]
    with pytest.raises(ValueError, match="has 0 relevant products"):
        build_rows(empty, [product()])


def test_load_specs_refuses_bad_entries(tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text("queries:\n  - {query: Boots, kind: keyword, criteria: {}}\n")
    with pytest.raises(ValueError, match="lower-case"):
        load_specs(path)
    path.write_text("queries:\n  - {query: boots, kind: fuzzy, criteria: {}}\n")
    with pytest.raises(ValueError, match="kind must be"):
        load_specs(path)
    path.write_text(
        "queries:\n  - {query: boots, kind: keyword, criteria: {brand: A}}\n"
        "  - {query: boots, kind: filter, criteria: {brand: A}}\n"
    )
    with pytest.raises(ValueError, match="repeated queries: boots"):
        load_specs(path)


# --- The checked-in query set ----------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> list[CatalogProduct]:
    return generate_catalog(2400)


@pytest.fixture(scope="module")
def rows(catalog: list[CatalogProduct]) -> list[LabelledRow]:
    return build_rows(load_specs(), catalog)


def test_tsv_is_up_to_date_with_the_yaml_and_the_generator(rows: list[LabelledRow]) -> None:
    assert TSV_PATH.read_text(encoding="utf-8") == render_tsv(rows), (
        "bench/data/search_queries.tsv is stale: run .venv/bin/python -m bench.search_queries.build"
    )


def test_query_set_composition(rows: list[LabelledRow], catalog: list[CatalogProduct]) -> None:
    kinds = Counter(row.kind for row in rows)
    assert len(rows) >= 170
    assert kinds["filter"] >= 50 and kinds["natural"] >= 40 and kinds["no_match"] >= 20
    top_of = {item.id: item.top_category for item in catalog}
    per_top = Counter(top_of[row.relevant_ids[0]] for row in rows if row.relevant_ids)
    assert set(per_top) == {item.top_category for item in catalog}
    assert min(per_top.values()) >= 10


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    stale = tmp_path / "stale.tsv"
    stale.write_text("query\trelevant_ids\n")
    assert main(["--check", "--out", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_metrics_reader_accepts_the_tsv() -> None:
    from knowledge.search.metrics import read_labelled_queries

    queries = read_labelled_queries(TSV_PATH)
    assert len(queries) == len(load_specs())
    assert {item.lang for item in queries} == {"en"}
    assert all(not item.relevant for item in queries if item.kind == "no_match")
