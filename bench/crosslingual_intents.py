"""Cross-lingual intent figures: train on English only, test in every language of xSID.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python -m bench.crosslingual_intents            # table + one JSON line
    .venv-rasa/bin/python -m bench.crosslingual_intents --folds 3 --epochs 40
    .venv-rasa/bin/python -m bench.crosslingual_intents \
        --pipeline before=bench/configs/neighbours_pipeline.yml \
        --pipeline after=bench/configs/neighbours_pipeline.yml \
        --set before:anchors_path=git:3502670 --set after:alignment=anchors

Data: the xSID validation split ``xsid_valid.tsv`` (``--tsv FILE``, or the folder
``$SHOPBOT_EVAL_DIR``: bench/public_sets.py; ``lang``, ``intent``, ``text``), the same 300
assistant commands in every language: row *i* of a language translates English row *i*.
That alignment is checked row by row on the intents: it holds for most languages, but
``ja`` has only the first 150 rows, ``de-ba`` has a shifted block (rows 99-151 of the
2026-11 copy) and ``de-muc`` one row with another intent; rows in such blocks are left out
of testing (see ``usable_positions``), and the JSON says which. The 300 command positions
are split into ``--folds`` folds, stratified by intent. For each fold, each pipeline is
trained on the English rows of the other folds and tested on the fold's usable rows in
every language, English included, so no test command (in any language) was seen in
training.

Pipelines (``--pipeline NAME=CONFIG``, repeatable; default the two below):

* ``multilingual``: ``bench/configs/multilingual_pipeline.yml``, the proposed pipeline with
  ``bot.multilingual.MultilingualE5Featurizer``;
* ``default``: ``bench/configs/default_pipeline.yml``, ``pipeline:`` left empty, which Rasa
  3.6 fills with its default pipeline (the baseline).

``--set NAME:KEY=VALUE`` (repeatable) sets an option of ``CrossLingualIntentClassifier`` in
pipeline NAME's copy of its config (VALUE read as YAML), so that one config file measures
today's options beside a candidate's. ``anchors_path=git:REV`` takes the anchor text as it
was at git revision REV (exported into the work folder): today's anchors beside new ones.

Accuracy is that of the top-ranked intent other than ``nlu_fallback`` (as ``rasa test nlu``
counts it), per fold; the table shows the mean over the folds and the standard deviation
across them, for the accuracy and for its ratio to English accuracy in the same fold. The
share of messages that the pipeline's ``FallbackClassifier`` turned into
``nlu_fallback`` is reported beside it. Intent names have their ``/`` replaced by ``__``
(``/`` marks retrieval intents in Rasa). Cost: training wall time per fold (in this
process, TensorFlow already imported) and the latency of ``Agent.parse_message`` per
message (p50 / p95 over every test message). Progress goes to stderr, Rasa's output to a log
file in the work folder; stdout carries the table and, last, one JSON line.
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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bench.public_sets import public_set

__all__ = ["DIALECTS", "fold_of_positions", "main", "read_xsid"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TSV = public_set("xsid_valid.tsv")
CONFIGS = PROJECT_ROOT / "bench" / "configs"
DEFAULT_PIPELINES = {
    "multilingual": CONFIGS / "multilingual_pipeline.yml",
    "default": CONFIGS / "default_pipeline.yml",
}
RASA_ENV = {"RASA_TELEMETRY_ENABLED": "false", "HF_HUB_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
DIALECTS = frozenset({"de-ba", "de-muc", "de-st", "gsw", "nap"})
"""xSID's dialects (Bavarian, Munich Bavarian, South Tyrolean, Swiss German, Neapolitan)."""
GOAL_RATIO = 0.85
FALLBACK = "nlu_fallback"
CLASSIFIER = "bot.crosslingual.CrossLingualIntentClassifier"
ANCHORS_FOLDER = "knowledge/language/anchors"


def _progress(message: str) -> None:
    print(f"[crosslingual {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_xsid(tsv: Path) -> dict[str, list[tuple[str, str]]]:
    """``lang -> [(intent, text), ...]`` in file order."""
    rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows[row["lang"]].append((row["intent"], row["text"].strip()))
    return dict(rows)


def usable_positions(
    data: dict[str, list[tuple[str, str]]], pivot: str = "en", merge_gap: int = 5
) -> dict[str, dict[str, Any]]:
    """Per language, the row positions that can be trusted to translate the pivot's row.

    A row whose intent differs from the pivot row at the same position breaks the
    alignment there. Such rows are merged into blocks (mismatches at most ``merge_gap`` rows
    apart) and every row of a block is left out: inside a block where rows were shifted,
    a row whose intent matches by chance may be the translation of another command, one
    that can be in the training fold. A language with fewer rows is checked on its rows.
    """
    reference = [intent for intent, _ in data[pivot]]
    usable: dict[str, dict[str, Any]] = {}
    for lang, rows in sorted(data.items()):
        mismatches = [
            pos
            for pos, ((intent, _), ref) in enumerate(zip(rows, reference, strict=False))
            if intent != ref
        ]
        blocks: list[list[int]] = []
        for pos in mismatches:
            if blocks and pos - blocks[-1][1] <= merge_gap:
                blocks[-1][1] = pos
            else:
                blocks.append([pos, pos])
        excluded = {pos for start, end in blocks for pos in range(start, end + 1)}
        positions = [pos for pos in range(min(len(rows), len(reference))) if pos not in excluded]
        usable[lang] = {
            "positions": positions,
            "rows": len(rows),
            "excluded_blocks": [tuple(block) for block in blocks],
        }
    return usable


def fold_of_positions(intents: Sequence[str], folds: int) -> list[int]:
    """A fold number for each position, stratified by intent (round robin within an intent)."""
    seen: Counter[str] = Counter()
    assignment = []
    for intent in intents:
        assignment.append(seen[intent] % folds)
        seen[intent] += 1
    return assignment


def _intent_name(intent: str) -> str:
    return intent.replace("/", "__")


def _write_nlu(examples: Sequence[tuple[str, str]], target: Path) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [Message(data={"text": text, "intent": intent}) for intent, text in examples]
    RasaYAMLWriter().dump(target, TrainingData(training_examples=messages))


def _prepare_config(source: Path, target: Path, epochs: int | None) -> Path:
    """Copies ``source`` (Rasa writes auto-filled keys back into it), epochs overridden."""
    from rasa.shared.utils.io import read_yaml_file, write_yaml

    if epochs is None:
        shutil.copyfile(source, target)
        return target
    config = read_yaml_file(source)
    pipeline = config.get("pipeline")
    if not pipeline:  # Rasa's default pipeline: fill it here to set the epochs
        from rasa.engine.recipes.default_recipe import DefaultV1Recipe

        pipeline = DefaultV1Recipe.complete_config({}, {"pipeline"})["pipeline"]
    for component in pipeline:
        if "epochs" in component:
            component["epochs"] = epochs
    config["pipeline"] = pipeline
    write_yaml(config, target)
    return target


def export_anchors(revision: str, target: Path) -> Path:
    """The anchor files as they were at git ``revision``, written into ``target``."""
    listing = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{revision}:{ANCHORS_FOLDER}"],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    target.mkdir(parents=True, exist_ok=True)
    for name in listing:
        if name.endswith(".txt"):
            content = subprocess.run(
                ["git", "show", f"{revision}:{ANCHORS_FOLDER}/{name}"],
                cwd=PROJECT_ROOT,
                check=True,
                capture_output=True,
            ).stdout
            (target / name).write_bytes(content)
    if not any(target.glob("*.txt")):
        raise ValueError(f"no anchor files at {revision}:{ANCHORS_FOLDER}")
    return target


def apply_options(config: Path, options: dict[str, Any], work_dir: Path) -> None:
    """Sets ``options`` on the cross-lingual classifier of the config file (in place)."""
    if not options:
        return
    content = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    components = [c for c in content.get("pipeline") or [] if c.get("name") == CLASSIFIER]
    if not components:
        raise ValueError(f"{config} has no {CLASSIFIER} to set {sorted(options)} on")
    values = dict(options)
    anchors = values.get("anchors_path")
    if isinstance(anchors, str) and anchors.startswith("git:"):
        revision = anchors.removeprefix("git:")
        values["anchors_path"] = str(export_anchors(revision, work_dir / f"anchors-{revision}"))
    for component in components:
        component.update(values)
    config.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")


def _train(config: Path, nlu_file: Path, out: Path, log_file: Path) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    with log_file.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        model = train_nlu(str(config), str(nlu_file), str(out), fixed_model_name="model")
    seconds = time.perf_counter() - started
    if model is None:
        raise RuntimeError(f"training with {config} failed: see {log_file}")
    return Path(model), seconds


def _parse(model: Path, texts: Sequence[str], label: str) -> tuple[list[str | None], list[float]]:
    """Top non-fallback intent (or ``None``) and whether it fell back, latency in ms."""
    from rasa.core.agent import Agent

    with contextlib.redirect_stdout(sys.stderr):
        agent = Agent.load(str(model))
    predictions: list[str | None] = []
    latencies: list[float] = []

    async def parse_all() -> None:
        await agent.parse_message("warm up")
        for index, text in enumerate(texts, 1):
            started = time.perf_counter()
            result = await agent.parse_message(text)
            latencies.append((time.perf_counter() - started) * 1000)
            fell_back = (result.get("intent") or {}).get("name") == FALLBACK
            ranked = [
                entry["name"]
                for entry in result.get("intent_ranking") or []
                if entry.get("name") != FALLBACK
            ]
            top = ranked[0] if ranked else None
            predictions.append(f"{FALLBACK}:{top}" if fell_back else top)
            if index % 500 == 0:
                _progress(f"{label}: parsed {index}/{len(texts)}")

    asyncio.run(parse_all())
    return predictions, latencies


def _preload_vectors(texts: Sequence[str]) -> None:
    """Encodes every test message's e5 vector in batches (through the training vector cache),
    so that parsing them one by one does not encode them again (``--preload``)."""
    from bot.multilingual import (
        DEFAULT_MAX_CHARACTERS,
        encode_queries,
        preload_queries,
        prepare_text,
        training_vector_cache,
    )

    prepared = sorted(
        {p for text in texts if (p := prepare_text(text, DEFAULT_MAX_CHARACTERS)) is not None}
    )
    _progress(f"encoding {len(prepared)} test messages in batches (--preload)")
    preload_queries(prepared, encode_queries(prepared, cache=training_vector_cache()))


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(
    tsv: Path,
    pipelines: dict[str, Path],
    folds: int,
    work_dir: Path,
    epochs: int | None = None,
    languages: Sequence[str] | None = None,
    sample: int | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    preload: bool = False,
) -> dict[str, Any]:
    """Trains and tests every pipeline on every fold; returns the summary."""
    for key, value in RASA_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["RASA_CACHE_DIRECTORY"] = str(work_dir / "cache")
    import rasa
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse logs a line on stdout
    logging.getLogger().setLevel(logging.WARNING)

    data = read_xsid(tsv)
    usable = usable_positions(data)
    for lang, entry in usable.items():
        if entry["excluded_blocks"] or entry["rows"] != len(data["en"]):
            _progress(
                f"{lang}: {entry['rows']} rows, {len(entry['positions'])} aligned with en; "
                f"left out (intent differs from en's row): {entry['excluded_blocks']}"
            )
    langs = sorted(languages or data)
    if "en" not in langs:
        langs.insert(0, "en")
    if preload:
        _preload_vectors([text for lang in langs for _, text in data[lang]])
    english = data["en"]
    fold_ids = fold_of_positions([intent for intent, _ in english], folds)
    _progress(
        f"{len(english)} aligned commands x {len(langs)} languages, {folds} folds, "
        f"pipelines: {', '.join(pipelines)}"
    )

    results: dict[str, Any] = {}
    for name, source in pipelines.items():
        per_fold: dict[str, dict[int, float]] = defaultdict(dict)
        correct: dict[str, int] = Counter()
        total: dict[str, int] = Counter()
        fell_back: dict[str, int] = Counter()
        train_seconds: list[float] = []
        latencies: list[float] = []
        for fold in range(folds):
            fold_dir = work_dir / name / f"fold{fold}"
            fold_dir.mkdir(parents=True)
            train_rows = [
                (_intent_name(intent), text)
                for (intent, text), f in zip(english, fold_ids, strict=True)
                if f != fold and text
            ]
            _write_nlu(train_rows, fold_dir / "nlu.yml")
            config = _prepare_config(source, fold_dir / "config.yml", epochs)
            apply_options(config, (options or {}).get(name, {}), work_dir / name)
            _progress(f"{name} fold {fold + 1}/{folds}: training on {len(train_rows)} English rows")
            model, seconds = _train(config, fold_dir / "nlu.yml", fold_dir, fold_dir / "rasa.log")
            train_seconds.append(seconds)
            fold_positions = [pos for pos, f in enumerate(fold_ids) if f == fold]
            if sample and sample < len(fold_positions):
                step = len(fold_positions) / sample
                fold_positions = [fold_positions[int(i * step)] for i in range(sample)]
            chosen = set(fold_positions)
            tests = [
                (lang, _intent_name(data[lang][pos][0]), data[lang][pos][1])
                for lang in langs
                for pos in usable[lang]["positions"]
                if pos in chosen
            ]
            _progress(
                f"{name} fold {fold + 1}/{folds}: trained in {seconds:.1f} s; "
                f"parsing {len(tests)} messages"
            )
            predictions, fold_latencies = _parse(model, [text for _, _, text in tests], name)
            latencies.extend(fold_latencies)
            fold_correct: dict[str, int] = Counter()
            fold_total: dict[str, int] = Counter()
            for (lang, gold, _), predicted in zip(tests, predictions, strict=True):
                fold_total[lang] += 1
                if predicted is not None and predicted.startswith(f"{FALLBACK}:"):
                    fell_back[lang] += 1
                    predicted = predicted.split(":", 1)[1]
                fold_correct[lang] += predicted == gold
            for lang, count in fold_total.items():
                total[lang] += count
                correct[lang] += fold_correct[lang]
                per_fold[lang][fold] = fold_correct[lang] / count
            _progress(
                f"{name} fold {fold + 1}/{folds}: "
                + " ".join(f"{lang} {per_fold[lang][fold]:.2f}" for lang in fold_total)
            )
        per_language = {
            lang: _summary(per_fold, lang, fell_back[lang], total[lang]) for lang in langs
        }
        others = [lang for lang in langs if lang != "en"]
        standard = [lang for lang in others if lang not in DIALECTS]
        dialects = [lang for lang in others if lang in DIALECTS]

        def mean_ratio(group: list[str], table: dict[str, dict[str, Any]] = per_language) -> Any:
            if not group:
                return None
            return round(statistics.fmean(table[lang]["ratio_to_en"] for lang in group), 4)

        results[name] = {
            "config": str(source),
            "options": (options or {}).get(name, {}),
            "languages": per_language,
            "mean_ratio_standard": mean_ratio(standard),
            "mean_ratio_dialects": mean_ratio(dialects),
            "below_goal": [
                lang for lang in others if per_language[lang]["ratio_to_en"] < GOAL_RATIO
            ],
            "train_seconds": [round(s, 1) for s in train_seconds],
            "parse_ms": {
                "p50": round(_percentile(latencies, 0.5), 2),
                "p95": round(_percentile(latencies, 0.95), 2),
                "n": len(latencies),
            },
        }
        # Each pipeline's figures as soon as they exist (a long run may be cut short).
        partial = json.dumps({name: results[name]}, ensure_ascii=False)
        (work_dir / f"{name}.json").write_text(partial, encoding="utf-8")
        _progress(f"{name} done: {partial}")
    return {
        "benchmark": "crosslingual_intents",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "rasa": rasa.__version__,
        },
        "data": tsv.name,
        "folds": folds,
        "epochs_override": epochs,
        "sample_per_fold": sample,
        "preloaded_vectors": preload,
        "options": options or {},
        "alignment": {
            lang: {"usable": len(entry["positions"]), "left_out": entry["excluded_blocks"]}
            for lang, entry in usable.items()
            if lang in langs
        },
        "goal_ratio": GOAL_RATIO,
        "pipelines": results,
    }


def _spread(values: Sequence[float]) -> float:
    return statistics.pstdev(values) if len(values) > 1 else 0.0


def _summary(
    per_fold: dict[str, dict[int, float]], lang: str, fell_back: int, total: int
) -> dict[str, Any]:
    """A language's figures: mean and spread over the folds, of accuracy and of its ratio to
    English in the same fold (a fold where a language has no test row is skipped)."""
    accuracies = list(per_fold[lang].values())
    english = per_fold["en"]
    ratios = [
        accuracy / english[fold]
        for fold, accuracy in per_fold[lang].items()
        if english.get(fold, 0.0) > 0
    ]
    return {
        "accuracy": round(statistics.fmean(accuracies), 4),
        "accuracy_sd": round(_spread(accuracies), 4),
        "ratio_to_en": round(statistics.fmean(ratios), 4) if ratios else 0.0,
        "ratio_sd": round(_spread(ratios), 4),
        "fallback": round(fell_back / total, 4) if total else 0.0,
        "n": total,
        "folds": [round(value, 4) for value in accuracies],
    }


def _format(result: dict[str, Any]) -> str:
    names = list(result["pipelines"])
    pipelines = result["pipelines"]
    lines = [
        f"Cross-lingual intents (train English only), {result['date']}, "
        f"{result['machine']['cpus']} CPUs, rasa {result['machine']['rasa']}, "
        f"{result['data']}, {result['folds']} folds"
        + (f", epochs {result['epochs_override']}" if result["epochs_override"] else "")
        + (
            f", {result['sample_per_fold']} commands tested per fold"
            if result["sample_per_fold"]
            else ""
        )
        + (
            ", e5 vectors preloaded (latency without encoding)"
            if result["preloaded_vectors"]
            else ""
        ),
        "",
        "lang     " + "".join(f"{name:>34}" for name in names),
        "         " + "".join(f"{'acc (sd)   ratio (sd)  fb':>34}" for _ in names),
    ]
    langs = list(pipelines[names[0]]["languages"])
    standard = [lang for lang in langs if lang not in DIALECTS]
    dialects = [lang for lang in langs if lang in DIALECTS]
    for title, group in (("languages", standard), ("dialects", dialects)):
        if not group:
            continue
        lines.append(f"-- {title}")
        for lang in group:
            cells = []
            for name in names:
                row = pipelines[name]["languages"][lang]
                mark = "*" if lang != "en" and row["ratio_to_en"] < GOAL_RATIO else " "
                cells.append(
                    f"{row['accuracy']:.3f} ({row['accuracy_sd']:.3f}) "
                    f"{row['ratio_to_en']:.3f}{mark}({row['ratio_sd']:.3f}) "
                    f"{row['fallback']:>4.0%}"
                )
            lines.append(f"{lang:<9}" + "".join(f"{cell:>34}" for cell in cells))
    lines += ["", f"* = under {GOAL_RATIO:.0%} of English accuracy", ""]
    for name in names:
        entry = pipelines[name]
        lines.append(
            f"{name}: mean ratio {entry['mean_ratio_standard']} (languages), "
            f"{entry['mean_ratio_dialects']} (dialects); under the goal: "
            f"{', '.join(entry['below_goal']) or 'none'}; training "
            f"{', '.join(f'{s:.0f}' for s in entry['train_seconds'])} s; parse p50 "
            f"{entry['parse_ms']['p50']:.1f} ms, p95 {entry['parse_ms']['p95']:.1f} ms"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    parser.add_argument(
        "--pipeline",
        action="append",
        metavar="NAME=CONFIG",
        help="a pipeline to measure (repeatable; default: multilingual and default)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME:KEY=VALUE",
        help="an option of the cross-lingual classifier in pipeline NAME (repeatable); "
        "anchors_path=git:REV takes the anchor text of git revision REV",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--preload",
        action="store_true",
        help="encode the test messages' e5 vectors in batches first (same vectors, much "
        "faster on a busy machine; the parse latency then leaves the encoding out)",
    )
    parser.add_argument("--epochs", type=int, help="override every 'epochs' (default: as set)")
    parser.add_argument(
        "--sample",
        type=int,
        help="test only N evenly spaced commands of each fold (default: all)",
    )
    parser.add_argument("--languages", help="comma-separated subset (en is always added)")
    parser.add_argument("--work-dir", type=Path, help="keep all files here (default: temporary)")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    if args.tsv is None:
        parser.error("pass --tsv FILE (the xSID validation split) or set SHOPBOT_EVAL_DIR")
    pipelines = dict(DEFAULT_PIPELINES)
    if args.pipeline:
        pipelines = {}
        for item in args.pipeline:
            name, sep, path = item.partition("=")
            if not sep or not name or not path:
                parser.error(f"--pipeline wants NAME=CONFIG, got {item!r}")
            pipelines[name] = Path(path).resolve()
    languages = args.languages.split(",") if args.languages else None
    options: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in args.set:
        name, sep, assignment = item.partition(":")
        key, equals, value = assignment.partition("=")
        if not sep or not equals or name not in pipelines or not key:
            parser.error(f"--set wants NAME:KEY=VALUE with a known pipeline NAME, got {item!r}")
        options[name][key] = yaml.safe_load(value)

    def execute(work_dir: Path) -> dict[str, Any]:
        return run(
            args.tsv,
            pipelines,
            args.folds,
            work_dir,
            args.epochs,
            languages,
            args.sample,
            options,
            args.preload,
        )

    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        result = execute(args.work_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="crosslingual-") as folder:
            result = execute(Path(folder))
    print(_format(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
