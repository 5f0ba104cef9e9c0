"""Stability of the shipped model across random seeds: train, then run every conversation test.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python bench/seed_stability.py                 # seeds 1, 2, 3
    .venv-rasa/bin/python bench/seed_stability.py --seeds 7 8 --json

For each seed, ``config.yml`` with every ``random_seed`` (DIET's, TED's) set to it is trained
with ``rasa train`` from scratch (Rasa's training cache in a folder of its own, so no
component is reused from another seed; the e5 vectors of the examples come from the project's
vector cache: they do not depend on the seed), then ``rasa test core --e2e
--fail-on-prediction-errors`` runs ``tests/conversations`` on that model, as
``tests/rasa/test_rasa_project.py`` does on the shipped one. The summary says, per seed, the
training time, whether every story passed and, if not, the first wrong prediction. The
shipped seed (42) is what ``make test`` checks already.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.nlu_runs import PROJECT_ROOT, progress, rasa_variables

RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
DEFAULT_SEEDS = (1, 2, 3)


def seeded_config(seed: int, target: Path) -> Path:
    """``config.yml`` with every component's and policy's ``random_seed`` set to ``seed``."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    changed = 0
    for step in [*config.get("pipeline", []), *config.get("policies", [])]:
        if "random_seed" in step:
            step["random_seed"] = seed
            changed += 1
    if not changed:
        raise ValueError("config.yml sets no random_seed: nothing to vary")
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return target


def run_seed(seed: int, work: Path) -> dict[str, Any]:
    """Train with ``seed`` and run the conversation tests; the outcome."""
    folder = work / f"seed-{seed}"
    folder.mkdir(parents=True)
    env = {**os.environ, **rasa_variables(folder / "rasa-cache")}
    config = seeded_config(seed, folder / "config.yml")
    progress("seed_stability", f"seed {seed}: training")
    started = time.monotonic()
    with (folder / "train.log").open("w") as log:
        trained = subprocess.run(
            [str(RASA), "train", "--config", str(config), "--domain", "domain.yml",
             "--data", "data", "--out", str(folder / "models"),
             "--fixed-model-name", "seeded", "--quiet"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    seconds = time.monotonic() - started
    model = folder / "models" / "seeded.tar.gz"
    if trained.returncode or not model.exists():
        return {"seed": seed, "trained": False, "train_seconds": round(seconds, 1)}
    progress("seed_stability", f"seed {seed}: trained in {seconds:.0f} s; conversation tests")
    tested = subprocess.run(
        [str(RASA_PYTHON), "-m", "bot.rasa_cli", "test", "core", "--e2e",
         "--fail-on-prediction-errors", "--no-plot",
         "--model", str(model), "--stories", "tests/conversations",
         "--out", str(folder / "results")],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = tested.stdout + tested.stderr
    wrong = re.search(r"WrongPredictionException: (.*?)(?:\n\n|\Z)", output, re.S)
    return {
        "seed": seed,
        "trained": True,
        "train_seconds": round(seconds, 1),
        "all_stories_pass": tested.returncode == 0,
        "first_wrong_prediction": wrong.group(1).strip()[-600:] if wrong else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; exit 1 when a seed fails a story."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="seed-stability-") as scratch:
        runs = [run_seed(seed, Path(scratch)) for seed in args.seeds]
    ok = all(run.get("all_stories_pass") for run in runs)
    if args.json:
        print(json.dumps({"seeds": runs, "ok": ok}, indent=2, ensure_ascii=False))
    else:
        print(f"{'seed':>6}  {'training':>9}  conversation tests")
        for run in runs:
            verdict = (
                "not trained"
                if not run["trained"]
                else "every story passes"
                if run["all_stories_pass"]
                else f"FAILED: {run['first_wrong_prediction']}"
            )
            print(f"{run['seed']:>6}  {run['train_seconds']:>7.0f} s  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
