"""Catalog ingestion: every problem reported on its line, good rows kept, huge input survived."""

from __future__ import annotations

import json
import random
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.errors import CatalogError, ShopbotError
from knowledge.catalog import (
    CSV_COLUMNS,
    PROBLEM_CODES,
    CatalogProduct,
    generate_catalog,
    read_catalog,
    write_catalog,
)
from knowledge.catalog import ingest as ingest_module

HEADER = ",".join(CSV_COLUMNS)
GOOD_STOCK = "Brown:42:3|Brown:43:0|Black:42:1|Black:43:2"

# Each data line of the CSV fixture and the problems expected on it.
CSV_LINES: list[tuple[str, set[str]]] = [
    (
        "G1,Trail Boots,Waterproof leather boots.,Trailhead,Footwear>Hiking boots,89.99,EUR,"
        f"Brown|Black,42|43,leather,Waterproof|hiking,{GOOD_STOCK},4.5,"
        "https://images.example.com/g1.jpg,false",
        set(),
    ),
    ("P1,No Price,,,,,EUR,,,,,,,,", {"missing_price"}),
    ("P2,Odd Price,,,,12.999,EUR,,,,,,,,", {"bad_price"}),
    ("P3,Odd Currency,,,,10,EURO,,,,,,,,", {"bad_currency"}),
    ("G1,Trail Boots Again,,,,79.00,EUR,,,,,,,,", {"duplicate_id"}),
    ('P5,"   ",,,,10,EUR,,,,,,,,', {"empty_title"}),
    (",No Id,,,,10,EUR,,,,,,,,", {"missing_id"}),
    ("P6,Bad Stock,,,,10,EUR,Black,42,,,Black:42:x,,,", {"bad_stock"}),
    ("P7,Plain Http,,,,10,EUR,,,,,,,http://images.example.com/p7.jpg,", {"bad_url"}),
    (
        'P8,"",,,,abc,eur,,,,,nonsense,,ftp://example.com/x.jpg,',
        {"empty_title", "bad_price", "bad_currency", "bad_stock", "bad_url"},
    ),
    ('G2,Quoted Bag,"Two lines\nof description",,,"1,299.50",GBP,,,,,,,,yes', set()),
    ("P9,Too Good,,,,10,EUR,,,,,,7,,", {"bad_rating"}),
    ("P10,Maybe Final,,,,10,EUR,,,,,,,,maybe", {"bad_field"}),
    ("P11,Too Many,,,,10,EUR,,,,,,,,,extra,fields", {"bad_row"}),
    ("G3,Plain Mug,,,,-,EUR,,,,,,,,", {"bad_price"}),
    ("G4,Last Mug,A mug.,Hearth,Home & kitchen > Mugs,9.5,USD,,,,,::4,,,", set()),
]

JSON_LINES: list[tuple[Any, set[str]]] = [
    (
        {
            "id": "J1",
            "title": "Trail Boots",
            "price": 89.99,
            "currency": "EUR",
            "colours": ["Brown"],
            "sizes": ["42", "43"],
            "stock": [{"colour": "Brown", "size": "42", "qty": 3}],
            "rating": 4.6,
            "image_url": "https://images.example.com/j1.jpg",
            "final_sale": True,
        },
        set(),
    ),
    ("this is not json", {"bad_json"}),
    ([1, 2, 3], {"bad_json"}),
    ({"id": "J2", "title": "No Price", "currency": "EUR"}, {"missing_price"}),
    ({"id": "J3", "title": "Free?", "price": "free", "currency": "EUR"}, {"bad_price"}),
    ({"id": "J4", "title": "Lower", "price": "5", "currency": "usd"}, {"bad_currency"}),
    ({"id": "J1", "title": "Again", "price": 1, "currency": "EUR"}, {"duplicate_id"}),
    ({"id": "J5", "title": "", "price": 1, "currency": "EUR"}, {"empty_title"}),
    ({"title": "No Id", "price": 1, "currency": "EUR"}, {"missing_id"}),
    (
        {"id": "J6", "title": "T", "price": 1, "currency": "EUR", "stock": [{"qty": -1}]},
        {"bad_stock"},
    ),
    (
        {"id": "J7", "title": "T", "price": 1, "currency": "EUR", "image_url": "http://x.io/a"},
        {"bad_url"},
    ),
    ("", set()),  # a blank line is not a row
    (
        {"id": "J8", "title": " ", "price": -3, "currency": "EU", "stock": "a:b", "rating": 9},
        {"empty_title", "bad_price", "bad_currency", "bad_stock", "bad_rating"},
    ),
    ('{"id": "J9", "title": "NaN", "price": NaN, "currency": "EUR"}', {"bad_json"}),
    ({"id": "J10", "title": ["a", "list"], "price": 1, "currency": "EUR"}, {"bad_field"}),
    (
        {"id": 11, "title": "Numeric id", "price": "19.9", "currency": "JPY", "stock": ":M:2"},
        set(),
    ),
]


def _write_csv(path: Path, lines: list[tuple[str, set[str]]]) -> dict[int, set[str]]:
    """Write the fixture; return the expected problems by starting line number."""
    expected: dict[int, set[str]] = {}
    line = 2
    for text, problems in lines:
        if problems:
            expected[line] = problems
        line += text.count("\n") + 1
    path.write_text(HEADER + "\n" + "\n".join(text for text, _ in lines) + "\n", encoding="utf-8")
    return expected


def _write_jsonl(path: Path, lines: list[tuple[Any, set[str]]]) -> dict[int, set[str]]:
    texts = [value if isinstance(value, str) else json.dumps(value) for value, _ in lines]
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    return {number: problems for number, (_, problems) in enumerate(lines, start=1) if problems}


def _by_line(report: Any) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for problem in report.problems:
        found.setdefault(problem.line, set()).add(problem.code)
    return found


def test_csv_every_problem_on_its_line_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    expected = _write_csv(path, CSV_LINES)
    report = read_catalog(path)
    assert _by_line(report) == expected
    assert [product.id for product in report.products] == ["G1", "G2", "G4"]
    assert report.rows_read == len(CSV_LINES)
    assert report.skipped == len(CSV_LINES) - 3
    boots, bag, mug = report.products
    assert boots.category_path == "Footwear > Hiking boots"
    assert boots.price == Decimal("89.99") and boots.rating == 4.5 and not boots.final_sale
    assert boots.tags == ("waterproof", "hiking")
    assert boots.stock[("Brown", "43")] == 0 and boots.in_stock(colour="black", size="43")
    assert not boots.in_stock(colour="Brown", size="43")
    assert bag.price == Decimal("1299.50") and bag.currency == "GBP" and bag.final_sale
    assert bag.description == "Two lines\nof description"
    assert mug.stock == {(None, None): 4} and mug.price == Decimal("9.50")


def test_csv_problem_details(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    _write_csv(path, CSV_LINES)
    report = read_catalog(path)
    duplicate = next(p for p in report.problems if p.code == "duplicate_id")
    assert duplicate.id == "G1" and "line 2" in duplicate.message
    missing = next(p for p in report.problems if p.code == "missing_id")
    assert missing.id is None
    several = [p for p in report.problems if p.id == "P8"]
    assert len(several) == 5 and all(p.line == 11 for p in several)
    assert {problem.code for problem in report.problems} <= set(PROBLEM_CODES)
    assert all(problem.message for problem in report.problems)
    data = report.to_json()
    assert data["problems"][0] == {
        "line": 3,
        "id": "P1",
        "problem": "missing_price",
        "message": "the price is missing",
    }
    assert data["accepted"] == 3 and data["problem_counts"]["bad_price"] == 3
    assert "16 rows read, 3 kept, 13 skipped" in report.summary()


def test_jsonl_every_problem_on_its_line_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    expected = _write_jsonl(path, JSON_LINES)
    report = read_catalog(path)
    assert _by_line(report) == expected
    assert [product.id for product in report.products] == ["J1", "11"]
    assert report.rows_read == len(JSON_LINES) - 1  # the blank line
    boots, numeric = report.products
    assert boots.price == Decimal("89.99") and boots.final_sale and boots.rating == 4.6
    assert boots.stock == {("Brown", "42"): 3}
    assert numeric.price == Decimal("19.90") and numeric.sizes == ("M",)
    lower = next(p for p in report.problems if p.id == "J4")
    assert "upper case" in lower.message


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_ten_megabyte_field_is_cut_not_fatal(tmp_path: Path, suffix: str) -> None:
    huge = "very long words " * 650_000  # about 10 MB on one line
    product = {
        "id": "H1",
        "title": "Huge " * 100_000,
        "description": huge,
        "price": "5",
        "currency": "EUR",
        "tags": ["x" * 1000],
    }
    path = tmp_path / f"huge{suffix}"
    if suffix == ".csv":
        row = ",".join(
            f'"{product.get(c, "")}"' if c != "tags" else "x" * 1000 for c in CSV_COLUMNS
        )
        path.write_text(HEADER + "\n" + row + "\nH2,Small,,,,1,EUR,,,,,,,,\n", encoding="utf-8")
    else:
        second = {"id": "H2", "title": "Small", "price": 1, "currency": "EUR"}
        path.write_text(json.dumps(product) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    try:
        report = read_catalog(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Survived means finished with memory a small multiple of the line (measured: 9.2 times
    # for CSV, 4.0 for JSON Lines), not a growing pile of copies. How long it takes:
    # bench/unit_speed.py.
    assert peak < 12 * path.stat().st_size
    assert not report.problems
    first, second_product = report.products
    assert second_product.id == "H2"
    assert len(first.description) <= 5000 and first.description.endswith("…")
    assert len(first.title) <= 300 and len(first.tags[0]) <= 60
    assert {warning.code for warning in report.warnings} == {"truncated"}
    assert all(len(warning.message) < 200 for warning in report.warnings)


@pytest.mark.parametrize(("suffix", "code"), [(".csv", "bad_row"), (".jsonl", "bad_json")])
def test_a_line_over_the_limit_is_skipped_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, code: str
) -> None:
    monkeypatch.setattr(ingest_module, "MAX_LINE_BYTES", 100_000)
    path = tmp_path / f"long{suffix}"
    if suffix == ".csv":
        lines = [HEADER, "L1,Long," + "y" * 300_000 + ",,,1,EUR", "L2,Fine,,,,1,EUR"]
    else:
        lines = [
            json.dumps({"id": "L1", "title": "Long", "description": "y" * 300_000}),
            json.dumps({"id": "L2", "title": "Fine", "price": 1, "currency": "EUR"}),
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = read_catalog(path)
    assert [product.id for product in report.products] == ["L2"]
    (problem,) = report.problems
    assert problem.code == code and problem.line == (2 if suffix == ".csv" else 1)


def test_csv_semicolons_bom_aliases_and_european_prices(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    text = "\ufeffSKU;Name;Price;Currency;Colors;Stock;Extra\nA-1;Mug;12,50;EUR;Red|Blue;Red::3;x\n"
    path.write_text(text, encoding="utf-8")
    report = read_catalog(path)
    (mug,) = report.products
    assert mug.id == "A-1" and mug.price == Decimal("12.50") and mug.colours == ("Red", "Blue")
    assert mug.stock == {("Red", None): 3}
    assert [w.code for w in report.warnings] == ["unknown_column"]


def test_default_currency_and_stock_colours_added(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_text("id,title,price,colours,stock\nA,Cap,10,Red,Green:M:2\n", encoding="utf-8")
    assert _by_line(read_catalog(path)) == {2: {"bad_currency"}}
    (cap,) = read_catalog(path, default_currency="SEK").products
    assert cap.currency == "SEK" and cap.colours == ("Red", "Green") and cap.sizes == ("M",)
    with pytest.raises(CatalogError):
        read_catalog(path, default_currency="XXX")


def test_bad_bytes_are_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,title,price,currency\nA,Caf\xe9 Mug,10,EUR\n")
    report = read_catalog(path)
    assert report.products[0].title == "Caf\ufffd Mug"
    assert [(w.line, w.code) for w in report.warnings] == [(2, "bad_encoding")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catalog.xlsx", "", "Unsupported"),
        ("empty.csv", "", "empty"),
        ("noprice.csv", "id,title\nA,B\n", "price"),
        ("missing.jsonl", None, "Cannot read"),
    ],
)
def test_unreadable_files_raise_catalog_error(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=message) as raised:
        read_catalog(path)
    assert isinstance(raised.value, ShopbotError)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_written_catalogs_read_back_identical(tmp_path: Path, suffix: str) -> None:
    products = generate_catalog(400, seed=2)
    products.append(CatalogProduct(id="EMPTY", title="Bare", price=Decimal(0), currency="CHF"))
    path = tmp_path / f"catalog{suffix}"
    assert write_catalog(path, products) == len(products)
    report = read_catalog(path)
    assert not report.problems and not report.warnings
    assert list(report.products) == products


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("12.500", Decimal("12.50")),
        ("1e3", Decimal("1000.00")),
        ("0", Decimal("0.00")),
        ("1.299,5", Decimal("1299.50")),
        ("NaN", None),
        ("Infinity", None),
        ("1e-999999999", None),
        ("1e999999999", None),
        ("12.345", None),
        ("€5", None),
        ("-", None),
    ],
)
def test_price_formats(tmp_path: Path, price: str, expected: Decimal | None) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(f'id,title,price,currency\nA,Mug,"{price}",EUR\n', encoding="utf-8")
    report = read_catalog(path)
    if expected is None:
        assert [problem.code for problem in report.problems] == ["bad_price"]
    else:
        assert report.products[0].price == expected


def test_random_garbage_never_crashes_the_reader(tmp_path: Path) -> None:
    rng = random.Random(0)
    atoms = ["", " ", "NaN", "-1", "1e999", "12,5", "€5", "eur", "https://a.b/c", "a:b:c"]
    atoms += ["::", "Red:M:3|Red:M:3", "|||", "\x00", "maybe", "[1]", "null", '"', ";", "\t", "\n"]
    values: list[Any] = [None, True, 0, -1, 1.5, 1e308, "x", [], {}, [1, None], "Red:M:3"]
    values += [[{"qty": "3"}], [{"colour": 1, "size": [], "qty": 1}]]
    for _ in range(60):
        csv_lines = [",".join([*rng.sample(list(CSV_COLUMNS), 8), "id", "title", "price"])]
        for _ in range(10):
            cells = ("".join(rng.choices(atoms, k=rng.randint(0, 3))) for _ in range(12))
            csv_lines.append(",".join(cells))
        (tmp_path / "f.csv").write_bytes("\n".join(csv_lines).encode() + rng.randbytes(20))
        read_catalog(tmp_path / "f.csv")
        json_lines = []
        for _ in range(10):
            keys = rng.sample(list(CSV_COLUMNS), rng.randint(0, 15))
            json_lines.append(json.dumps({key: rng.choice(values) for key in keys}))
        json_lines.append(rng.choice(atoms))
        (tmp_path / "f.jsonl").write_text("\n".join(json_lines), encoding="utf-8")
        report = read_catalog(tmp_path / "f.jsonl")
        assert report.rows_read >= len(report.products)
