"""Cross-lingual product-search quality: the labelled queries in eight languages.

Run from the project root::

    .venv/bin/python -m bench.crosslingual_search                 # minilm combined, e5 both
    .venv/bin/python -m bench.crosslingual_search --configs e5:combined --languages en,de,zh

The queries are ``bench/data/search_queries_multilingual.tsv``: the 268 English labelled
queries and the project's translations of them into es, fr, de, it, pt, nl and zh, each with
the relevant ids of its English original (``bench/search_queries/build_multilingual.py``).
The catalog is the English demo catalog (``generate_catalog(2400)``), indexed once per
encoder from the embedding cache (helpers of :mod:`bench.search_quality`). Every query goes
through a full :meth:`ProductSearch.search` with its own language, so the filter parser
(``knowledge/query``, lexicons for all eight languages) and BM25 (over the English catalog)
get the translated text, and the encoder encodes it. ``--min-semantic 0`` turns the
minimum-relevance rule off (ranking only: every query gets results), to separate what the
ranking loses from what the English-tuned threshold declines. Each language is scored separately
with :func:`knowledge.search.metrics.evaluate` (nDCG, MRR and recall at 10 over the 241
queries with relevant products, no-match precision and recall over the 27 without), and
its nDCG@10 is divided by English's for the same configuration.

``--native`` runs the other benchmark of this page instead, :mod:`bench.native_search`:
requests written directly in each language (not translated), category precision@5 and
"nothing fits" per language for today's search and each candidate change (its options
follow ``--native``).

Configurations (``--configs``, ``encoder:mode``): ``minilm:combined`` (the shipped English
default), ``e5:semantic`` and ``e5:combined``. Also reported, independent of the encoder:
filter parity, the share of each language's queries whose parsed filters (price, colour,
size, category, brand, stock) equal those parsed from the English original, and which
filters were lost or added. Progress goes to stderr; the tables and then one JSON line go
to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.search_quality import (
    DEFAULT_CACHE,
    MODES,
    _fmt,
    _machine,
    _progress,
    build_search,
    run_config,
)
from knowledge.catalog.generate import generate_catalog
from knowledge.query import QueryParser
from knowledge.query.filters import ProductFilters
from knowledge.search import ProductSearch, SearchMode
from knowledge.search.metrics import LabelledQuery, read_labelled_queries

__all__ = ["filter_parity", "main", "parse_configs"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = PROJECT_ROOT / "bench" / "data" / "search_queries_multilingual.tsv"
DEFAULT_CONFIGS = "minilm:combined,e5:semantic,e5:combined"
FILTER_FIELDS = ("price", "colours", "sizes", "categories", "brands", "in_stock")


def parse_configs(text: str) -> list[tuple[str, SearchMode]]:
    """``"minilm:combined,e5:semantic"`` -> ``[("minilm", "combined"), ("e5", "semantic")]``."""
    configs: list[tuple[str, SearchMode]] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        encoder, _, mode = item.rpartition(":")
        if not encoder or mode not in MODES:
            raise ValueError(f"expected encoder:mode with mode in {', '.join(MODES)}: {item!r}")
        configs.append((encoder, mode))
    if not configs:
        raise ValueError("no configuration given")
    return configs


def _by_language(queries: Sequence[LabelledQuery]) -> dict[str, list[LabelledQuery]]:
    groups: dict[str, list[LabelledQuery]] = {}
    for query in queries:
        groups.setdefault(query.lang, []).append(query)
    return groups


def _differing(english: ProductFilters, other: ProductFilters) -> tuple[list[str], list[str]]:
    """The filter fields the translation lost (set in English, not equal) and added."""
    lost: list[str] = []
    added: list[str] = []
    for name in FILTER_FIELDS:
        mine, theirs = getattr(english, name), getattr(other, name)
        if mine == theirs:
            continue
        (lost if mine else added).append(name)
        if mine and theirs:
            added.append(name)
    return lost, added


def filter_parity(
    parser: QueryParser, groups: dict[str, list[LabelledQuery]]
) -> dict[str, dict[str, Any]]:
    """Per language: how often the parsed filters equal the English original's."""
    english = [parser.parse(query.query, "en").filters for query in groups["en"]]
    report: dict[str, dict[str, Any]] = {}
    for lang, queries in groups.items():
        lost: Counter[str] = Counter()
        added: Counter[str] = Counter()
        same = 0
        for reference, query in zip(english, queries, strict=True):
            filters = parser.parse(query.query, lang).filters
            gone, extra = _differing(reference, filters)
            same += not gone and not extra
            lost.update(gone)
            added.update(extra)
        report[lang] = {
            "same": round(same / len(queries), 4),
            "english_with_filters": sum(not item.is_empty() for item in english),
            "lost": dict(lost.most_common()),
            "added": dict(added.most_common()),
        }
    return report


def _language_row(report: dict[str, Any], english_ndcg: float | None, k: int) -> list[str]:
    overall = report["overall"]
    ndcg = overall[f"ndcg@{k}"]
    ratio = ndcg / english_ndcg if ndcg is not None and english_ndcg else None
    return [
        _fmt(ndcg),
        _fmt(ratio, 2),
        _fmt(overall[f"mrr@{k}"]),
        _fmt(overall[f"recall@{k}"]),
        _fmt(overall["no_match_precision"]),
        _fmt(overall["no_match_recall"]),
        _fmt(report["latency_ms"]["p50"], 1),
    ]


def language_table(label: str, reports: dict[str, dict[str, Any]], k: int) -> Table:
    """One configuration: a row per language, with nDCG relative to English."""
    table = Table(title=f"{label} ({k} results per query)")
    columns = ("language", f"nDCG@{k}", "/ en", f"MRR@{k}", f"recall@{k}", "no-match P",
               "no-match R", "p50 ms")  # fmt: skip
    for name in columns:
        table.add_column(name, justify="left" if name == "language" else "right")
    english = reports.get("en", {}).get("overall", {}).get(f"ndcg@{k}")
    for lang, report in reports.items():
        table.add_row(lang, *_language_row(report, english, k))
    return table


def parity_table(parity: dict[str, dict[str, Any]]) -> Table:
    """Filter parity per language."""
    table = Table(title="Filters parsed as from the English original")
    for name in ("language", "same", "lost", "added"):
        table.add_column(name, justify="left" if name != "same" else "right")
    for lang, item in parity.items():
        table.add_row(
            lang,
            _fmt(item["same"]),
            ", ".join(f"{name} {n}" for name, n in item["lost"].items()) or "-",
            ", ".join(f"{name} {n}" for name, n in item["added"].items()) or "-",
        )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--native" in arguments:
        from bench.native_search import main as native_main

        return native_main([item for item in arguments if item != "--native"])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--configs", default=DEFAULT_CONFIGS, help="encoder:mode, comma-separated")
    parser.add_argument("--languages", default="", help="comma-separated (default: all)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="model CPU threads")
    parser.add_argument(
        "--min-semantic",
        type=float,
        default=None,
        help="override the encoder's minimum relevance (0: ranking only, no 'nothing fits')",
    )
    args = parser.parse_args(arguments)
    try:
        configs = parse_configs(args.configs)
    except ValueError as error:
        parser.error(str(error))

    groups = _by_language(read_labelled_queries(args.queries))
    wanted = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    unknown = sorted(set(wanted) - set(groups))
    if unknown or "en" not in groups:
        parser.error(f"languages not in {args.queries}: {', '.join(unknown) or 'en'}")
    languages = ["en", *(lang for lang in (wanted or groups) if lang != "en")]
    products = generate_catalog(2400)
    stderr = Console(stderr=True)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    builds: dict[str, dict[str, Any]] = {}
    parity: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    with _progress(stderr) as progress:
        for encoder in dict.fromkeys(spec for spec, _ in configs):
            search, builds[encoder] = build_search(
                products, encoder, args.cache_dir, args.threads, progress
            )
            if not parity:
                parity = filter_parity(search.parser, {lang: groups[lang] for lang in languages})
            for mode in (mode for spec, mode in configs if spec == encoder):
                calibration = search.calibration
                if args.min_semantic is not None:
                    calibration = replace(calibration, min_semantic=args.min_semantic)
                view = ProductSearch(
                    products, search.index, mode=mode, parser=search.parser, calibration=calibration
                )
                label = f"{encoder} {mode}"
                if args.min_semantic is not None:
                    label += f" (min_semantic {args.min_semantic:g})"
                results[label] = {
                    lang: run_config(view, groups[lang], args.k, progress, f"{label} {lang}")
                    for lang in languages
                }

    console = Console(file=sys.stdout, width=160)
    for label, reports in results.items():
        console.print(language_table(label, reports, args.k))
    console.print(parity_table(parity))
    ratios = {
        label: {
            lang: round(report["overall"][f"ndcg@{args.k}"]
                        / reports["en"]["overall"][f"ndcg@{args.k}"], 4)
            for lang, report in reports.items()
        }
        for label, reports in results.items()
    }  # fmt: skip
    print(
        json.dumps(
            {
                "benchmark": "crosslingual_search",
                "queries": {
                    "file": str(args.queries),
                    "per_language": {lang: len(groups[lang]) for lang in languages},
                },
                "catalog": {"size": len(products), "seed": 13},
                "k": args.k,
                "index_builds": builds,
                "results": results,
                "ndcg_ratio_to_english": ratios,
                "filter_parity": parity,
                "seconds": round(time.perf_counter() - started, 1),
                "machine": _machine(),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
