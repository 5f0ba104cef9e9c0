"""Ranking metrics for labelled product-search queries (pure functions, no search code).

A labelled query has a set of relevant product ids; an empty set means the shop sells
nothing that fits ("no match"). A system under test is a function ``run(query, lang)``
returning ranked product ids, best first; an empty result means "nothing fits".

- :func:`ndcg_at_k`: binary gains, DCG = sum of ``1 / log2(rank + 1)`` over relevant ids in
  the top ``k``; the ideal DCG puts ``min(k, |relevant|)`` relevant ids first.
- :func:`mrr_at_k`: ``1 / rank`` of the first relevant id in the top ``k``, else 0.
- :func:`recall_at_k`: relevant ids in the top ``k`` divided by ``min(k, |relevant|)``, so a
  query with 40 relevant products scores 1.0 when its top 10 are all relevant.

Repeated ids in a ranking count once (at their first rank). The three functions return 0.0
for an empty relevant set; :func:`evaluate` leaves such queries out of their averages and
scores them with the no-match figures instead.

Category-labelled requests (a request labelled with the sub-categories that answer it, not
with product ids) are scored by :func:`category_precision_at_k` and summarised per group by
:func:`category_summary`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CategoryOutcome",
    "LabelledQuery",
    "Metrics",
    "category_precision_at_k",
    "category_summary",
    "evaluate",
    "mrr_at_k",
    "ndcg_at_k",
    "read_labelled_queries",
    "recall_at_k",
]

#: One group's figures: retrieval metrics, no-match precision and recall, ``n`` queries.
Metrics = dict[str, float | int | None]

_REQUIRED_COLUMNS = ("query", "relevant_ids")
_DECIMALS = 4


@dataclass(frozen=True)
class LabelledQuery:
    """A query with its relevant product ids (empty: nothing in the shop fits)."""

    query: str
    relevant: frozenset[str]
    lang: str = "en"
    kind: str = ""


# --- Per-query metrics -----------------------------------------------------------------------


def _top(ranked_ids: Iterable[str], k: int) -> list[str]:
    """The first ``k`` distinct ids of a ranking."""
    if k < 1:
        raise ValueError("k must be at least 1")
    seen: list[str] = []
    for product_id in ranked_ids:
        if product_id not in seen:
            seen.append(product_id)
            if len(seen) == k:
                break
    return seen


def ndcg_at_k(ranked_ids: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Normalised DCG with binary gains; the ideal ranking has min(k, |relevant|) hits."""
    wanted = set(relevant)
    if not wanted:
        return 0.0
    top = _top(ranked_ids, k)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, pid in enumerate(top, 1) if pid in wanted)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(wanted)) + 1))
    return dcg / ideal


def mrr_at_k(ranked_ids: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Reciprocal rank of the first relevant id within the top ``k`` (0 when none)."""
    wanted = set(relevant)
    for rank, product_id in enumerate(_top(ranked_ids, k), start=1):
        if product_id in wanted:
            return 1.0 / rank
    return 0.0


def recall_at_k(ranked_ids: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Relevant ids in the top ``k`` over ``min(k, |relevant|)`` (0 for an empty set)."""
    wanted = set(relevant)
    if not wanted:
        return 0.0
    hits = sum(1 for product_id in _top(ranked_ids, k) if product_id in wanted)
    return hits / min(k, len(wanted))


def category_precision_at_k(
    ranked_categories: Sequence[str], expected: Iterable[str], k: int = 5
) -> float:
    """Share of the first ``k`` ranks holding a product of an expected category; ranks left
    empty (fewer than ``k`` results, or "nothing fits") count as misses, as in IR's P@k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    wanted = set(expected)
    return sum(1 for category in ranked_categories[:k] if category in wanted) / k


@dataclass(frozen=True, slots=True)
class CategoryOutcome:
    """One category-labelled request and the categories of its results, best first."""

    expected: frozenset[str]
    categories: tuple[str, ...]


def category_summary(outcomes: Sequence[CategoryOutcome], k: int = 5) -> Metrics:
    """``precision@k`` (mean over requests the catalog can answer), ``nothing_fits`` (share
    of those answered with nothing), ``absent_declined`` (share of requests for things the
    shop does not sell answered with nothing) and the counts ``n`` and ``n_absent``."""
    available = [item for item in outcomes if item.expected]
    absent = [item for item in outcomes if not item.expected]
    precision = [category_precision_at_k(item.categories, item.expected, k) for item in available]
    return {
        f"precision@{k}": _mean(precision),
        "nothing_fits": _share(sum(1 for item in available if not item.categories), len(available)),
        "absent_declined": _share(sum(1 for item in absent if not item.categories), len(absent)),
        "n": len(available),
        "n_absent": len(absent),
    }


# --- Reading a labelled file -----------------------------------------------------------------


def _split_ids(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _header(path: Path, line: str) -> list[str]:
    columns = [name.strip().lower() for name in line.split("\t")]
    missing = [name for name in _REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValueError(f"{path}, line 1: the header lacks column(s) {', '.join(missing)}")
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise ValueError(f"{path}, line 1: repeated column(s) {', '.join(repeated)}")
    return columns


def _labelled(path: Path, number: int, line: str, columns: list[str]) -> LabelledQuery:
    fields = line.split("\t")
    if len(fields) != len(columns):
        raise ValueError(
            f"{path}, line {number}: {len(fields)} tab-separated fields, "
            f"the header has {len(columns)}"
        )
    row = dict(zip(columns, fields, strict=True))
    query = row["query"].strip()
    if not query:
        raise ValueError(f"{path}, line {number}: the query is empty")
    return LabelledQuery(
        query=query,
        relevant=_split_ids(row["relevant_ids"]),
        lang=row.get("lang", "").strip() or "en",
        kind=row.get("kind", "").strip(),
    )


def read_labelled_queries(path: Path | str) -> list[LabelledQuery]:
    """Read a UTF-8 TSV with a header; raises ``ValueError`` naming the line of a problem.

    Required columns: ``query`` and ``relevant_ids`` (comma-separated, empty for no match);
    optional: ``lang`` (default ``en``) and ``kind``; other columns are ignored. Blank lines
    are skipped. Fields may not contain tabs (no quoting).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error.reason})") from error
    if not lines or not lines[0].strip():
        raise ValueError(f"{path}, line 1: expected a header with query and relevant_ids")
    columns = _header(path, lines[0].lstrip("\ufeff"))
    return [
        _labelled(path, number, line, columns)
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]


# --- Evaluating a system ---------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), _DECIMALS) if values else None


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, _DECIMALS) if total else None


def _group_metrics(results: Sequence[tuple[LabelledQuery, Sequence[str]]], k: int) -> Metrics:
    """The figures of one group of (query, ranking) pairs."""
    scored = [(item, ranked) for item, ranked in results if item.relevant]
    empty_answers = [item for item, ranked in results if not ranked]
    no_match_queries = [ranked for item, ranked in results if not item.relevant]
    return {
        f"ndcg@{k}": _mean([ndcg_at_k(ranked, item.relevant, k) for item, ranked in scored]),
        f"mrr@{k}": _mean([mrr_at_k(ranked, item.relevant, k) for item, ranked in scored]),
        f"recall@{k}": _mean([recall_at_k(ranked, item.relevant, k) for item, ranked in scored]),
        "no_match_precision": _share(
            sum(1 for item in empty_answers if not item.relevant), len(empty_answers)
        ),
        "no_match_recall": _share(
            sum(1 for ranked in no_match_queries if not ranked), len(no_match_queries)
        ),
        "n": len(results),
    }


def _grouped(
    results: Sequence[tuple[LabelledQuery, Sequence[str]]],
    key: Callable[[LabelledQuery], str],
    k: int,
) -> dict[str, Metrics]:
    groups: dict[str, list[tuple[LabelledQuery, Sequence[str]]]] = {}
    for item, ranked in results:
        groups.setdefault(key(item), []).append((item, ranked))
    return {name: _group_metrics(groups[name], k) for name in sorted(groups)}


def evaluate(
    run: Callable[[str, str], Sequence[str]],
    queries: Iterable[LabelledQuery],
    k: int = 10,
) -> dict[str, Any]:
    """Run every query and report the figures overall, by language and by kind.

    ``{"overall": {...}, "by_language": {"en": {...}}, "by_kind": {"keyword": {...}}}``;
    each ``{...}`` holds:

    - ``ndcg@k``, ``mrr@k``, ``recall@k``: means over the group's queries that have
      relevant ids (``None`` when it has none);
    - ``no_match_precision``: among the queries answered with nothing, the share that have
      no relevant ids (``None`` when the system always answered something);
    - ``no_match_recall``: among the queries without relevant ids, the share answered with
      nothing (``None`` when the group has no such query);
    - ``n``: the number of queries in the group.

    Figures are rounded to 4 decimals. Queries without a kind are grouped under "".
    """
    results = [(item, list(run(item.query, item.lang))) for item in queries]
    return {
        "overall": _group_metrics(results, k),
        "by_language": _grouped(results, lambda item: item.lang, k),
        "by_kind": _grouped(results, lambda item: item.kind, k),
    }
