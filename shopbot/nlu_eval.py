"""Intent evaluation against labelled text: reading the TSV and scoring predictions.

The pure half of ``shopbot eval intents`` (the HTTP half is in
``shopbot.cli.evaluate_intents``): :func:`read_labelled_intents` reads a UTF-8 TSV with
header columns ``intent`` and ``text`` and an optional ``lang``; :func:`score_intents`
turns (gold, predicted) pairs into accuracy overall and by language plus the most
frequent confusions.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "UNKNOWN_LANGUAGE",
    "LabelledIntent",
    "read_labelled_intents",
    "score_intents",
]

UNKNOWN_LANGUAGE = "unknown"
"""The ``by_language`` key of rows from a file without a ``lang`` column (or an empty one)."""


@dataclass(frozen=True, slots=True)
class LabelledIntent:
    """One row: the message text, its expected intent, its language (or ``unknown``)."""

    text: str
    intent: str
    lang: str = UNKNOWN_LANGUAGE


def read_labelled_intents(path: Path) -> list[LabelledIntent]:
    """Rows of a UTF-8 TSV with header columns ``intent`` and ``text`` (``lang`` optional).

    Other columns are ignored. Raises ``ValueError`` naming the problem: missing columns,
    an empty intent or text (with its line number), or no rows at all.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = set(reader.fieldnames or ())
        missing = {"intent", "text"} - columns
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows: list[LabelledIntent] = []
        for line, row in enumerate(reader, start=2):
            intent = (row.get("intent") or "").strip()
            text = (row.get("text") or "").strip()
            if not intent or not text:
                raise ValueError(f"{path}:{line}: empty intent or text")
            lang = (row.get("lang") or "").strip() or UNKNOWN_LANGUAGE
            rows.append(LabelledIntent(text=text, intent=intent, lang=lang))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def _accuracy(correct: int, total: int) -> dict[str, Any]:
    return {"accuracy": round(correct / total, 4) if total else 0.0, "n": total}


def score_intents(
    rows: Sequence[LabelledIntent], predicted: Sequence[str | None], top: int = 10
) -> dict[str, Any]:
    """Accuracy overall and by language, and the ``top`` most frequent confusions.

    ``predicted[i]`` is the intent predicted for ``rows[i]`` (``None`` when there was no
    prediction; it counts as wrong and shows as ``null`` in the confusions). Confusions are
    sorted by count, then by intent names, so the output is deterministic.
    """
    if len(rows) != len(predicted):
        raise ValueError(f"{len(rows)} rows but {len(predicted)} predictions")
    correct_by_language: Counter[str] = Counter()
    total_by_language: Counter[str] = Counter()
    confusions: Counter[tuple[str, str | None]] = Counter()
    examples: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row, guess in zip(rows, predicted, strict=True):
        total_by_language[row.lang] += 1
        if guess == row.intent:
            correct_by_language[row.lang] += 1
        else:
            confusions[(row.intent, guess)] += 1
            if len(examples[(row.intent, guess)]) < 3:
                examples[(row.intent, guess)].append(row.text)
    ordered = sorted(confusions.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or ""))
    return {
        "overall": _accuracy(sum(correct_by_language.values()), len(rows)),
        "by_language": {
            lang: _accuracy(correct_by_language[lang], total_by_language[lang])
            for lang in sorted(total_by_language)
        },
        "confusions": [
            {
                "intent": gold,
                "predicted": guess,
                "count": count,
                "examples": examples[(gold, guess)],
            }
            for (gold, guess), count in ordered[:top]
        ],
    }
