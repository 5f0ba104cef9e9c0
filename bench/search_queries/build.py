"""Materialise the labelled product-search queries: ``queries.yml`` -> ``search_queries.tsv``.

Each query in ``queries.yml`` carries criteria over the catalog's structured fields (see
:mod:`bench.search_queries.criteria`); this script evaluates them over the demo catalog
(``generate_catalog(2400)``, seed 13) and writes the relevant product ids, so the labels
never depend on a search system. Run from the project root::

    .venv/bin/python -m bench.search_queries.build           # write bench/data/search_queries.tsv
    .venv/bin/python -m bench.search_queries.build --check   # exit 1 when the TSV is out of date
    .venv/bin/python -m bench.search_queries.build --show 5  # also list counts and 5 titles each

Checks (a failure stops the build): known kinds, unique lower-case queries, well-formed
criteria, 1-60 relevant products for every query that is not ``no_match``, none for
``no_match`` (its criteria prove that the shop sells nothing that fits), and the minimum
composition (170 queries, 50 ``filter``, 40 ``natural``, 20 ``no_match``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.search_queries.criteria import CriteriaError, select_ids
from core.money import format_money
from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "CATALOG_SEED",
    "CATALOG_SIZE",
    "KINDS",
    "QUERIES_PATH",
    "TSV_PATH",
    "LabelledRow",
    "QuerySpec",
    "build_rows",
    "load_specs",
    "main",
    "render_tsv",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
QUERIES_PATH = Path(__file__).with_name("queries.yml")
TSV_PATH = PROJECT_ROOT / "bench" / "data" / "search_queries.tsv"
CATALOG_SIZE = 2400
CATALOG_SEED = 13
KINDS = ("keyword", "natural", "filter", "no_match")
MAX_RELEVANT = 60
MINIMUM_COUNTS: Mapping[str, int] = {"filter": 50, "natural": 40, "no_match": 20}
MINIMUM_TOTAL = 170
COLUMNS = ("query", "relevant_ids", "kind", "lang")


@dataclass(frozen=True)
class QuerySpec:
    """One entry of ``queries.yml``."""

    query: str
    kind: str
    criteria: Mapping[str, Any]
    lang: str = "en"


@dataclass(frozen=True)
class LabelledRow:
    """One line of the TSV: the query and its relevant ids (sorted)."""

    query: str
    relevant_ids: tuple[str, ...]
    kind: str
    lang: str


def _spec(index: int, entry: object) -> QuerySpec:
    """Check one YAML entry and turn it into a :class:`QuerySpec`."""
    where = f"queries.yml entry {index}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping with query, kind and criteria")
    unknown = set(entry) - {"query", "kind", "criteria", "lang", "note"}
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    query, kind, criteria = entry.get("query"), entry.get("kind"), entry.get("criteria")
    if not isinstance(query, str) or not query.strip() or query != query.strip():
        raise ValueError(f"{where}: query must be a non-empty string without outer spaces")
    if any(char in query for char in "\t\r\n") or query != query.lower():
        raise ValueError(f"{where} ({query!r}): query must be one lower-case line")
    if kind not in KINDS:
        raise ValueError(f"{where} ({query!r}): kind must be one of {', '.join(KINDS)}")
    if not isinstance(criteria, dict):
        raise ValueError(f"{where} ({query!r}): criteria must be a mapping")
    return QuerySpec(query, kind, criteria, str(entry.get("lang", "en")))


def load_specs(path: Path = QUERIES_PATH) -> list[QuerySpec]:
    """The query specs of ``path``, checked for form and duplicates."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a top-level 'queries' list")
    specs = [_spec(index, entry) for index, entry in enumerate(entries, start=1)]
    repeated = [query for query, n in Counter(s.query for s in specs).items() if n > 1]
    if repeated:
        raise ValueError(f"{path}: repeated queries: {', '.join(repeated)}")
    return specs


def _row(spec: QuerySpec, products: Sequence[CatalogProduct]) -> LabelledRow:
    try:
        ids = select_ids(products, spec.criteria)
    except CriteriaError as error:
        raise ValueError(f"query {spec.query!r}: {error}") from error
    if spec.kind == "no_match" and ids:
        raise ValueError(f"no_match query {spec.query!r} matches {len(ids)} products: {ids[:5]}")
    if spec.kind != "no_match" and not 1 <= len(ids) <= MAX_RELEVANT:
        raise ValueError(
            f"query {spec.query!r} has {len(ids)} relevant products (1-{MAX_RELEVANT} allowed)"
        )
    return LabelledRow(spec.query, tuple(ids), spec.kind, spec.lang)


def check_composition(specs: Sequence[QuerySpec]) -> None:
    """Raise ``ValueError`` when the set is smaller than the documented minimum."""
    counts = Counter(spec.kind for spec in specs)
    missing = [
        f"{kind} {counts[kind]}<{n}" for kind, n in MINIMUM_COUNTS.items() if counts[kind] < n
    ]
    if len(specs) < MINIMUM_TOTAL:
        missing.append(f"total {len(specs)}<{MINIMUM_TOTAL}")
    if missing:
        raise ValueError(f"query set too small: {', '.join(missing)}")


def build_rows(
    specs: Sequence[QuerySpec], products: Sequence[CatalogProduct] | None = None
) -> list[LabelledRow]:
    """Evaluate every spec over ``products`` (default: the demo catalog)."""
    check_composition(specs)
    catalog = products if products is not None else generate_catalog(CATALOG_SIZE, CATALOG_SEED)
    return [_row(spec, catalog) for spec in specs]


def render_tsv(rows: Sequence[LabelledRow]) -> str:
    """The TSV text: a header, then one line per query, in the order of the YAML."""
    lines = ["\t".join(COLUMNS)]
    lines += [
        "\t".join((row.query, ",".join(row.relevant_ids), row.kind, row.lang)) for row in rows
    ]
    return "\n".join(lines) + "\n"


def _show(rows: Sequence[LabelledRow], products: Sequence[CatalogProduct], titles: int) -> None:
    """Print each query's count and first titles on stderr (for writing the YAML)."""
    by_id = {product.id: product for product in products}
    for row in rows:
        print(f"[{row.kind}] {row.query!r}: {len(row.relevant_ids)}", file=sys.stderr)
        for product_id in row.relevant_ids[:titles]:
            product = by_id[product_id]
            price = "-" if product.price is None else format_money(product.price, product.currency)
            print(f"    {product_id} {product.title} ({price})", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring). Returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=QUERIES_PATH)
    parser.add_argument("--out", type=Path, default=TSV_PATH)
    parser.add_argument("--check", action="store_true", help="only compare with --out")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list N titles each")
    args = parser.parse_args(argv)
    try:
        specs = load_specs(args.queries)
        products = generate_catalog(CATALOG_SIZE, CATALOG_SEED)
        rows = build_rows(specs, products)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.show:
        _show(rows, products, args.show)
    text = render_tsv(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m bench.search_queries.build",
                  file=sys.stderr)  # fmt: skip
            return 1
        print(f"{args.out} is up to date ({len(rows)} queries)", file=sys.stderr)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = Counter(row.kind for row in rows)
    summary = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS)
    print(f"wrote {args.out} ({len(rows)} queries: {summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
