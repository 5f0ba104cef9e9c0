"""NLU hold-out figures: split the NLU data, train on 80 %, test on the held-out 20 %.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python bench/nlu_holdout.py            # readable summary on stdout
    .venv-rasa/bin/python bench/nlu_holdout.py --json     # one JSON document on stdout

Steps (progress goes to stderr, Rasa's own output to log files in the work folder):

1. ``rasa data split nlu --training-fraction 0.8 --random-seed 42`` into a temporary folder
   (the split is stratified by intent and fixed by the seed);
2. ``rasa train nlu`` on the training part with ``config.yml``;
3. ``rasa test nlu`` on the held-out part (``FallbackClassifier`` predictions are undone by
   Rasa's evaluation, so the figures are those of the top-ranked intent);
4. a summary from the report files: intent accuracy, macro and weighted F1, the five lowest
   per-intent F1, the most frequent confusions, the share of held-out messages whose top
   confidence is under the fallback threshold, and per-entity F1 for every extractor.

With ``--ood-tsv FILE`` (the xSID validation split) the same model also parses a public set of
messages that are all out of this bot's scope (xSID: weather, alarms, music, ...; the
``--ood-lang`` rows, default ``en``) in this process, with the whole pipeline as the server
runs it (fallback included), and reports how many end as ``out_of_scope`` or
``nlu_fallback``. That set is only measured, never trained or tuned on.

With ``--folds N`` (N >= 2) it runs an N-fold cross-validation instead of one split: the
intent examples are split into N folds stratified by intent (seed ``--random-seed``), each
fold is held out once while the model trains on the others, and the summary gives every
fold's figures and their mean, standard deviation, minimum and maximum.

Rasa's training cache goes to the work folder, never to the project's ``.rasa/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["fold_assignment", "main", "run_cross_validation", "run_holdout", "summarise_reports"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RASA_ENV = {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1"}
SUMMARY_KEYS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def _progress(message: str) -> None:
    print(f"[nlu_holdout {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _rasa(args: Sequence[str], log_file: Path) -> float:
    """Runs ``rasa <args>`` with telemetry off; returns wall seconds, raises on failure."""
    command = [sys.executable, "-m", "rasa", *args]
    started = time.perf_counter()
    with log_file.open("w", encoding="utf-8") as log:
        completed = subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **RASA_ENV, "RASA_CACHE_DIRECTORY": str(log_file.parent / "cache")},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(
            f"`rasa {' '.join(args)}` failed with exit code {completed.returncode}; "
            f"log {log_file}:\n{tail}"
        )
    return seconds


def _fallback_threshold(config_path: Path) -> float | None:
    """The ``FallbackClassifier`` threshold in the pipeline, if there is one."""
    from rasa.shared.utils.io import read_yaml_file

    config = read_yaml_file(config_path) or {}
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return None


def _count_examples(nlu_file: Path) -> int:
    from rasa.shared.nlu.training_data.loading import load_data

    return len(load_data(str(nlu_file)).nlu_examples)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def summarise_reports(
    results_dir: Path, fallback_threshold: float | None = None, lowest: int = 5, top: int = 10
) -> dict[str, Any]:
    """Builds the summary from the files ``rasa test nlu --successes`` wrote to ``results_dir``."""
    report: dict[str, Any] = _read_json(results_dir / "intent_report.json") or {}
    per_intent = {
        name: values
        for name, values in report.items()
        if name not in SUMMARY_KEYS and isinstance(values, dict)
    }
    lowest_f1 = sorted(
        (
            {
                "intent": name,
                "f1": round(values["f1-score"], 4),
                "precision": round(values["precision"], 4),
                "recall": round(values["recall"], 4),
                "support": values["support"],
            }
            for name, values in per_intent.items()
        ),
        key=lambda row: (row["f1"], row["intent"]),
    )[:lowest]

    errors: list[dict[str, Any]] = _read_json(results_dir / "intent_errors.json") or []
    successes: list[dict[str, Any]] = _read_json(results_dir / "intent_successes.json") or []
    pairs = Counter(
        (error["intent"], (error.get("intent_prediction") or {}).get("name")) for error in errors
    )
    confusions = [
        {"intent": gold, "predicted": predicted, "count": count}
        for (gold, predicted), count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    ][:top]
    error_examples = [
        {
            "text": error["text"],
            "intent": error["intent"],
            "predicted": (error.get("intent_prediction") or {}).get("name"),
            "confidence": round((error.get("intent_prediction") or {}).get("confidence", 0.0), 3),
        }
        for error in errors
    ]

    below_threshold = None
    if fallback_threshold is not None and (errors or successes):
        confidences = [
            (row.get("intent_prediction") or {}).get("confidence", 0.0)
            for row in [*errors, *successes]
        ]
        below_threshold = round(
            sum(confidence < fallback_threshold for confidence in confidences) / len(confidences),
            4,
        )

    entities: dict[str, dict[str, float]] = {}
    for entity_report in sorted(results_dir.glob("*_report.json")):
        extractor = entity_report.name.removesuffix("_report.json")
        if extractor in {"intent", "response_selection"}:
            continue
        data = _read_json(entity_report) or {}
        entities[extractor] = {
            name: round(values["f1-score"], 4)
            for name, values in data.items()
            if isinstance(values, dict) and "f1-score" in values and name != "no_entity"
        }

    return {
        "intent": {
            "accuracy": round(report.get("accuracy", 0.0), 4),
            "macro_f1": round(report.get("macro avg", {}).get("f1-score", 0.0), 4),
            "weighted_f1": round(report.get("weighted avg", {}).get("f1-score", 0.0), 4),
            "test_examples": sum(values["support"] for values in per_intent.values()),
            "errors": len(errors),
            "lowest_f1": lowest_f1,
            "confusions": confusions,
            "below_fallback_threshold": below_threshold,
            "fallback_threshold": fallback_threshold,
            "error_examples": error_examples,
        },
        "entities": entities,
    }


def _read_ood_texts(tsv: Path, language: str) -> list[str]:
    """The distinct texts of the ``language`` rows of a ``lang<TAB>intent<TAB>text`` file."""
    with tsv.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return sorted({row["text"].strip() for row in rows if row["lang"] == language} - {""})


def _parse_texts(model: Path, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Parses ``texts`` with the trained model in this process, as the Rasa server would."""
    for key, value in {**RASA_ENV, "TF_CPP_MIN_LOG_LEVEL": "2"}.items():
        os.environ.setdefault(key, value)
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse logs a debug line on stdout

    async def parse_all() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the result
        agent = Agent.load(str(model))
        return asyncio.run(parse_all())


def _ood_summary(parsed: Sequence[dict[str, Any]], intent: str) -> dict[str, Any]:
    """How many out-of-scope messages end as ``intent`` or ``nlu_fallback`` (both are fine)."""
    names = [(result.get("intent") or {}).get("name") for result in parsed]
    total = len(names) or 1
    as_intent = sum(name == intent for name in names)
    as_fallback = sum(name == "nlu_fallback" for name in names)
    wrong = Counter(name for name in names if name not in {intent, "nlu_fallback"})
    return {
        "messages": len(names),
        "predicted_out_of_scope": round(as_intent / total, 4),
        "predicted_nlu_fallback": round(as_fallback / total, 4),
        "caught": round((as_intent + as_fallback) / total, 4),
        "top_wrong_intents": [{"intent": k, "count": v} for k, v in wrong.most_common(5)],
    }


def run_holdout(
    data: Path,
    config: Path,
    work_dir: Path,
    training_fraction: float = 0.8,
    random_seed: int = 42,
    ood_tsv: Path | None = None,
    ood_language: str = "en",
) -> dict[str, Any]:
    """Splits, trains, tests, and returns the summary (see the module docstring)."""
    split_dir = work_dir / "split"
    model_dir = work_dir / "models"
    results_dir = work_dir / "results"

    _progress(f"splitting {data} (training fraction {training_fraction}, seed {random_seed})")
    _rasa(
        [
            "data", "split", "nlu", "--nlu", str(data), "--out", str(split_dir),
            "--training-fraction", str(training_fraction), "--random-seed", str(random_seed),
        ],
        work_dir / "split.log",
    )  # fmt: skip
    train_file, test_file = split_dir / "training_data.yml", split_dir / "test_data.yml"
    train_count, test_count = _count_examples(train_file), _count_examples(test_file)
    _progress(f"{train_count} training and {test_count} held-out examples")

    _progress(f"training NLU with {config} (log: {work_dir / 'train.log'})")
    train_seconds = _rasa(
        [
            "train", "nlu", "--config", str(config), "--nlu", str(train_file),
            "--out", str(model_dir), "--fixed-model-name", "holdout",
        ],
        work_dir / "train.log",
    )  # fmt: skip
    _progress(f"trained in {train_seconds:.0f} s; testing on the held-out split")

    test_seconds = _rasa(
        [
            "test", "nlu", "--model", str(model_dir / "holdout.tar.gz"), "--nlu", str(test_file),
            "--out", str(results_dir), "--successes", "--no-plot",
        ],
        work_dir / "test.log",
    )  # fmt: skip
    _progress(f"tested in {test_seconds:.0f} s")

    import rasa

    threshold = _fallback_threshold(config)
    summary = summarise_reports(results_dir, threshold)

    if ood_tsv is not None:
        texts = _read_ood_texts(ood_tsv, ood_language)
        _progress(f"parsing {len(texts)} out-of-scope messages ({ood_tsv.name}, {ood_language})")
        summary["out_of_scope_probe"] = {
            "file": ood_tsv.name,
            "language": ood_language,
            **_ood_summary(_parse_texts(model_dir / "holdout.tar.gz", texts), "out_of_scope"),
        }
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "rasa": rasa.__version__,
        },
        "data": str(data),
        "config": str(config),
        "split": {
            "training_fraction": training_fraction,
            "random_seed": random_seed,
            "train_examples": train_count,
            "test_examples": test_count,
        },
        "train_seconds": round(train_seconds, 1),
        "test_seconds": round(test_seconds, 1),
        **summary,
    }


def fold_assignment(intents: Sequence[str], folds: int, seed: int) -> list[int]:
    """The fold of each example: every intent's examples dealt round the folds in a shuffled
    order (stratified; an intent with fewer examples than folds leaves some folds out)."""
    import random

    rng = random.Random(seed)
    by_intent: dict[str, list[int]] = {}
    for position, intent in enumerate(intents):
        by_intent.setdefault(intent, []).append(position)
    assignment = [0] * len(intents)
    offset = 0
    for intent in sorted(by_intent):
        positions = by_intent[intent]
        rng.shuffle(positions)
        for rank, position in enumerate(positions):
            assignment[position] = (offset + rank) % folds
        offset += len(positions)  # the next intent's remainder starts on another fold
    return assignment


def _spread(values: Sequence[float]) -> dict[str, float]:
    import statistics

    return {
        "mean": round(statistics.mean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def run_cross_validation(
    data: Path, config: Path, work_dir: Path, folds: int = 5, random_seed: int = 42
) -> dict[str, Any]:
    """Trains and tests once per fold; returns every fold's figures and their spread."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data

    training_data = load_data(str(data))
    examples = sorted(
        {(str(m.get("intent")), str(m.get("text"))) for m in training_data.intent_examples}
    )
    fold_of = fold_assignment([intent for intent, _ in examples], folds, random_seed)
    threshold = _fallback_threshold(config)
    per_fold: list[dict[str, Any]] = []
    for fold in range(folds):
        fold_dir = work_dir / f"fold_{fold + 1}"
        fold_dir.mkdir(parents=True, exist_ok=True)
        held = frozenset(text for (_, text), f in zip(examples, fold_of, strict=True) if f == fold)
        writer = RasaYAMLWriter()
        train_file, test_file = fold_dir / "train.yml", fold_dir / "test.yml"
        writer.dump(
            train_file,
            training_data.filter_training_examples(lambda m, held=held: m.get("text") not in held),
        )
        writer.dump(
            test_file,
            training_data.filter_training_examples(lambda m, held=held: m.get("text") in held),
        )
        _progress(f"fold {fold + 1}/{folds}: {len(examples) - len(held)} train / {len(held)} test")
        train_seconds = _rasa(
            [
                "train", "nlu", "--config", str(config), "--nlu", str(train_file),
                "--out", str(fold_dir / "models"), "--fixed-model-name", "fold",
            ],
            fold_dir / "train.log",
        )  # fmt: skip
        _rasa(
            [
                "test", "nlu", "--model", str(fold_dir / "models" / "fold.tar.gz"),
                "--nlu", str(test_file), "--out", str(fold_dir / "results"), "--successes",
                "--no-plot",
            ],
            fold_dir / "test.log",
        )  # fmt: skip
        intent = summarise_reports(fold_dir / "results", threshold)["intent"]
        per_fold.append(
            {
                "fold": fold + 1,
                "test_examples": intent["test_examples"],
                "accuracy": intent["accuracy"],
                "macro_f1": intent["macro_f1"],
                "weighted_f1": intent["weighted_f1"],
                "below_fallback_threshold": intent["below_fallback_threshold"],
                "train_seconds": round(train_seconds, 1),
            }
        )
        _progress(
            f"fold {fold + 1}: accuracy {intent['accuracy']:.4f}, trained in {train_seconds:.0f} s"
        )
        (fold_dir / "models" / "fold.tar.gz").unlink(missing_ok=True)
    import rasa

    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "rasa": rasa.__version__,
        },
        "data": str(data),
        "config": str(config),
        "folds": folds,
        "random_seed": random_seed,
        "examples": len(examples),
        "per_fold": per_fold,
        "spread": {
            key: _spread([row[key] for row in per_fold])
            for key in ("accuracy", "macro_f1", "weighted_f1", "train_seconds")
        },
    }


def _format_cross_validation(result: dict[str, Any]) -> str:
    lines = [
        f"NLU {result['folds']}-fold cross-validation, {result['date']}, "
        f"{result['machine']['cpus']} CPUs, rasa {result['machine']['rasa']}",
        f"data {result['data']}, config {result['config']}: {result['examples']} examples "
        f"(stratified by intent, seed {result['random_seed']})",
        "",
        "fold  test  accuracy  macro F1  weighted F1  training s",
    ]
    lines += [
        f"{row['fold']:>4}{row['test_examples']:>6}{row['accuracy']:>10.4f}{row['macro_f1']:>10.4f}"
        f"{row['weighted_f1']:>13.4f}{row['train_seconds']:>12.0f}"
        for row in result["per_fold"]
    ]
    lines.append("")
    for key, values in result["spread"].items():
        lines.append(
            f"{key:<14} mean {values['mean']:.4f}  sd {values['sd']:.4f}  "
            f"min {values['min']:.4f}  max {values['max']:.4f}"
        )
    return "\n".join(lines)


def _format(result: dict[str, Any]) -> str:
    intent = result["intent"]
    lines = [
        f"NLU hold-out, {result['date']}, {result['machine']['cpus']} CPUs, "
        f"rasa {result['machine']['rasa']}",
        f"data {result['data']}, config {result['config']}: "
        f"{result['split']['train_examples']} train / {result['split']['test_examples']} test "
        f"(fraction {result['split']['training_fraction']}, seed {result['split']['random_seed']})",
        f"training {result['train_seconds']:.0f} s, testing {result['test_seconds']:.0f} s",
        "",
        f"intent accuracy  {intent['accuracy']:.4f}  ({intent['errors']} errors)",
        f"macro F1         {intent['macro_f1']:.4f}",
        f"weighted F1      {intent['weighted_f1']:.4f}",
    ]
    if intent["below_fallback_threshold"] is not None:
        lines.append(
            f"top confidence < fallback threshold {intent['fallback_threshold']}: "
            f"{intent['below_fallback_threshold']:.1%} of held-out messages"
        )
    lines += ["", "lowest per-intent F1:"]
    lines += [
        f"  {row['intent']:<22} F1 {row['f1']:.3f}  P {row['precision']:.3f}  "
        f"R {row['recall']:.3f}  n={row['support']}"
        for row in intent["lowest_f1"]
    ]
    lines += ["", "top confusions (true -> predicted: count):"]
    lines += [
        f"  {row['intent']} -> {row['predicted']}: {row['count']}" for row in intent["confusions"]
    ] or ["  none"]
    probe = result.get("out_of_scope_probe")
    if probe:
        lines += [
            "",
            f"out-of-scope probe ({probe['file']}, {probe['language']}, "
            f"{probe['messages']} messages): {probe['caught']:.1%} caught "
            f"(out_of_scope {probe['predicted_out_of_scope']:.1%}, "
            f"nlu_fallback {probe['predicted_nlu_fallback']:.1%})",
            "  most frequent wrong intents: "
            + ", ".join(f"{row['intent']} {row['count']}" for row in probe["top_wrong_intents"]),
        ]
    if result["entities"]:
        lines += ["", "entity F1 per extractor:"]
        lines += [
            f"  {extractor}: " + ", ".join(f"{name} {f1:.3f}" for name, f1 in scores.items())
            for extractor, scores in result["entities"].items()
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data" / "nlu")
    parser.add_argument("--config", type=Path, default=PROJECT_ROOT / "config.yml")
    parser.add_argument("--training-fraction", type=float, default=0.8)
    parser.add_argument("--random-seed", type=int, default=42)
    parser.add_argument(
        "--folds", type=int, default=1, help="N >= 2: N-fold cross-validation instead of one split"
    )
    parser.add_argument("--work-dir", type=Path, help="keep all files here (default: temporary)")
    parser.add_argument(
        "--ood-tsv",
        type=Path,
        help="also parse a lang/intent/text TSV of out-of-scope messages "
        "(e.g. the xSID validation split); measured only, never trained on",
    )
    parser.add_argument("--ood-lang", default="en", help="the TSV rows to use (default: en)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)

    def run(work_dir: Path) -> dict[str, Any]:
        if args.folds >= 2:
            return run_cross_validation(
                args.data.resolve(), args.config.resolve(), work_dir, args.folds, args.random_seed
            )
        return run_holdout(
            args.data.resolve(),
            args.config.resolve(),
            work_dir,
            args.training_fraction,
            args.random_seed,
            args.ood_tsv.resolve() if args.ood_tsv else None,
            args.ood_lang,
        )

    try:
        if args.work_dir:
            args.work_dir.mkdir(parents=True, exist_ok=True)
            result = run(args.work_dir.resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="nlu-holdout-") as tmp:
                result = run(Path(tmp))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1

    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif args.folds >= 2:
        print(_format_cross_validation(result))
    else:
        print(_format(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
