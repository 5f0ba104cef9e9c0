"""Labelled language-ID files (TSV ``lang``, ``text``) and accuracy by language and length."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.language.languages import normalise_code
from knowledge.language.script import script_of

__all__ = [
    "LENGTH_BUCKETS",
    "LabelledText",
    "evaluate_langid",
    "length_bucket",
    "read_langid_file",
    "word_count",
]

LENGTH_BUCKETS: tuple[str, ...] = ("1-2", "3-5", "6+")
_CJK = frozenset({"han", "kana"})


@dataclass(frozen=True)
class LabelledText:
    """One row of a labelled file."""

    lang: str
    text: str


def read_langid_file(path: Path) -> list[LabelledText]:
    """Rows of a UTF-8 TSV with header columns ``lang`` and ``text`` (others ignored).

    Raises ``ValueError`` naming the problem: missing columns, an empty language or text
    (with its line number), or no rows at all.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"lang", "text"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows: list[LabelledText] = []
        for line, row in enumerate(reader, start=2):
            lang, text = (row.get("lang") or "").strip(), (row.get("text") or "").strip()
            if not lang or not text:
                raise ValueError(f"{path}:{line}: empty lang or text")
            rows.append(LabelledText(lang=normalise_code(lang), text=text))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def word_count(text: str) -> int:
    """Whitespace words; in Chinese and Japanese, two characters count as one word.

    Tokens with no han or kana count one each; han/kana characters count half a word
    each (rounded up), so "我的订单在哪里" (7 characters) is 4 words.
    """
    plain = 0
    cjk = 0
    for token in text.split():
        characters = sum(1 for char in token if script_of(char) in _CJK)
        if characters:
            cjk += characters
        else:
            plain += 1
    return plain + (cjk + 1) // 2


def length_bucket(text: str) -> str:
    """``"1-2"``, ``"3-5"`` or ``"6+"`` words (see :func:`word_count`)."""
    count = word_count(text)
    return "1-2" if count <= 2 else "3-5" if count <= 5 else "6+"


def _accuracy(hits: int, n: int) -> dict[str, Any]:
    return {"accuracy": round(hits / n, 4) if n else None, "n": n}


def evaluate_langid(predict: Callable[[str], str], rows: Iterable[LabelledText]) -> dict[str, Any]:
    """Accuracy of ``predict`` overall, by true language and by length bucket."""
    total = [0, 0]
    by_language: dict[str, list[int]] = {}
    by_length: dict[str, list[int]] = {bucket: [0, 0] for bucket in LENGTH_BUCKETS}
    for row in rows:
        hit = int(normalise_code(predict(row.text)) == row.lang)
        for counter in (total, by_language.setdefault(row.lang, [0, 0]),
                        by_length[length_bucket(row.text)]):  # fmt: skip
            counter[0] += hit
            counter[1] += 1
    return {
        "overall": _accuracy(*total),
        "by_language": {lang: _accuracy(*by_language[lang]) for lang in sorted(by_language)},
        "by_length": {bucket: _accuracy(*by_length[bucket]) for bucket in LENGTH_BUCKETS},
    }
