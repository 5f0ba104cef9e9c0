"""Labelled sentiment texts: the project's training examples and evaluation files (TSV)."""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from knowledge.sentiment.labels import LABELS

__all__ = [
    "BASE_REGISTER",
    "EXAMPLES_DIR",
    "LabelledSentiment",
    "SentimentFileError",
    "example_file_parts",
    "project_examples",
    "read_sentiment_file",
]

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
"""Files written by the project (columns ``label``, ``text``): ``<lang>.tsv`` (the first set:
shopper messages and everyday opinions) and ``<lang>.<register>.tsv`` (more of one register,
e.g. ``hi.social.tsv``: social-media posts)."""
BASE_REGISTER = ""
"""The register of the ``<lang>.tsv`` files."""


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


def example_file_parts(path: Path) -> tuple[str, str]:
    """``(language, register)`` of an examples file: ``hi.social.tsv`` -> ``("hi", "social")``,
    ``hi.tsv`` -> ``("hi", "")``."""
    language, _dot, register = path.stem.partition(".")
    return language, register


def project_examples(
    directory: Path = EXAMPLES_DIR, registers: Collection[str] | None = None
) -> list[LabelledSentiment]:
    """Every example the project wrote (or those of ``registers``; ``""`` is the first set),
    the language taken from each file's name."""
    examples: list[LabelledSentiment] = []
    for path in sorted(directory.glob("*.tsv")):
        language, register = example_file_parts(path)
        if registers is None or register in registers:
            examples.extend(read_sentiment_file(path, default_lang=language))
    return examples
