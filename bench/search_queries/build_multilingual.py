"""Materialise the translated product-search queries: ``translations/*.yml`` -> one TSV.

The project's translations of the 268 labelled English queries into the seven other
languages the assistant speaks (es, fr, de, it, pt, nl, zh) live in
``bench/search_queries/translations/<lang>.yml``: ``lang``, ``identical`` (the few English
queries whose translation may equal the English text, such as "iphone 15 pro" or "wok") and
``translations``, a mapping from the English query text to the translation. The products do
not change, so a translation keeps the relevant ids of its English row: this script reads
``bench/data/search_queries.tsv`` (written by :mod:`bench.search_queries.build`) and writes
``bench/data/search_queries_multilingual.tsv`` with the same columns, the English rows
first, then each language in the order of :data:`LANGUAGES`, each in the English order.
Run from the project root::

    .venv/bin/python -m bench.search_queries.build_multilingual           # write the TSV
    .venv/bin/python -m bench.search_queries.build_multilingual --check   # exit 1 when stale

Checks (a failure stops the build and lists every problem): every English query has a
translation in every language and no translation is left over from a removed query; a
translation is one lower-case line without outer spaces or tabs, is not empty, differs from
the English text unless listed under ``identical`` (and every listed query really is
translated identically), is unique within its language, and contains every number (run of
digits) of the English query.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.search_queries.build import COLUMNS, LabelledRow, render_tsv
from bench.search_queries.build import TSV_PATH as ENGLISH_TSV_PATH

__all__ = [
    "LANGUAGES",
    "TRANSLATIONS_DIR",
    "TSV_PATH",
    "Translations",
    "build_rows",
    "check_translations",
    "load_all",
    "load_translations",
    "main",
    "numbers",
    "read_english_rows",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS_DIR = Path(__file__).with_name("translations")
TSV_PATH = PROJECT_ROOT / "bench" / "data" / "search_queries_multilingual.tsv"
#: The languages besides English, in the order of the TSV.
LANGUAGES = ("es", "fr", "de", "it", "pt", "nl", "zh")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Translations:
    """One ``translations/<lang>.yml``: English query text -> translation."""

    lang: str
    texts: Mapping[str, str]
    identical: frozenset[str] = frozenset()


def load_translations(lang: str, directory: Path = TRANSLATIONS_DIR) -> Translations:
    """Read ``<directory>/<lang>.yml``; ``ValueError`` when its form is wrong."""
    path = directory / f"{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - {"lang", "identical", "translations"}:
        raise ValueError(f"{path}: expected the keys lang, identical and translations")
    if data.get("lang") != lang:
        raise ValueError(f"{path}: lang is {data.get('lang')!r}, expected {lang!r}")
    texts = data.get("translations")
    identical = data.get("identical") or []
    if not isinstance(texts, dict) or not isinstance(identical, list):
        raise ValueError(f"{path}: translations must be a mapping and identical a list")
    wrong = [key for key, value in texts.items() if not (isinstance(key, str)
             and isinstance(value, str))] + [item for item in identical
                                              if not isinstance(item, str)]  # fmt: skip
    if wrong:
        raise ValueError(f"{path}: keys and values must be strings (quote them): {wrong[:5]}")
    return Translations(lang, dict(texts), frozenset(identical))


def load_all(
    languages: Sequence[str] = LANGUAGES, directory: Path = TRANSLATIONS_DIR
) -> list[Translations]:
    """The translations of every language, in order."""
    return [load_translations(lang, directory) for lang in languages]


def read_english_rows(path: Path = ENGLISH_TSV_PATH) -> list[LabelledRow]:
    """The rows of the English TSV, in its order (the columns of the English build)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{path}: expected the header {' '.join(COLUMNS)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ValueError(f"{path}, line {number}: expected {len(COLUMNS)} fields")
        query, ids, kind, lang = fields
        rows.append(LabelledRow(query, tuple(i for i in ids.split(",") if i), kind, lang))
    if any(row.lang != "en" for row in rows):
        raise ValueError(f"{path}: expected English rows only")
    return rows


def numbers(text: str) -> set[str]:
    """The runs of digits of ``text`` ("size 4-5y" -> {"4", "5"})."""
    return set(_NUMBER.findall(text))


def check_translations(english: Sequence[str], translations: Translations) -> list[str]:
    """Every problem of one language's translations (empty: all good)."""
    lang, texts = translations.lang, translations.texts
    problems = [f"{lang}: no translation of {query!r}" for query in english if query not in texts]
    known = set(english)
    problems += [f"{lang}: {query!r} is not an English query" for query in texts
                 if query not in known]  # fmt: skip
    for query, text in texts.items():
        where = f"{lang}: {query!r} -> {text!r}"
        if not text.strip():
            problems.append(f"{where}: empty")
            continue
        if text != text.strip() or text != text.lower() or any(c in text for c in "\t\r\n"):
            problems.append(f"{where}: must be one lower-case line without outer spaces")
        if text == query and query not in translations.identical:
            problems.append(f"{where}: same as the English (list it under identical if meant)")
        missing = numbers(query) - numbers(text)
        if missing:
            problems.append(f"{where}: lacks the number(s) {', '.join(sorted(missing))}")
    for query in sorted(translations.identical):
        if texts.get(query) != query:
            problems.append(f"{lang}: {query!r} is listed as identical but is not")
    repeated = [text for text, n in Counter(texts.values()).items() if n > 1]
    problems += [f"{lang}: {text!r} translates more than one query" for text in repeated]
    return problems


def build_rows(
    english: Sequence[LabelledRow], translations: Sequence[Translations]
) -> list[LabelledRow]:
    """The English rows, then each language's; ``ValueError`` listing every problem."""
    queries = [row.query for row in english]
    problems = [problem for item in translations for problem in check_translations(queries, item)]
    if problems:
        raise ValueError("\n  ".join([f"{len(problems)} problem(s):", *problems]))
    rows = list(english)
    for item in translations:
        rows += [
            LabelledRow(item.texts[row.query], row.relevant_ids, row.kind, item.lang)
            for row in english
        ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring). Returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english", type=Path, default=ENGLISH_TSV_PATH)
    parser.add_argument("--translations", type=Path, default=TRANSLATIONS_DIR)
    parser.add_argument("--out", type=Path, default=TSV_PATH)
    parser.add_argument("--check", action="store_true", help="only compare with --out")
    args = parser.parse_args(argv)
    try:
        english = read_english_rows(args.english)
        rows = build_rows(english, load_all(LANGUAGES, args.translations))
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text = render_tsv(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m bench.search_queries."
                  "build_multilingual", file=sys.stderr)  # fmt: skip
            return 1
        print(f"{args.out} is up to date ({len(rows)} rows)", file=sys.stderr)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = Counter(row.lang for row in rows)
    summary = ", ".join(f"{lang} {counts[lang]}" for lang in ("en", *LANGUAGES))
    print(f"wrote {args.out} ({len(rows)} rows: {summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
