"""Labelled sentiment texts: the project's training examples and evaluation files (TSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from knowledge.sentiment.labels import LABELS

__all__ = [
    "EXAMPLES_DIR",
    "LabelledSentiment",
    "SentimentFileError",
    "project_examples",
    "read_sentiment_file",
]

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
"""``<lang>.tsv`` files written by the project (columns ``label``, ``text``)."""


class SentimentFileError(ValueError):
    """A labelled sentiment file is missing a column or has an unknown label."""


@dataclass(frozen=True)
class LabelledSentiment:
    """One text with its sentiment label and, when known, its language."""

    label: str
    text: str
    lang: str = ""


def read_sentiment_file(path: Path, default_lang: str = "") -> list[LabelledSentiment]:
    """Rows of a TSV with columns ``label`` and ``text`` (and optionally ``lang``)."""
    csv.field_size_limit(1 << 20)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        columns = set(reader.fieldnames or ())
        if not {"label", "text"} <= columns:
            raise SentimentFileError(
                f"{path}: needs the columns 'label' and 'text' (found {sorted(columns)})"
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            label = (row.get("label") or "").strip().lower()
            text = (row.get("text") or "").strip()
            if not text:
                continue
            if label not in LABELS:
                raise SentimentFileError(
                    f"{path}, line {number}: label {label!r} is not one of {', '.join(LABELS)}"
                )
            lang = (row.get("lang") or default_lang).strip().lower()
            rows.append(LabelledSentiment(label=label, text=text, lang=lang))
    return rows


def project_examples(directory: Path = EXAMPLES_DIR) -> list[LabelledSentiment]:
    """Every example the project wrote, the language taken from each file's name."""
    examples: list[LabelledSentiment] = []
    for path in sorted(directory.glob("*.tsv")):
        examples.extend(read_sentiment_file(path, default_lang=path.stem))
    return examples
