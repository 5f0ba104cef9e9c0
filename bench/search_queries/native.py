"""Product requests written directly in each language, labelled with the expected category.

``bench/search_queries/native/<lang>.tsv`` (en, es, fr, de, it, pt, nl, zh) holds requests
as a shopper thinking in that language types them (compounds, colloquial words, typos,
price, colour and size wishes), written for the project, not translated from one another.
Columns: ``query``, ``categories`` (the demo catalog's sub-categories that answer it,
``|``-separated; empty: the shop sells nothing that fits, the answer should be "nothing
fits"), ``kind`` (keyword, natural, compound, colloquial, typo, filter, absent) and
``split`` (``tune`` or ``test``).

The split was fixed before any search ran on the queries and never moves: within each
language, the catalog-available requests and the absent ones are each ordered by the
SHA-256 of ``"<lang>\\t<query>"`` and dealt alternately to ``tune`` and ``test``
(:func:`assign_splits`). Tuning (glossary words, relevance bars) may look at the tuning
half only; figures are reported on the test half. Run from the project root::

    .venv/bin/python -m bench.search_queries.native --check   # labels and split are valid
    .venv/bin/python -m bench.search_queries.native --write   # (re)write the split column
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "NATIVE_DIR",
    "NativeQuery",
    "assign_splits",
    "check",
    "load_native",
    "main",
]

NATIVE_DIR = Path(__file__).with_name("native")
LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "zh")
SPLITS = ("tune", "test")
_COLUMNS = ("query", "categories", "kind", "split")
_KINDS = frozenset({"keyword", "natural", "compound", "colloquial", "typo", "filter", "absent"})


@dataclass(frozen=True, slots=True)
class NativeQuery:
    """One labelled request: expected sub-categories (empty: nothing in the shop fits)."""

    lang: str
    query: str
    categories: frozenset[str]
    kind: str
    split: str = ""

    @property
    def available(self) -> bool:
        """Whether the catalog has products for it."""
        return bool(self.categories)


def _digest(query: NativeQuery) -> str:
    return hashlib.sha256(f"{query.lang}\t{query.query}".encode()).hexdigest()


def assign_splits(queries: Iterable[NativeQuery]) -> list[NativeQuery]:
    """The queries (same order) with ``split`` set by the fixed hash rule (module docstring)."""
    items = list(queries)
    split_of: dict[tuple[str, str], str] = {}
    groups: dict[tuple[str, bool], list[NativeQuery]] = {}
    for item in items:
        groups.setdefault((item.lang, item.available), []).append(item)
    for group in groups.values():
        for position, item in enumerate(sorted(group, key=_digest)):
            split_of[(item.lang, item.query)] = SPLITS[position % 2]
    return [replace(item, split=split_of[(item.lang, item.query)]) for item in items]


def _read(path: Path) -> list[NativeQuery]:
    lang = path.stem
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows: list[NativeQuery] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = dict(zip(header, line.split("\t"), strict=True))
        categories = frozenset(c.strip() for c in fields["categories"].split("|") if c.strip())
        rows.append(
            NativeQuery(
                lang,
                fields["query"].strip(),
                categories,
                fields["kind"].strip(),
                fields.get("split", "").strip(),
            )
        )
        if not rows[-1].query:
            raise ValueError(f"{path}, line {number}: empty query")
    return rows


def load_native(
    languages: Sequence[str] = LANGUAGES, *, split: str | None = None, directory: Path = NATIVE_DIR
) -> list[NativeQuery]:
    """The labelled requests of ``languages`` (one split, or both when ``None``)."""
    queries = [item for lang in languages for item in _read(directory / f"{lang}.tsv")]
    return [item for item in queries if split is None or item.split == split]


def check(queries: Sequence[NativeQuery], known_categories: Iterable[str]) -> list[str]:
    """Problems of the labels: unknown categories or kinds, repeats, a moved split."""
    known = set(known_categories)
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    expected = {(item.lang, item.query): item.split for item in assign_splits(queries)}
    for item in queries:
        key = (item.lang, item.query)
        if key in seen:
            problems.append(f"{item.lang}: {item.query!r} is repeated")
        seen.add(key)
        for category in sorted(item.categories - known):
            problems.append(f"{item.lang}: {item.query!r}: unknown category {category!r}")
        if item.kind not in _KINDS or (item.kind == "absent") == item.available:
            problems.append(f"{item.lang}: {item.query!r}: kind {item.kind!r} does not fit")
        if item.split != expected[key]:
            problems.append(f"{item.lang}: {item.query!r}: split {item.split!r}, rule says "
                            f"{expected[key]!r}")  # fmt: skip
    return problems


def _write(directory: Path) -> None:
    for lang in LANGUAGES:
        path = directory / f"{lang}.tsv"
        rows = assign_splits(_read(path))
        lines = ["\t".join(_COLUMNS)]
        lines += [
            "\t".join((r.query, "|".join(sorted(r.categories)), r.kind, r.split)) for r in rows
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the split column")
    parser.add_argument("--check", action="store_true", help="validate labels and split")
    args = parser.parse_args(argv)
    if args.write:
        _write(NATIVE_DIR)
    from knowledge.catalog.vocabulary import CATEGORIES

    known = [sub.name for top in CATEGORIES for sub in top.subcategories]
    queries = load_native()
    problems = check(queries, known)
    for problem in problems:
        print(problem, file=sys.stderr)
    for lang in LANGUAGES:
        mine = [q for q in queries if q.lang == lang]
        counts = {
            split: (
                sum(q.available for q in mine if q.split == split),
                sum(not q.available for q in mine if q.split == split),
            )
            for split in SPLITS
        }
        print(f"{lang}: " + ", ".join(f"{s} {a} available + {n} absent"
                                     for s, (a, n) in counts.items()))  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
