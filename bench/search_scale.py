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

**What is measured**, each size in two fresh child processes so that memory figures do
not mix: one builds and saves, the other loads and serves (as the assistant would):

- *build* (first child, once): ``ProductIndex.from_vectors`` from vectors already computed
  (FAISS kind ``auto``: exact flat up to 100,000 products, HNSW M=32 over half-float
  vectors above), then the facet table and BM25 (``ProductSearch.with_saved_parts``), all
  saved to a scratch folder; its own peak memory;
- *HNSW recall@10* (first child) against exact inner-product search over the same
  vectors, for the encoded labelled queries without filters, at ``efSearch`` 64 (the
  default), 128 and 256: ``ids``, the share of the exact top 10 that HNSW returns;
  ``within_tie``, the share of HNSW's top 10 whose cosine is within 0.01 of the exact 10th
  best. Clones of one product are near-ties (their order is decided by the synthetic
  noise), so ``ids`` understates what a shopper would notice at large sizes. At sizes that
  ``auto`` indexes flat (100,000), an extra HNSW index is built for the comparison (its
  build time is reported too); sizes below ``--recall-from`` skip it;
- *engine set-up* (second child): ``ProductIndex.load`` plus
  ``ProductSearch.with_saved_parts`` from the saved folder, given the products (the clones
  stand for the catalog read from the database; making them is timed apart, ``clone_s``);
- *latency* (second child): one full ``ProductSearch.search`` (query encoding, filters
  read from the words, FAISS search restricted to the products that pass them, BM25 in
  combined mode, the relevance rule) for each labelled query in
  ``bench/data/search_queries.tsv``, after 10 warm-up queries; p50 and p95, also split by
  whether the parser read filters from the query, and the p50 of two steps alone: query
  encoding and parsing;
- *memory* (second child): peak resident set size (``resource.getrusage`` ``ru_maxrss``),
  which includes Python, the encoder and spaCy models, the cloned products, the index and
  BM25's memory-mapped pages that were read; ``baseline`` is the same figure before
  cloning;
- *quality* (once per run): nDCG@10 of the labelled set on its own 2,400-product catalog,
  with the index kind the shipped configuration uses there (flat) and with the HNSW index
  the large sizes use, so that the compact vectors' effect on ranking is measured.

Default encoder ``e5`` and mode ``combined``: the shipped configuration; ``--bits`` sets
the HNSW vectors' bits per component (16 by default, 8 or 32). Progress goes to
stderr; the summary table and then one JSON line go to stdout.
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
import tempfile
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
from knowledge.index import HnswParams, ProductIndex
from knowledge.search import ProductSearch, SearchMode
from knowledge.search.engine import PARTS_DIR
from knowledge.search.metrics import evaluate, read_labelled_queries

__all__ = [
    "build_size",
    "clone_catalog",
    "clone_vectors",
    "exact_top_k",
    "main",
    "measure_quality",
    "recall_at_10",
    "serve_size",
]

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


def _progress() -> Progress:
    """The bar both processes show (on stderr) while they clone, build, load and measure."""
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=Console(stderr=True),
    )  # fmt: skip


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


def _fingerprint(args: argparse.Namespace, size: int) -> str:
    return f"synthetic-{size}-noise-{args.noise}"


def build_size(args: argparse.Namespace, size: int) -> dict[str, Any]:
    """Build and save the index and search structures of one size; HNSW recall."""
    timings: dict[str, float] = {}
    encoder = load_encoder(args.encoder, threads=args.threads)
    originals = generate_catalog(2400)
    base = _base_vectors(encoder, originals, args.cache_dir)
    texts = [query.query for query in read_labelled_queries(args.queries)]
    query_vectors = encoder.encode_queries(texts)
    folder = Path(args.work_dir)
    with _progress() as progress:
        started = time.perf_counter()
        products = clone_catalog(originals, size)
        vectors = clone_vectors(base, size, args.noise)
        timings["clone_s"] = time.perf_counter() - started
        ids = [product.id for product in products]

        step = progress.add_task(f"{size:>9,} index build", total=None)
        started = time.perf_counter()
        index = ProductIndex.from_vectors(
            ids, vectors, encoder, fingerprint=_fingerprint(args, size),
            hnsw=HnswParams(bits=args.bits),
        )  # fmt: skip
        timings["index_build_s"] = time.perf_counter() - started
        started = time.perf_counter()
        index.save(folder)
        timings["index_save_s"] = time.perf_counter() - started
        progress.update(step, total=1, completed=1)

        step = progress.add_task(f"{size:>9,} BM25 and facets", total=None)
        started = time.perf_counter()
        ProductSearch.with_saved_parts(
            products, index, folder / PARTS_DIR, fingerprint=_fingerprint(args, size),
            mode=args.mode,
        )  # fmt: skip
        timings["parts_build_s"] = time.perf_counter() - started
        progress.update(step, total=1, completed=1)

        recall: dict[str, Any] | None = None
        if size >= args.recall_from:
            recall = _recall(index, ids, vectors, query_vectors, timings, progress, size)
    return {
        "kind": index.kind,
        "hnsw": None if index.hnsw is None else index.hnsw.__dict__,
        "seconds": {key: round(value, 2) for key, value in timings.items()},
        "hnsw_recall_at_10": recall,
        "disk_mb": round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20),
        "memory_mb": {"peak_rss": _rss_mb()},
    }


def serve_size(args: argparse.Namespace, size: int) -> dict[str, Any]:
    """Load the saved engine of one size and time searches (see the module docstring)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    encoder = load_encoder(args.encoder, threads=args.threads)
    encoder.encode_queries(["warm up"])
    timings["encoder_load_s"] = time.perf_counter() - started
    originals = generate_catalog(2400)
    texts = [query.query for query in read_labelled_queries(args.queries)]
    baseline = _rss_mb()
    folder = Path(args.work_dir)
    with _progress() as progress:
        started = time.perf_counter()
        products = clone_catalog(originals, size)
        timings["clone_s"] = time.perf_counter() - started

        step = progress.add_task(f"{size:>9,} engine set-up", total=None)
        started = time.perf_counter()
        fingerprint = _fingerprint(args, size)
        index = ProductIndex.load(folder, encoder, expected_fingerprint=fingerprint)
        timings["index_load_s"] = time.perf_counter() - started
        search = ProductSearch.with_saved_parts(
            products, index, folder / PARTS_DIR, fingerprint=fingerprint, mode=args.mode
        )
        timings["engine_setup_s"] = time.perf_counter() - started
        progress.update(step, total=1, completed=1)
        latency = _latency(search, texts, progress, size)
    return {
        "kind": index.kind,
        "seconds": {key: round(value, 2) for key, value in timings.items()},
        "latency_ms": latency,
        "memory_mb": {"baseline_peak_rss": baseline, "peak_rss": _rss_mb()},
    }


def measure_quality(args: argparse.Namespace) -> dict[str, Any]:
    """nDCG@10 (and the rest of :func:`evaluate`'s overall figures) of the labelled set on
    its own 2,400-product catalog, with a flat and with an HNSW index."""
    encoder = load_encoder(args.encoder, threads=args.threads)
    products = generate_catalog(2400)
    vectors = _base_vectors(encoder, products, args.cache_dir)
    ids = [product.id for product in products]
    queries = read_labelled_queries(args.queries)
    figures: dict[str, Any] = {}
    for kind in ("flat", "hnsw"):
        index = ProductIndex.from_vectors(
            ids, vectors, encoder, fingerprint="demo", kind=kind, hnsw=HnswParams(bits=args.bits)
        )
        search = ProductSearch(products, index, mode=args.mode)

        def run(text: str, lang: str, search: ProductSearch = search) -> list[str]:
            return [hit.product.id for hit in search.search(text, language=lang).hits]

        figures[kind] = evaluate(run, queries)["overall"]
    return figures


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


def _child_command(args: argparse.Namespace, role: str, size: int, work_dir: str) -> list[str]:
    return [
        sys.executable, "-m", "bench.search_scale", f"--{role}", str(size),
        "--work-dir", work_dir,
        "--encoder", args.encoder, "--mode", args.mode, "--noise", str(args.noise),
        "--queries", str(args.queries), "--cache-dir", str(args.cache_dir),
        "--threads", str(args.threads), "--recall-from", str(args.recall_from),
        "--bits", str(args.bits),
    ]  # fmt: skip


def _run_child(args: argparse.Namespace, role: str, size: int, work_dir: str) -> dict[str, Any]:
    done = subprocess.run(
        _child_command(args, role, size, work_dir), cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
        text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_sizes(args: argparse.Namespace, sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Build, then serve, each size in its own processes (stderr passes through)."""
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="search-scale-") as work_dir:
            build = _run_child(args, "child-build", size, work_dir)
            serve = _run_child(args, "child-serve", size, work_dir)
        results.append({"size": size, "mode": args.mode, "build": build, "serve": serve})
    return results


def summary_table(results: Sequence[dict[str, Any]]) -> Table:
    """One row per size."""
    table = Table(title="Product search at scale (one full search per labelled query)")
    columns = ("products", "index", "build s", "set-up s", "p50 ms", "p95 ms",
               "p50 / p95 filtered", "p50 / p95 unfiltered", "encode p50", "peak RSS MB",
               "build peak MB", "HNSW recall@10 ef 64/128/256 (ids; ties)")  # fmt: skip
    for name in columns:
        table.add_column(name, justify="right")
    for row in results:
        build, serve = row["build"], row["serve"]
        latency = serve["latency_ms"]
        recall = build["hnsw_recall_at_10"]
        built = build["seconds"]["index_build_s"] + build["seconds"]["parts_build_s"]
        table.add_row(
            f"{row['size']:,}",
            build["kind"],
            f"{built:.1f}",
            f"{serve['seconds']['engine_setup_s']:.1f}",
            f"{latency['p50']:.1f}",
            f"{latency['p95']:.1f}",
            _pair(latency["with_filters"]),
            _pair(latency["without_filters"]),
            f"{latency['encode_p50']:.1f}",
            f"{serve['memory_mb']['peak_rss']:,.0f}",
            f"{build['memory_mb']['peak_rss']:,.0f}",
            "-" if recall is None else _recall_cell(recall),
        )
    return table


def _pair(figures: dict[str, float]) -> str:
    return f"{figures.get('p50', 0.0):.1f} / {figures.get('p95', 0.0):.1f}"


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
    parser.add_argument("--encoder", default="e5")
    parser.add_argument("--mode", choices=("semantic", "combined"), default="combined")
    parser.add_argument("--noise", type=float, default=0.02, help="Gaussian sd per dimension")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threads", type=int, default=1, help="model CPU threads")
    parser.add_argument("--recall-from", type=int, default=100_000, help="smallest size")
    parser.add_argument("--bits", type=int, default=HnswParams().bits, help="HNSW vector bits")
    parser.add_argument("--no-quality", action="store_true", help="skip the nDCG@10 check")
    parser.add_argument("--child-build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build is not None:
        print(json.dumps(build_size(args, args.child_build)))
        return 0
    if args.child_serve is not None:
        print(json.dumps(serve_size(args, args.child_serve)))
        return 0
    started = time.perf_counter()
    quality = None if args.no_quality else measure_quality(args)
    results = run_sizes(args, args.sizes)
    Console(file=sys.stdout, width=200).print(summary_table(results))
    if quality is not None:
        for kind, figures in quality.items():
            print(f"nDCG@10 of the labelled set (2,400 products, {kind}): {figures['ndcg@10']}")
    mode: SearchMode = args.mode
    report = {
        "benchmark": "search_scale",
        "encoder": args.encoder,
        "mode": mode,
        "hnsw_bits": args.bits,
        "noise": args.noise,
        "quality_2400": quality,
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
