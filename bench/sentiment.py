"""Sentiment: our classifier (e5 + softmax on the project's examples) against VADER.

Run from the project root::

    .venv/bin/python -m bench.sentiment
    .venv/bin/python -m bench.sentiment --umsab FILE   # or SHOPBOT_EVAL_DIR (bench/public_sets.py)

In the same process, on the same rows:

- **ours**: ``knowledge.sentiment`` trained on ``knowledge/sentiment/examples`` (the
  classifier the Rasa component trains), on multilingual-e5-small ``query:`` vectors;
- **VADER** (``vaderSentiment``, an English lexicon) on every language: compound >= 0.05
  positive, <= -0.05 negative, else neutral (its authors' thresholds);
- **ours + VADER (en)**: the classifier trained on e5 vectors plus VADER's four scores
  for English texts (zeros for others), to see whether VADER helps as an extra English
  signal.

Data: the UMSAB / XLM-T multilingual tweet sentiment validation split (8 languages, 324
rows each; Apache-2.0, see its SOURCE file) and the project's own customer-service set
(``bench/data/sentiment_cs.tsv``, 8 languages, written apart from the training examples).
Figures: macro-F1 and accuracy per language, the mean macro-F1 over languages, the ratio
ours / VADER, and the time per message. Progress on stderr; a table and one JSON line on
stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
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
    project_examples,
    read_sentiment_file,
    score_predictions,
)
from knowledge.standalone_sentiment import SentimentModel, encode_messages

__all__ = ["main", "vader_features", "vader_label"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_UMSAB = public_set("umsab_sentiment_val.tsv")
DEFAULT_CS = PROJECT_ROOT / "bench" / "data" / "sentiment_cs.tsv"
VADER_THRESHOLD = 0.05


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


def vader_features(analyzer: Any, rows: Sequence[LabelledSentiment]) -> np.ndarray:
    """VADER's neg, neu, pos and compound for English rows; zeros for the others."""
    features = np.zeros((len(rows), 4), dtype=np.float32)
    for position, row in enumerate(rows):
        if row.lang == "en":
            scores = analyzer.polarity_scores(row.text)
            features[position] = [scores["neg"], scores["neu"], scores["pos"], scores["compound"]]
    return features


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
    name: str,
    rows: list[LabelledSentiment],
    ours: SoftmaxClassifier,
    fused: SoftmaxClassifier,
    analyzer: Any,
    cache: EmbeddingCache,
) -> dict[str, Any]:
    vectors = _encode(rows, cache, f"Encoding {name}")
    predicted = ours.predict(vectors)
    vader_rows = vader_features(analyzer, rows)
    compounds = [analyzer.polarity_scores(row.text)["compound"] for row in rows]
    fused_predicted = fused.predict(np.hstack([vectors, vader_rows]))
    english = [i for i, row in enumerate(rows) if row.lang == "en"]
    return {
        "ours": score_predictions(rows, predicted),
        "vader": score_predictions(rows, [vader_label(c) for c in compounds]),
        "ours_plus_vader_en": score_predictions(
            [rows[i] for i in english], [fused_predicted[i] for i in english]
        ),
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


def _table(name: str, result: dict[str, Any]) -> Table:
    table = Table(title=f"{name}: macro-F1 (accuracy)")
    for column in ("language", "ours", "VADER", "ours / VADER", "ours + VADER (en)"):
        table.add_column(column, justify="right" if column != "language" else "left")
    ours, vader = result["ours"]["per_language"], result["vader"]["per_language"]
    fused = result["ours_plus_vader_en"]["per_language"]
    for language, figures in ours.items():
        baseline = vader[language]["macro_f1"]
        ratio = figures["macro_f1"] / baseline if baseline else float("inf")
        table.add_row(
            language,
            f"{figures['macro_f1']:.3f} ({figures['accuracy']:.3f})",
            f"{baseline:.3f} ({vader[language]['accuracy']:.3f})",
            f"{ratio:.2f}",
            f"{fused[language]['macro_f1']:.3f}" if language in fused else "",
        )
    ours_mean = result["ours"]["mean_macro_f1_over_languages"]
    vader_mean = result["vader"]["mean_macro_f1_over_languages"]
    table.add_row(
        "mean over languages",
        f"{ours_mean:.3f}",
        f"{vader_mean:.3f}",
        f"{ours_mean / vader_mean:.2f}",
        "",
    )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Train, evaluate on each data set, print the tables and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--umsab", type=Path, default=DEFAULT_UMSAB)
    parser.add_argument("--cs", type=Path, default=DEFAULT_CS)
    args = parser.parse_args(argv)
    console = Console()
    cache = EmbeddingCache(get_settings().embedding_cache_dir)
    analyzer = _vader()
    examples = project_examples()
    train_vectors = _encode(examples, cache, "Encoding the project's examples")
    labels = [row.label for row in examples]
    ours = SoftmaxClassifier.fit(train_vectors, labels)
    fused = SoftmaxClassifier.fit(
        np.hstack([train_vectors, vader_features(analyzer, examples)]), labels
    )
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "training_examples": len(examples),
        "labels": list(LABELS),
        "sets": {},
    }
    for name, path in (("umsab", args.umsab), ("customer_service", args.cs)):
        if path is None or not path.is_file():
            print(f"skipping {name}: {path or 'no file given'} not found", file=sys.stderr)
            continue
        rows = read_sentiment_file(path)
        result = _evaluate_set(name, rows, ours, fused, analyzer, cache)
        report["sets"][name] = result
        console.print(_table(name, result))
    model = SentimentModel(ours, cache=None)
    sample = [row.text for row in examples[:: max(1, len(examples) // 100)]][:100]
    report["latency"] = _latency(model, analyzer, sample)
    console.print(f"latency per message: {report['latency']}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
