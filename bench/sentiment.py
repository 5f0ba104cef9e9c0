"""Sentiment: today's classifier against the improved one, and VADER, per language.

Run from the project root::

    .venv/bin/python -m bench.sentiment
    .venv/bin/python -m bench.sentiment --umsab FILE   # or SHOPBOT_EVAL_DIR (bench/public_sets.py)
    .venv/bin/python -m bench.sentiment --select-l2    # also: l2 by leave-one-language-out CV

In the same process, on the same rows:

- **before**: the classifier as it was (issue 20): the first set of examples
  (``knowledge/sentiment/examples/<lang>.tsv``, 4,500) and ``l2`` = 0.1;
- **after**: the classifier the Rasa component trains now: every example file (the first
  set plus ``<lang>.<register>.tsv``) and :class:`TrainingOptions`' defaults;
- **VADER** (``vaderSentiment``, an English lexicon) on every language: compound >= 0.05
  positive, <= -0.05 negative, else neutral (its authors' thresholds).

All three read multilingual-e5-small ``query:`` vectors (VADER the raw text). Data: the
UMSAB / XLM-T multilingual tweet sentiment validation split (8 languages, 324 rows each;
Apache-2.0, see its SOURCE file; measured on, never trained or tuned on) and the project's
own customer-service set (``bench/data/sentiment_cs.tsv``, 8 languages, written apart from
the training examples). Figures: macro-F1 and accuracy per language, the mean macro-F1 over
languages, and the time per message. With ``--select-l2``, the choice of ``l2`` is shown
as it was made: macro-F1 of leave-one-language-out cross-validation on the project's own
examples for each candidate. Progress on stderr; tables and one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bench.public_sets import public_set
from core.settings import get_settings
from knowledge.embedding_cache import EmbeddingCache
from knowledge.sentiment import (
    LABELS,
    LabelledSentiment,
    SoftmaxClassifier,
    TrainingOptions,
    project_examples,
    read_sentiment_file,
    score_predictions,
)
from knowledge.sentiment.examples import BASE_REGISTER
from knowledge.sentiment.selection import grouped_cross_validation
from knowledge.standalone_sentiment import SentimentModel, encode_messages

__all__ = ["BASELINE_OPTIONS", "L2_CANDIDATES", "main", "vader_label"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_UMSAB = public_set("umsab_sentiment_val.tsv")
DEFAULT_CS = PROJECT_ROOT / "bench" / "data" / "sentiment_cs.tsv"
VADER_THRESHOLD = 0.05
BASELINE_OPTIONS = TrainingOptions(l2=0.1, iterations=600, learning_rate=0.5)
"""Today's classifier before issue 20, pinned so that "before" stays what it was."""
L2_CANDIDATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_label(compound: float) -> str:
    """VADER's own reading of its compound score."""
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _encode(rows: Sequence[LabelledSentiment], cache: EmbeddingCache, label: str) -> np.ndarray:
    console = Console(stderr=True)
    with _progress(console) as bar:
        task = bar.add_task(label, total=len(rows))
        vectors = encode_messages(
            [row.text for row in rows],
            cache=cache,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
        bar.update(task, completed=len(rows))
    return vectors


def _evaluate_set(
    rows: list[LabelledSentiment],
    vectors: np.ndarray,
    before: SoftmaxClassifier,
    after: SoftmaxClassifier,
    analyzer: Any,
) -> dict[str, Any]:
    compounds = [analyzer.polarity_scores(row.text)["compound"] for row in rows]
    return {
        "before": score_predictions(rows, before.predict(vectors)),
        "after": score_predictions(rows, after.predict(vectors)),
        "vader": score_predictions(rows, [vader_label(c) for c in compounds]),
    }


def _latency(model: SentimentModel, analyzer: Any, texts: Sequence[str]) -> dict[str, float]:
    started = time.perf_counter()
    for text in texts:
        model.classifier.probabilities(model.encoder.encode_queries([text]))
    ours = (time.perf_counter() - started) / len(texts) * 1000
    started = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    vader = (time.perf_counter() - started) / len(texts) * 1000
    return {"ours_ms_per_message": round(ours, 2), "vader_ms_per_message": round(vader, 3)}


def _cell(figures: dict[str, Any]) -> str:
    return f"{figures['macro_f1']:.3f} ({figures['accuracy']:.3f})"


def _table(name: str, result: dict[str, Any]) -> Table:
    table = Table(title=f"{name}: macro-F1 (accuracy)")
    for column in ("language", "before", "after", "after - before", "VADER"):
        table.add_column(column, justify="right" if column != "language" else "left")
    before, after = result["before"]["per_language"], result["after"]["per_language"]
    vader = result["vader"]["per_language"]
    for language, figures in after.items():
        gain = figures["macro_f1"] - before[language]["macro_f1"]
        table.add_row(
            language,
            _cell(before[language]),
            _cell(figures),
            f"{gain:+.3f}",
            _cell(vader[language]),
        )
    means = [result[key]["mean_macro_f1_over_languages"] for key in ("before", "after", "vader")]
    table.add_row(
        "mean over languages",
        f"{means[0]:.3f}",
        f"{means[1]:.3f}",
        f"{means[1] - means[0]:+.3f}",
        f"{means[2]:.3f}",
    )
    return table


def _select_l2(
    vectors: np.ndarray, examples: Sequence[LabelledSentiment], console: Console
) -> dict[str, Any]:
    labels = [row.label for row in examples]
    groups = [row.lang for row in examples]
    table = Table(title="l2 by leave-one-language-out cross-validation on our examples")
    table.add_column("l2", justify="right")
    table.add_column("mean macro-F1 over held-out languages", justify="right")
    table.add_column("lowest language", justify="right")
    scores: dict[str, Any] = {}
    for l2 in L2_CANDIDATES:
        options = TrainingOptions(l2=l2)
        per_language = grouped_cross_validation(vectors, labels, groups, options)
        mean = sum(per_language.values()) / len(per_language)
        worst = min(per_language, key=lambda language: per_language[language])
        scores[str(l2)] = {"mean": round(mean, 4), "per_language": per_language}
        table.add_row(f"{l2:g}", f"{mean:.3f}", f"{worst} {per_language[worst]:.3f}")
    console.print(table)
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    """Train before and after, evaluate on each data set, print the tables and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--umsab", type=Path, default=DEFAULT_UMSAB)
    parser.add_argument("--cs", type=Path, default=DEFAULT_CS)
    parser.add_argument("--select-l2", action="store_true", help="l2 by grouped CV too")
    args = parser.parse_args(argv)
    console = Console()
    cache = EmbeddingCache(get_settings().embedding_cache_dir)
    analyzer = _vader()
    examples = project_examples()
    vectors = _encode(examples, cache, "Encoding the project's examples")
    base_rows = project_examples(registers={BASE_REGISTER})
    base_vectors = _encode(base_rows, cache, "Encoding the first set (before)")
    before = SoftmaxClassifier.fit(base_vectors, [row.label for row in base_rows], BASELINE_OPTIONS)
    after = SoftmaxClassifier.fit(vectors, [row.label for row in examples], TrainingOptions())
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "training_examples": {"before": len(base_rows), "after": len(examples)},
        "options": {"before": asdict(BASELINE_OPTIONS), "after": asdict(TrainingOptions())},
        "labels": list(LABELS),
        "sets": {},
    }
    if args.select_l2:
        report["l2_selection"] = _select_l2(vectors, examples, console)
    for name, path in (("umsab", args.umsab), ("customer_service", args.cs)):
        if path is None or not path.is_file():
            print(f"skipping {name}: {path or 'no file given'} not found", file=sys.stderr)
            continue
        rows = read_sentiment_file(path)
        vectors_of_set = _encode(rows, cache, f"Encoding {name}")
        result = _evaluate_set(rows, vectors_of_set, before, after, analyzer)
        report["sets"][name] = result
        console.print(_table(name, result))
    model = SentimentModel(after, cache=None)
    sample = [row.text for row in examples[:: max(1, len(examples) // 100)]][:100]
    report["latency"] = _latency(model, analyzer, sample)
    console.print(f"latency per message: {report['latency']}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
