"""Product search at scale: latency, index build time, memory and HNSW recall.

Run from the project root::

    .venv/bin/python -m bench.search_scale                          # 10k, 100k and 1M products
    .venv/bin/python -m bench.search_scale --sizes 10000,100000     # quicker

**Synthetic catalog.** The 2,400 demo products (``generate_catalog(2400)``) are cloned up
to the wanted size: clone ``i`` copies product ``i mod 2400`` under a new id, with its
price multiplied by a random factor in [0.8, 1.25] and new stock per variant (12% of
variants at zero). Its vector is the original's real embedding (from the embedding cache;
the demo catalog is encoded once if missing) plus Gaussian noise of standard deviation
``--noise`` (default 0.02) per dimension, re-normalised to unit length: about 0.93 cosine
to the original, so every size keeps the demo catalog's clusters. Everything is seeded.

**What is measured**, each size in a fresh child process so that memory figures do not
mix:

- *index build*: ``ProductIndex.from_vectors`` (FAISS kind ``auto``: exact flat up to
  100,000 products, HNSW M=32 above), from vectors already computed;
- *engine setup*: ``ProductSearch(products, index, mode=...)``, i.e. the query parser's
  catalog terms and the facet table of the attribute filters (plus BM25 in combined mode);
- *latency*: one full ``ProductSearch.search`` (query encoding, filters read from the
  words, FAISS search restricted to the products that pass them, the relevance rule) for
  each labelled query in ``bench/data/search_queries.tsv``, after 10 warm-up queries;
  p50 and p95, also split by whether the parser read filters from the query, and the p50
  of two steps alone: query encoding and parsing;
- *memory*: peak resident set size of the child (``resource.getrusage`` ``ru_maxrss``),
  which includes Python, the encoder model, the cloned products, the vectors (kept for
  the recall check) and the index; ``baseline`` is the same figure before cloning;
- *HNSW recall@10* against exact inner-product search over the same vectors, for the
  encoded labelled queries without filters, at ``efSearch`` 64 (the default), 128 and
  256: ``ids``, the share of the exact top 10 that HNSW returns; ``within_tie``, the share
  of HNSW's top 10 whose cosine is within 0.01 of the exact 10th best. Clones of one
  product are near-ties (their order is decided by the synthetic noise), so ``ids``
  understates what a shopper would notice at large sizes. At sizes that ``auto`` indexes
  flat (100,000), an extra HNSW index is built for the comparison (its build time is
  reported too); sizes below ``--recall-from`` skip it.

Default mode ``semantic`` (no BM25 over the clones; the lexical signal's cost at scale is
not part of this benchmark). Progress goes to stderr; the summary table and then one JSON
line go to stdout.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.embedding_cache import EmbeddingCache, encode_passages
from knowledge.encoders import Encoder, load_encoder
from knowledge.index import ProductIndex
from knowledge.search import ProductSearch, SearchMode
from knowledge.search.metrics import read_labelled_queries

__all__ = ["clone_catalog", "clone_vectors", "exact_top_k", "main", "recall_at_10"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = PROJECT_ROOT / "bench" / "data" / "search_queries.tsv"
DEFAULT_CACHE = PROJECT_ROOT / "var" / "cache" / "embeddings"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
EF_SEARCH = (64, 128, 256)
#: Cosine gap under which two results count as tied (see :func:`tie_recall_at_10`).
TIE = 0.01
WARM_UP = 10
Matrix = npt.NDArray[np.float32]
_CENT = Decimal("0.01")


# --- Synthetic catalog -----------------------------------------------------------------------


def _clone(base: CatalogProduct, number: int, rng: random.Random) -> CatalogProduct:
    """A copy of ``base`` under a new id, with another price and other stock.

    The copy skips the dataclass's validation (its fields come from a valid product and
    stay valid): ``dataclasses.replace`` would cost about 90 s per million clones.
    """
    clone = copy.copy(base)
    price = base.price
    if price is not None:
        price = (price * Decimal(str(round(rng.uniform(0.8, 1.25), 3)))).quantize(_CENT)
    stock = {
        variant: 0 if rng.random() < 0.12 else 1 + int(rng.expovariate(1 / 20))
        for variant in base.stock
    }
    for name, value in (("id", f"{base.id}-X{number:07d}"), ("price", price), ("stock", stock)):
        object.__setattr__(clone, name, value)
    return clone


def clone_catalog(
    originals: Sequence[CatalogProduct], size: int, seed: int = 7
) -> list[CatalogProduct]:
    """``size`` products: the originals first, then clones of them in turn."""
    rng = random.Random(seed)
    products = list(originals[:size])
    for number in range(len(products), size):
        products.append(_clone(originals[number % len(originals)], number, rng))
    return products


def clone_vectors(base: Matrix, size: int, noise: float, seed: int = 7) -> Matrix:
    """Row ``i`` is ``base[i mod len(base)]`` (plus Gaussian noise beyond the originals)."""
    rng = np.random.default_rng(seed)
    rows = np.arange(size) % len(base)
    vectors = base[rows].astype(np.float32, copy=True)
    chunk = 100_000
    for start in range(len(base), size, chunk):
        stop = min(size, start + chunk)
        vectors[start:stop] += noise * rng.standard_normal(
            (stop - start, base.shape[1]), np.float32
        )
        norms = np.linalg.norm(vectors[start:stop], axis=1, keepdims=True)
        vectors[start:stop] /= np.maximum(norms, 1e-12)
    return vectors


# --- Exact search and recall -----------------------------------------------------------------


def exact_top_k(vectors: Matrix, queries: Matrix, k: int = 10) -> npt.NDArray[np.int64]:
    """Row numbers of the ``k`` best inner products per query, best first (chunked)."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), 200_000):
        scores = queries @ vectors[start : start + 200_000].T
        top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        best_scores = np.hstack([best_scores, np.take_along_axis(scores, top, axis=1)])
        best_rows = np.hstack([best_rows, top + start])
        keep = np.argsort(-best_scores, axis=1, kind="stable")[:, :k]
        best_scores = np.take_along_axis(best_scores, keep, axis=1)
        best_rows = np.take_along_axis(best_rows, keep, axis=1)
    return best_rows


def recall_at_10(found: Sequence[Sequence[str]], exact: Sequence[Sequence[str]]) -> float:
    """Mean share of the exact top 10 that the approximate top 10 contains."""
    shares = [len(set(a[:10]) & set(e[:10])) / 10 for a, e in zip(found, exact, strict=True)]
    return round(sum(shares) / len(shares), 4)


def tie_recall_at_10(
    found: Sequence[Sequence[float]], tenth_best: Sequence[float], tolerance: float = TIE
) -> float:
    """Mean share of the approximate top 10 scoring within ``tolerance`` of the exact 10th.

    Clones of one product sit at nearly the same cosine from a query, so which ten of them
    are exactly best is decided by the synthetic noise; this counts such near-ties as found.
    """
    shares = [
        sum(1 for score in scores[:10] if score >= tenth - tolerance) / 10
        for scores, tenth in zip(found, tenth_best, strict=True)
    ]
    return round(sum(shares) / len(shares), 4)


def _hnsw_recall(
    index: ProductIndex, queries: Matrix, exact: list[list[str]], tenth_best: list[float]
) -> dict[str, dict[str, float]]:
    """Recall@10 (exact ids, and near-ties) at each efSearch of :data:`EF_SEARCH`."""
    assert index.hnsw is not None
    default = index.hnsw.ef_search
    recall: dict[str, dict[str, float]] = {}
    for ef in EF_SEARCH:
        index.set_ef_search(ef)
        hits = [index.search(q, 10) for q in queries]
        recall[f"ef{ef}"] = {
            "ids": recall_at_10([[pid for pid, _ in row] for row in hits], exact),
            "within_tie": tie_recall_at_10([[s for _, s in row] for row in hits], tenth_best),
        }
    index.set_ef_search(default)
    return recall


# --- One size (child process) ----------------------------------------------------------------


def _rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _base_vectors(encoder: Encoder, products: Sequence[CatalogProduct], cache_dir: Path) -> Matrix:
    texts = [product.text_for_embedding() for product in products]
    vectors, _stats = encode_passages(encoder, texts, cache=EmbeddingCache(cache_dir))
    return vectors


def _percentiles(timings: Sequence[float]) -> dict[str, float]:
    if len(timings) < 2:
        return {"p50": round(statistics.fmean(timings) * 1000, 2) if timings else 0.0}
    return {
        "p50": round(statistics.median(timings) * 1000, 2),
        "p95": round(statistics.quantiles(timings, n=20)[-1] * 1000, 2),
    }


def _latency(
    search: ProductSearch, texts: Sequence[str], progress: Progress, size: int
) -> dict[str, Any]:
    """Full searches (p50, p95, mean; and split by whether filters were read), then steps."""
    for text in texts[:WARM_UP]:
        search.search(text)
    task = progress.add_task(f"{size:>9,} searches", total=len(texts))
    timings: list[float] = []
    for text in texts:
        started = time.perf_counter()
        search.search(text)
        timings.append(time.perf_counter() - started)
        progress.advance(task)
    encode: list[float] = []
    parse: list[float] = []
    filtered: list[bool] = []
    for text in texts:
        started = time.perf_counter()
        search.index.encoder.encode_queries([text])
        encode.append(time.perf_counter() - started)
        started = time.perf_counter()
        filtered.append(not search.parser.parse(text).filters.is_empty())
        parse.append(time.perf_counter() - started)
    return {
        **_percentiles(timings),
        "mean": round(statistics.fmean(timings) * 1000, 2),
        "with_filters": {
            "n": sum(filtered),
            **_percentiles([t for t, f in zip(timings, filtered, strict=True) if f]),
        },
        "without_filters": {
            "n": len(texts) - sum(filtered),
            **_percentiles([t for t, f in zip(timings, filtered, strict=True) if not f]),
        },
        "encode_p50": round(statistics.median(encode) * 1000, 2),
        "parse_p50": round(statistics.median(parse) * 1000, 2),
    }


def measure_size(args: argparse.Namespace, size: int) -> dict[str, Any]:
    """Every figure of one size (see the module docstring)."""
    console = Console(stderr=True)
    timings: dict[str, float] = {}
    encoder = load_encoder(args.encoder, threads=args.threads)
    originals = generate_catalog(2400)
    base = _base_vectors(encoder, originals, args.cache_dir)
    texts = [query.query for query in read_labelled_queries(args.queries)]
    query_vectors = encoder.encode_queries(texts)
    baseline = _rss_mb()

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console,
    ) as progress:  # fmt: skip
        started = time.perf_counter()
        products = clone_catalog(originals, size)
        vectors = clone_vectors(base, size, args.noise)
        timings["clone_s"] = time.perf_counter() - started
        ids = [product.id for product in products]

        step = progress.add_task(f"{size:>9,} index build", total=None)
        started = time.perf_counter()
        index = ProductIndex.from_vectors(ids, vectors, encoder, fingerprint="synthetic")
        timings["index_build_s"] = time.perf_counter() - started
        progress.update(step, total=1, completed=1)

        step = progress.add_task(f"{size:>9,} engine setup", total=None)
        started = time.perf_counter()
        search = ProductSearch(products, index, mode=args.mode)
        timings["engine_setup_s"] = time.perf_counter() - started
        progress.update(step, total=1, completed=1)

        latency = _latency(search, texts, progress, size)
        recall: dict[str, Any] | None = None
        if size >= args.recall_from:
            recall = _recall(index, ids, vectors, query_vectors, timings, progress, size)

    return {
        "size": size,
        "kind": index.kind,
        "mode": args.mode,
        "seconds": {key: round(value, 2) for key, value in timings.items()},
        "latency_ms": latency,
        "hnsw_recall_at_10": recall,
        "memory_mb": {"baseline_peak_rss": baseline, "peak_rss": _rss_mb()},
    }


def _recall(
    index: ProductIndex,
    ids: list[str],
    vectors: Matrix,
    queries: Matrix,
    timings: dict[str, float],
    progress: Progress,
    size: int,
) -> dict[str, Any]:
    step = progress.add_task(f"{size:>9,} HNSW recall", total=None)
    exact_rows = exact_top_k(vectors, queries)
    exact = [[ids[row] for row in rows] for rows in exact_rows]
    tenth_best = [float(vectors[rows[-1]] @ q) for rows, q in zip(exact_rows, queries, strict=True)]
    hnsw = index
    if index.kind != "hnsw":
        started = time.perf_counter()
        hnsw = ProductIndex.from_vectors(
            ids, vectors, index.encoder, fingerprint="synthetic", kind="hnsw"
        )
        timings["extra_hnsw_build_s"] = time.perf_counter() - started
    result = _hnsw_recall(hnsw, queries, exact, tenth_best)
    progress.update(step, total=1, completed=1)
    return result


# --- Parent: one child per size --------------------------------------------------------------


def _child_command(args: argparse.Namespace, size: int) -> list[str]:
    return [
        sys.executable, "-m", "bench.search_scale", "--child", str(size),
        "--encoder", args.encoder, "--mode", args.mode, "--noise", str(args.noise),
        "--queries", str(args.queries), "--cache-dir", str(args.cache_dir),
        "--threads", str(args.threads), "--recall-from", str(args.recall_from),
    ]  # fmt: skip


def run_sizes(args: argparse.Namespace, sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Measure each size in its own process (stderr passes through)."""
    results = []
    for size in sizes:
        done = subprocess.run(
            _child_command(args, size), cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
            text=True, check=True,
        )  # fmt: skip
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def summary_table(results: Sequence[dict[str, Any]]) -> Table:
    """One row per size."""
    table = Table(title="Product search at scale (one full search per labelled query)")
    columns = ("products", "index", "build s", "setup s", "p50 ms", "p95 ms", "p95 filtered",
               "encode p50", "peak RSS MB", "HNSW recall@10 ef 64/128/256 (ids; ties)")  # fmt: skip
    for name in columns:
        table.add_column(name, justify="right")
    for row in results:
        recall = row["hnsw_recall_at_10"]
        table.add_row(
            f"{row['size']:,}",
            row["kind"],
            f"{row['seconds']['index_build_s']:.1f}",
            f"{row['seconds']['engine_setup_s']:.1f}",
            f"{row['latency_ms']['p50']:.1f}",
            f"{row['latency_ms']['p95']:.1f}",
            f"{row['latency_ms']['with_filters'].get('p95', 0.0):.1f}",
            f"{row['latency_ms']['encode_p50']:.1f}",
            f"{row['memory_mb']['peak_rss']:,.0f}",
            "-" if recall is None else _recall_cell(recall),
        )
    return table


def _recall_cell(recall: dict[str, dict[str, float]]) -> str:
    ids = " / ".join(f"{value['ids']:.2f}" for value in recall.values())
    ties = " / ".join(f"{value['within_tie']:.2f}" for value in recall.values())
    return f"{ids}; {ties}"


def _parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--encoder", default="minilm")
    parser.add_argument("--mode", choices=("semantic", "combined"), default="semantic")
    parser.add_argument("--noise", type=float, default=0.02, help="Gaussian sd per dimension")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threads", type=int, default=1, help="model CPU threads")
    parser.add_argument("--recall-from", type=int, default=100_000, help="smallest size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure_size(args, args.child)))
        return 0
    started = time.perf_counter()
    results = run_sizes(args, args.sizes)
    Console(file=sys.stdout, width=160).print(summary_table(results))
    mode: SearchMode = args.mode
    report = {
        "benchmark": "search_scale",
        "encoder": args.encoder,
        "mode": mode,
        "noise": args.noise,
        "sizes": results,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
