"""HINT3 real user queries: cross-validated intent accuracy of NLU configs, side by side.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python bench/hint3.py                      # today / stock / config.yml
    .venv-rasa/bin/python bench/hint3.py --configs today current e5-diet blend-0.3
    .venv-rasa/bin/python bench/hint3.py --json

The three HINT3 v2 training sets (``$SHOPBOT_EVAL_DIR/hint3_train/{sofmattress,curekart,
powerplay11}_train.csv``, or ``--hint3-dir``) hold real queries to a mattress shop, a
health-food shop and a fantasy-sports app, each with its own intents. Each set is split
into ``--folds`` stratified folds (seed ``--seed``); every config's NLU pipeline is trained on
each fold's training part with the set's own intents (``NO_NODES_DETECTED`` rows, if any,
become ``out_of_scope``) and parses the held-out part with the whole pipeline. A
prediction of ``out_of_scope`` or ``nlu_fallback`` counts as "out of scope", as in the HINT3
paper, so the accuracy includes out-of-scope rows (the training splits here have none: a
rejected in-scope query is an error). Printed per set and config: mean accuracy over the
folds, its standard deviation, the share rejected, the mean training time of a fold.

Configs: ``today`` (``config.yml`` at the commit before issue 20, ``bench/nlu_runs.py``),
``stock`` (Rasa 3.6's default pipeline), ``current`` (``config.yml``), and the candidates
in :data:`CANDIDATES` (edits of ``config.yml``). Measured only: the sets are never trained
on outside a fold, nor copied into the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.nlu_runs import (
    BASELINE_REF,
    FALLBACK,
    PROJECT_ROOT,
    STOCK_CONFIG,
    configure_environment,
    parse_texts,
    pipeline_config,
    progress,
    read_git_file,
    train_model,
    write_nlu,
)
from bench.public_sets import public_set

__all__ = ["CANDIDATES", "SETS", "main", "read_hint3", "stratified_folds"]

SETS = ("sofmattress", "curekart", "powerplay11")
OUT_OF_SCOPE = "out_of_scope"
HINT3_OUT_OF_SCOPE = "NO_NODES_DETECTED"
# The project's off-topic examples (the shipped model's out-of-scope detector reads them).
OFF_TOPIC_FILES = sorted(
    str(p) for p in (PROJECT_ROOT / "knowledge" / "out_of_scope" / "examples").glob("*.yml")
)

E5 = {"name": "bot.multilingual.MultilingualE5Featurizer"}
DIET = "DIETClassifier"
CROSS = "bot.crosslingual.CrossLingualIntentClassifier"
OOS = "bot.out_of_scope.OutOfScopeClassifier"

ConfigWriter = Callable[[Path], Path]


def _current(path: Path, **edits: Any) -> Path:
    return pipeline_config((PROJECT_ROOT / "config.yml").read_text("utf-8"), path, **edits)


CANDIDATES: dict[str, tuple[str, ConfigWriter]] = {
    "e5-diet": (
        "config.yml + e5 sentence features for DIET",
        lambda p: _current(p, insert_before={DIET: E5}),
    ),
    "diet-100": (
        "config.yml, DIET 100 epochs",
        lambda p: _current(p, changes={DIET: {"epochs": 100}}),
    ),
    "blend-0.3": (
        "config.yml, cross-lingual previous_weight 0.3",
        lambda p: _current(p, changes={CROSS: {"previous_weight": 0.3}}),
    ),
    "blend-0.7": (
        "config.yml, cross-lingual previous_weight 0.7",
        lambda p: _current(p, changes={CROSS: {"previous_weight": 0.7}}),
    ),
    "logreg-e5": (
        "config.yml with LogisticRegressionClassifier on sparse + e5 features instead of DIET",
        lambda p: _current(
            p,
            insert_before={DIET: E5, CROSS: {"name": "LogisticRegressionClassifier"}},
            remove=[DIET],
        ),
    ),
    "e5-diet-blend-0.3": (
        "config.yml + e5 features for DIET, cross-lingual previous_weight 0.3",
        lambda p: _current(p, insert_before={DIET: E5}, changes={CROSS: {"previous_weight": 0.3}}),
    ),
    "off-topic": (
        "config.yml, the out-of-scope detector also given the project's off-topic examples",
        lambda p: _current(p, changes={OOS: {"off_topic_files": OFF_TOPIC_FILES}}),
    ),
}


def _config_writers() -> dict[str, tuple[str, ConfigWriter]]:
    return {
        "today": (
            f"config.yml at {BASELINE_REF}",
            lambda p: pipeline_config(read_git_file(BASELINE_REF, "config.yml"), p),
        ),
        "stock": (
            "Rasa 3.6 default pipeline",
            lambda p: pipeline_config(STOCK_CONFIG.read_text("utf-8"), p),
        ),
        "current": ("config.yml", _current),
        **CANDIDATES,
    }


def read_hint3(csv_file: Path) -> list[tuple[str, str]]:
    """(intent, text) rows; ``NO_NODES_DETECTED`` becomes ``out_of_scope``."""
    rows: list[tuple[str, str]] = []
    with csv_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text, label = (row.get("sentence") or "").strip(), (row.get("label") or "").strip()
            if text and label:
                rows.append((OUT_OF_SCOPE if label == HINT3_OUT_OF_SCOPE else label, text))
    return rows


def stratified_folds(labels: Sequence[str], folds: int, seed: int) -> list[int]:
    """The fold of each row, stratified by label (scikit-learn's StratifiedKFold)."""
    import warnings

    from sklearn.model_selection import StratifiedKFold

    assignment = [0] * len(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "The least populated class has only n members"
        for fold, (_, test) in enumerate(splitter.split(list(labels), list(labels))):
            for position in test:
                assignment[position] = fold
    return assignment


def _predicted(intent: str | None) -> str | None:
    return OUT_OF_SCOPE if intent in {OUT_OF_SCOPE, FALLBACK} else intent


def run(
    hint3_dir: Path,
    config_names: Sequence[str],
    sets: Sequence[str],
    folds: int,
    seed: int,
    work_dir: Path,
) -> dict[str, Any]:
    """Cross-validates every config on every set; returns the figures."""
    writers = _config_writers()
    results: dict[str, dict[str, Any]] = {}
    for set_name in sets:
        rows = read_hint3(hint3_dir / f"{set_name}_train.csv")
        fold_of = stratified_folds([intent for intent, _ in rows], folds, seed)
        progress("hint3", f"{set_name}: {len(rows)} rows, {len({i for i, _ in rows})} intents")
        for config_name in config_names:
            run_dir = work_dir / set_name / config_name
            run_dir.mkdir(parents=True, exist_ok=True)
            config = writers[config_name][1](run_dir / "config.yml")
            accuracies, rejected, seconds = [], [], []
            for fold in range(folds):
                train = [row for row, f in zip(rows, fold_of, strict=True) if f != fold]
                test = [row for row, f in zip(rows, fold_of, strict=True) if f == fold]
                nlu = write_nlu(train, run_dir / f"train_{fold}.yml")
                model, took = train_model(
                    config, nlu, run_dir / f"models_{fold}", run_dir / "train.log"
                )
                parsed = parse_texts(model, [text for _, text in test], f"{set_name}/{config_name}")
                predicted = [_predicted(p.intent) for p in parsed]
                accuracies.append(
                    sum(p == gold for p, (gold, _) in zip(predicted, test, strict=True)) / len(test)
                )
                rejected.append(sum(p == OUT_OF_SCOPE for p in predicted) / len(test))
                seconds.append(took)
                model.unlink()
                progress(
                    "hint3",
                    f"{set_name} {config_name} fold {fold + 1}/{folds}: accuracy "
                    f"{accuracies[-1]:.3f}, trained in {took:.0f} s",
                )
            results.setdefault(set_name, {})[config_name] = {
                "accuracy": round(statistics.mean(accuracies), 4),
                "accuracy_sd": round(statistics.stdev(accuracies), 4) if folds > 1 else 0.0,
                "fold_accuracies": [round(a, 4) for a in accuracies],
                "rejected": round(statistics.mean(rejected), 4),
                "train_seconds": round(statistics.mean(seconds), 1),
            }
    averages = {
        name: round(statistics.mean(results[s][name]["accuracy"] for s in sets), 4)
        for name in config_names
    }
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "folds": folds,
        "seed": seed,
        "configs": {name: writers[name][0] for name in config_names},
        "sets": results,
        "average_accuracy": averages,
    }


def _format(result: dict[str, Any]) -> str:
    names = list(result["configs"])
    lines = [
        f"HINT3 training sets, {result['folds']}-fold stratified cross-validation "
        f"(seed {result['seed']}), {result['date']}",
        "accuracy incl. out of scope (out_of_scope or nlu_fallback = out of scope): "
        "mean ± sd over folds [rejected share, training s per fold]",
        "",
        f"{'config':<20}" + "".join(f"{s:>30}" for s in result["sets"]) + f"{'average':>10}",
    ]
    for name in names:
        cells = "".join(
            f"{v['accuracy']:>10.3f} ± {v['accuracy_sd']:.3f} "
            f"[{v['rejected']:.2f}, {v['train_seconds']:>3.0f}s]"
            for v in (result["sets"][s][name] for s in result["sets"])
        )
        lines.append(f"{name:<20}{cells}{result['average_accuracy'][name]:>10.3f}")
    lines += ["", *(f"  {name}: {desc}" for name, desc in result["configs"].items())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hint3-dir", type=Path, default=public_set("hint3_train"))
    parser.add_argument(
        "--configs",
        nargs="+",
        default=["today", "stock", "current"],
        choices=list(_config_writers()),
    )
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work-dir", type=Path, help="keep all files here (default: temporary)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    if args.hint3_dir is None or not args.hint3_dir.is_dir():
        parser.error("set SHOPBOT_EVAL_DIR or pass --hint3-dir (the folder of *_train.csv)")

    def execute(work_dir: Path) -> dict[str, Any]:
        configure_environment(work_dir)
        return run(args.hint3_dir, args.configs, args.sets, args.folds, args.seed, work_dir)

    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        result = execute(args.work_dir.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="hint3-") as tmp:
            result = execute(Path(tmp))
    print(json.dumps(result, indent=2) if args.json else _format(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
