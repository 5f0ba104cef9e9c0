"""Product-search quality on the labelled query set, for every ranking mode and encoder.

Run from the project root::

    .venv/bin/python -m bench.search_quality                      # minilm and e5, all modes
    .venv/bin/python -m bench.search_quality --encoders e5 --modes combined

The demo catalog (``generate_catalog(2400)``) is indexed once per encoder, with vectors
from the embedding cache (``var/cache/embeddings``; a cold e5 encoding of the catalog takes
minutes on a 2-core machine, later runs seconds). Each labelled query of
``bench/data/search_queries.tsv`` (see ``bench/search_queries/``) then goes through a full
:meth:`ProductSearch.search` (filters read from the words, ranking, minimum-relevance rule)
and the returned ids are scored with :func:`knowledge.search.metrics.evaluate`: nDCG, MRR
and recall at 10 over the queries that have relevant products, no-match precision and
recall over those that have none, overall and per kind of query; plus the queries on which
the no-match answer was wrong (``wrong_no_match``) and the latency of a search.

``lexical`` ranks by BM25 alone, so its ranking is the same whatever the encoder: it runs
once, with the first encoder's index. Progress goes to stderr; the summary table and then
one JSON line go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.encoders import load_encoder
from knowledge.search import ProductSearch, SearchMode
from knowledge.search.metrics import LabelledQuery, evaluate, read_labelled_queries

__all__ = ["main", "run_config"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = PROJECT_ROOT / "bench" / "data" / "search_queries.tsv"
DEFAULT_CACHE = PROJECT_ROOT / "var" / "cache" / "embeddings"
MODES: tuple[SearchMode, ...] = ("lexical", "semantic", "combined")
KINDS = ("keyword", "natural", "filter", "no_match")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def build_search(
    products: Sequence[CatalogProduct],
    encoder_spec: str,
    cache_dir: Path,
    threads: int,
    progress: Progress,
) -> tuple[ProductSearch, dict[str, Any]]:
    """The combined-mode search of one encoder, and how its index was built."""
    encoder = load_encoder(encoder_spec, threads=threads)
    task = progress.add_task(f"index {encoder_spec}", total=len(products))

    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    started = time.perf_counter()
    search = ProductSearch.from_products(
        products, encoder=encoder, mode="combined", cache_dir=cache_dir, progress=advance
    )
    stats = search.index.last_stats
    build = {
        "encoder": encoder.name,
        "seconds": round(time.perf_counter() - started, 2),
        "from_cache": stats.from_cache,
        "encoded": stats.encoded,
    }
    return search, build


def run_config(
    search: ProductSearch,
    queries: Sequence[LabelledQuery],
    k: int,
    progress: Progress,
    label: str,
) -> dict[str, Any]:
    """Evaluate one search over the queries; adds latency and no-match reasons."""
    task = progress.add_task(label, total=len(queries))
    timings: list[float] = []
    reasons: dict[str, str] = {}

    def run(query: str, lang: str) -> list[str]:
        started = time.perf_counter()
        result = search.search(query, language=lang, k=k)
        timings.append(time.perf_counter() - started)
        reasons[query] = result.no_match or "hits"
        progress.advance(task)
        return result.ids

    report = evaluate(run, queries, k=k)
    report["latency_ms"] = {
        "p50": round(statistics.median(timings) * 1000, 1),
        "p95": round(statistics.quantiles(timings, n=20)[-1] * 1000, 1),
    }
    report["answers"] = dict(sorted(Counter(reasons.values()).items()))
    report["wrong_no_match"] = {
        "said_nothing_fits": {q.query: reasons[q.query] for q in queries
                              if q.relevant and reasons[q.query] != "hits"},
        "answered_unsellable": [q.query for q in queries
                                if not q.relevant and reasons[q.query] == "hits"],
    }  # fmt: skip
    return report


def _fmt(value: object, digits: int = 3) -> str:
    return (
        "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    )


def summary_table(results: dict[str, dict[str, Any]], k: int) -> Table:
    """One row per configuration: overall figures, nDCG per kind, latency."""
    table = Table(title=f"Product search quality ({k} results per query)")
    for name in ("config", f"nDCG@{k}", f"MRR@{k}", f"recall@{k}", "no-match P", "no-match R"):
        table.add_column(name, justify="left" if name == "config" else "right")
    for kind in KINDS[:3]:
        table.add_column(f"nDCG {kind}", justify="right")
    table.add_column("p50 ms", justify="right")
    for label, report in results.items():
        overall, by_kind = report["overall"], report["by_kind"]
        table.add_row(
            label,
            *(_fmt(overall[key]) for key in (f"ndcg@{k}", f"mrr@{k}", f"recall@{k}")),
            _fmt(overall["no_match_precision"]),
            _fmt(overall["no_match_recall"]),
            *(_fmt(by_kind.get(kind, {}).get(f"ndcg@{k}")) for kind in KINDS[:3]),
            _fmt(report["latency_ms"]["p50"], 1),
        )
    return table


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--encoders", default="minilm,e5", help="comma-separated specs")
    parser.add_argument("--modes", default=",".join(MODES), help="lexical,semantic,combined")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="model CPU threads")
    args = parser.parse_args(argv)
    encoders = [spec.strip() for spec in args.encoders.split(",") if spec.strip()]
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown or not encoders or not modes:
        parser.error(f"unknown or missing modes/encoders: {', '.join(unknown) or 'none given'}")

    queries = read_labelled_queries(args.queries)
    products = generate_catalog(2400)
    stderr = Console(stderr=True)
    results: dict[str, dict[str, Any]] = {}
    builds: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    with _progress(stderr) as progress:
        for position, spec in enumerate(encoders):
            search, builds[spec] = build_search(
                products, spec, args.cache_dir, args.threads, progress
            )
            for mode in MODES:
                if mode not in modes or (mode == "lexical" and position > 0):
                    continue
                label = "lexical (BM25)" if mode == "lexical" else f"{spec} {mode}"
                view = (
                    search
                    if mode == "combined"
                    else ProductSearch(products, search.index, mode=mode)
                )
                results[label] = run_config(view, queries, args.k, progress, label)

    Console(file=sys.stdout, width=160).print(summary_table(results, args.k))
    kinds = Counter(query.kind for query in queries)
    print(
        json.dumps(
            {
                "benchmark": "search_quality",
                "queries": {"file": str(args.queries), "n": len(queries), "kinds": kinds},
                "catalog": {"size": len(products), "seed": 13},
                "k": args.k,
                "index_builds": builds,
                "results": results,
                "seconds": round(time.perf_counter() - started, 1),
                "machine": _machine(),
            },
            sort_keys=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
