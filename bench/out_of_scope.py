"""Out-of-scope detection, before and after, per language: xSID, HINT3, gibberish, hold-out.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python bench/out_of_scope.py            # readable summary on stdout
    .venv-rasa/bin/python bench/out_of_scope.py --json

Two NLU models are trained in this process on the same 80 % of the NLU data (a split
stratified by intent, seed ``--seed``): *before*, ``config.yml`` and ``data/nlu`` at the
commit before issue 20 (``--before-ref``), and *after*, the working tree's. Both parse, with
the whole pipeline as the server runs it (``FallbackClassifier`` included):

- the held-out 20 % of the in-scope examples (accuracy of the final intent, of the top
  intent before the fallback, and the share rejected: ``out_of_scope`` or ``nlu_fallback``);
- the held-out ``out_of_scope`` examples of the project;
- every row of the xSID validation split (``$SHOPBOT_EVAL_DIR/xsid_valid.tsv``: assistant
  commands, all off-topic for a shop), per language;
- the ``NO_NODES_DETECTED`` rows of the HINT3 training sets (``hint3_train/*.csv``; the
  training splits here have none, which the summary says);
- gibberish made here (``--gibberish`` strings: keyboard walks, random letters, repeated
  syllables, seeded).

``--detector-only`` skips Rasa: the out-of-scope detector alone, fitted on the same 80 %,
scores the same sets (a lower bound of the pipeline's rejections; minutes, not an hour on a
busy 2-core machine).

An off-topic message is *rejected* when its final intent is ``out_of_scope`` or
``nlu_fallback`` (a product search answered "nothing fits" is not counted: the figure is
conservative). For the off-topic sets the summary also gives the share that got a shop intent
at a confidence of 0.9 or more and the highest such confidence (calibration). The public sets
are measured only, never trained or tuned on.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.nlu_runs import (
    BASELINE_REF,
    FALLBACK,
    PROJECT_ROOT,
    Parsed,
    configure_environment,
    parse_texts,
    pipeline_config,
    progress,
    read_git_file,
    train_model,
)
from bench.public_sets import public_set

__all__ = ["generate_gibberish", "main", "rejection_summary"]

OUT_OF_SCOPE = "out_of_scope"
REJECTED = frozenset({OUT_OF_SCOPE, FALLBACK})
CONFIDENT = 0.9
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "qwertzuiop")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def generate_gibberish(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct strings that are no words: keyboard walks, random letters, repeats."""
    rng = random.Random(seed)

    def walk() -> str:
        row = rng.choice(KEYBOARD_ROWS)
        start = rng.randrange(len(row) - 3)
        return row[start : start + rng.randint(3, len(row) - start)]

    def letters() -> str:
        return "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 9)))

    def repeat() -> str:
        return (rng.choice(LETTERS) + rng.choice(LETTERS)) * rng.randint(2, 4)

    makers = (walk, letters, repeat)
    found: set[str] = set()
    while len(found) < count:
        words = [rng.choice(makers)() for _ in range(rng.randint(1, 3))]
        found.add(" ".join(words))
    return sorted(found)


def rejection_summary(parsed: Sequence[Parsed]) -> dict[str, Any]:
    """How many off-topic messages were rejected, and the shop intents' confidences."""
    total = len(parsed) or 1
    kept = [p for p in parsed if p.intent not in REJECTED]
    return {
        "messages": len(parsed),
        "rejected": round((len(parsed) - len(kept)) / total, 4),
        "as_out_of_scope": round(sum(p.intent == OUT_OF_SCOPE for p in parsed) / total, 4),
        "confident_shop_intent": round(sum(p.confidence >= CONFIDENT for p in kept) / total, 4),
        "max_shop_confidence": round(max((p.confidence for p in kept), default=0.0), 4),
        "top_wrong_intents": Counter(p.intent for p in kept).most_common(4),
    }


def _in_scope_summary(parsed: Sequence[Parsed], gold: Sequence[str]) -> dict[str, Any]:
    total = len(parsed) or 1
    return {
        "messages": len(parsed),
        "accuracy": round(sum(p.intent == g for p, g in zip(parsed, gold, strict=True)) / total, 4),
        "top_accuracy": round(
            sum(p.top == g for p, g in zip(parsed, gold, strict=True)) / total, 4
        ),
        "rejected": round(sum(p.intent in REJECTED for p in parsed) / total, 4),
        "as_out_of_scope": round(sum(p.intent == OUT_OF_SCOPE for p in parsed) / total, 4),
    }


def _read_xsid(tsv: Path) -> dict[str, list[str]]:
    by_language: dict[str, set[str]] = defaultdict(set)
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["text"].strip():
                by_language[row["lang"]].add(row["text"].strip())
    return {language: sorted(texts) for language, texts in sorted(by_language.items())}


def _read_hint3_out_of_scope(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for csv_file in sorted(folder.glob("*_train.csv")):
        with csv_file.open(encoding="utf-8", newline="") as handle:
            found[csv_file.stem] = [
                row["sentence"].strip()
                for row in csv.DictReader(handle)
                if (row.get("label") or "").strip() == "NO_NODES_DETECTED"
            ]
    return found


def _git_data(ref: str, target: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "data/nlu"],
        cwd=PROJECT_ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "data" / "nlu"


def _split(data: Path, fraction: float, seed: int) -> tuple[list[tuple[str, str]], set[str]]:
    """The held-out (intent, text) pairs of a stratified split of ``data``."""
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.model_selection import train_test_split

    examples = sorted(
        {(str(m.get("intent")), str(m.get("text"))) for m in load_data(str(data)).intent_examples}
    )
    counts = Counter(intent for intent, _ in examples)
    stratify = [intent if counts[intent] > 1 else "_rare" for intent, _ in examples]
    _, held = train_test_split(
        examples, test_size=1 - fraction, random_state=seed, stratify=stratify
    )
    return sorted(held), {text for _, text in held}


def _training_file(data: Path, held_texts: set[str], target: Path) -> Path:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data

    training = load_data(str(data)).filter_training_examples(
        lambda message: message.get("text") not in held_texts
    )
    RasaYAMLWriter().dump(target, training)
    return target


def run_detector_only(args: argparse.Namespace) -> dict[str, Any]:
    """The detector alone (no Rasa training): fitted on the same 80 % as the models, it
    scores every set; a probability under 0.5 rejects the message whatever the intent
    classifiers said (``out_of_scope`` then gets more than half of the ranking), so its
    rejection share is a lower bound of the whole pipeline's. Minutes instead of an hour."""
    import numpy as np
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.language_centring import ANCHORS_DIR, LanguageCentroids, read_anchor_texts
    from bot.multilingual import encode_queries, training_vector_cache
    from bot.out_of_scope import OutOfScopeClassifier
    from knowledge.out_of_scope import OutOfScopeDetector

    data = PROJECT_ROOT / "data" / "nlu"
    held, held_texts = _split(data, args.training_fraction, args.seed)
    train = sorted(
        {
            (str(m.get("intent")), str(m.get("text")))
            for m in load_data(str(data)).intent_examples
            if m.get("text") not in held_texts
        }
    )
    cache = training_vector_cache()
    centroids = LanguageCentroids.from_texts(
        read_anchor_texts(ANCHORS_DIR), lambda texts: encode_queries(texts, 64, cache=cache)
    )
    language_of = OutOfScopeClassifier(
        OutOfScopeClassifier.get_default_config(),
        None,
        None,  # type: ignore[arg-type]
    )._language

    def vectors(texts: Sequence[str]) -> Any:
        return centroids.centre(
            encode_queries(list(texts), 64, cache=cache), [language_of(t) for t in texts]
        )

    texts = [text for _, text in train]
    detector = OutOfScopeDetector.fit(
        vectors(texts), np.array([i == OUT_OF_SCOPE for i, _ in train]), texts=texts
    )
    sets = {
        "in-scope hold-out": [t for i, t in held if i != OUT_OF_SCOPE],
        "own off-topic hold-out": [t for i, t in held if i == OUT_OF_SCOPE],
        "gibberish": generate_gibberish(args.gibberish),
    }
    if args.xsid and args.xsid.exists():
        for lang, xsid_texts in _read_xsid(args.xsid).items():
            step = max(1, len(xsid_texts) // args.xsid_limit) if args.xsid_limit else 1
            sets[f"xsid {lang}"] = xsid_texts[::step][: args.xsid_limit or None]
    figures: dict[str, Any] = {}
    for name, set_texts in sets.items():
        probability = detector.in_scope_probability(vectors(set_texts), set_texts)
        figures[name] = {
            "messages": len(set_texts),
            "under_half": round(float((probability < 0.5).mean()), 4),
            "at_least_0.9": round(float((probability >= 0.9).mean()), 4),
        }
        progress("out_of_scope", f"detector only, {name}: {figures[name]['under_half']:.1%}")
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "detector_only": figures,
    }


def run(args: argparse.Namespace, work_dir: Path) -> dict[str, Any]:
    """Trains both models and measures every set (see the module docstring)."""
    after_data = PROJECT_ROOT / "data" / "nlu"
    before_data = _git_data(args.before_ref, work_dir / "before")
    held, held_texts = _split(after_data, args.training_fraction, args.seed)
    in_scope = [(i, t) for i, t in held if i != OUT_OF_SCOPE]
    own_off_topic = [t for i, t in held if i == OUT_OF_SCOPE]
    sets: dict[str, list[str]] = {"own off-topic hold-out": own_off_topic}
    if args.xsid and args.xsid.exists():
        for lang, texts in _read_xsid(args.xsid).items():
            sets[f"xsid {lang}"] = (
                texts[:: max(1, len(texts) // args.xsid_limit)][: args.xsid_limit]
                if args.xsid_limit
                else texts
            )
    hint3 = (
        _read_hint3_out_of_scope(args.hint3_dir)
        if args.hint3_dir and args.hint3_dir.is_dir()
        else {}
    )
    sets.update({f"hint3 {name}": texts for name, texts in hint3.items() if texts})
    sets["gibberish"] = generate_gibberish(args.gibberish)

    models = {
        "before": (read_git_file(args.before_ref, "config.yml"), before_data),
        "after": ((PROJECT_ROOT / "config.yml").read_text("utf-8"), after_data),
    }
    result: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "before_ref": args.before_ref,
        "held_out": {"in_scope": len(in_scope), "off_topic": len(own_off_topic)},
        "hint3_out_of_scope_rows": {name: len(texts) for name, texts in hint3.items()},
        "models": {},
    }
    for name, (config_text, data) in models.items():
        folder = work_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        config = pipeline_config(config_text, folder / "config.yml")
        nlu = _training_file(data, held_texts, folder / "train.yml")
        progress("out_of_scope", f"training {name}")
        model, seconds = train_model(config, nlu, folder / "models", folder / "train.log")
        progress("out_of_scope", f"{name}: trained in {seconds:.0f} s; parsing")
        parsed = parse_texts(model, [t for _, t in in_scope], f"{name} in-scope")
        figures: dict[str, Any] = {
            "train_seconds": round(seconds, 1),
            "in_scope": _in_scope_summary(parsed, [i for i, _ in in_scope]),
            "off_topic": {},
        }
        for set_name, texts in sets.items():
            figures["off_topic"][set_name] = rejection_summary(
                parse_texts(model, texts, f"{name} {set_name}")
            )
            progress(
                "out_of_scope",
                f"{name} {set_name}: {figures['off_topic'][set_name]['rejected']:.1%} rejected",
            )
        result["models"][name] = figures
    return result


def _format(result: dict[str, Any]) -> str:
    before, after = result["models"]["before"], result["models"]["after"]
    lines = [
        f"Out-of-scope detection, {result['date']}: "
        f"before = {result['before_ref']}, after = working tree",
        f"held out: {result['held_out']['in_scope']} in-scope and "
        f"{result['held_out']['off_topic']} project off-topic examples; training on the rest",
        f"training: before {before['train_seconds']:.0f} s, after {after['train_seconds']:.0f} s",
        "",
        "in-scope hold-out      before   after",
    ]
    for key in ("accuracy", "top_accuracy", "rejected"):
        lines.append(f"  {key:<20}{before['in_scope'][key]:>7.3f}{after['in_scope'][key]:>8.3f}")
    lines += [
        "",
        f"off-topic sets: rejected (out_of_scope or nlu_fallback); shop intent at >= {CONFIDENT}; "
        "highest shop-intent confidence",
        f"{'set':<26}{'n':>5}{'rejected':>18}{'confident':>18}{'max conf':>16}",
    ]
    for set_name, b in before["off_topic"].items():
        a = after["off_topic"][set_name]
        lines.append(
            f"{set_name:<26}{b['messages']:>5}{b['rejected']:>9.1%} ->{a['rejected']:>6.1%}"
            f"{b['confident_shop_intent']:>9.1%} ->{a['confident_shop_intent']:>6.1%}"
            f"{b['max_shop_confidence']:>8.2f} ->{a['max_shop_confidence']:>5.2f}"
        )
    empty = [name for name, count in result["hint3_out_of_scope_rows"].items() if not count]
    if empty:
        lines += ["", "HINT3 training sets without NO_NODES_DETECTED rows: " + ", ".join(empty)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-ref", default=BASELINE_REF)
    parser.add_argument("--xsid", type=Path, default=public_set("xsid_valid.tsv"))
    parser.add_argument("--hint3-dir", type=Path, default=public_set("hint3_train"))
    parser.add_argument("--gibberish", type=int, default=200)
    parser.add_argument(
        "--xsid-limit", type=int, default=0, help="at most N xSID texts per language, evenly spread"
    )
    parser.add_argument("--training-fraction", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work-dir", type=Path, help="keep all files here (default: temporary)")
    parser.add_argument(
        "--detector-only",
        action="store_true",
        help="no Rasa training: the detector's own in-scope probability on every set",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)

    def execute(work_dir: Path) -> dict[str, Any]:
        configure_environment(work_dir)
        return run_detector_only(args) if args.detector_only else run(args, work_dir)

    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        result = execute(args.work_dir.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="out-of-scope-") as tmp:
            result = execute(Path(tmp))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif args.detector_only:
        print(f"Out-of-scope detector alone, {result['date']}: share with P(in scope) < 0.5")
        for name, row in result["detector_only"].items():
            print(
                f"  {name:<26}{row['messages']:>5}  {row['under_half']:>6.1%}"
                f"  (P >= 0.9: {row['at_least_0.9']:.1%})"
            )
    else:
        print(_format(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
