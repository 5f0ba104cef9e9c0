"""Tests of ``bench.crosslingual_intents``' own logic: folds, per-fold figures, options."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from bench.crosslingual_intents import (
    CLASSIFIER,
    PROJECT_ROOT,
    _summary,
    apply_options,
    export_anchors,
    fold_of_positions,
)


def test_folds_are_stratified_by_intent() -> None:
    folds = fold_of_positions(["a", "a", "b", "a", "b", "a"], 2)
    assert folds == [0, 1, 0, 0, 1, 1]


def test_summary_gives_mean_and_spread_of_accuracy_and_ratio() -> None:
    per_fold = {"en": {0: 1.0, 1: 0.8}, "lt": {0: 0.8, 1: 0.8}}

    summary = _summary(per_fold, "lt", fell_back=1, total=10)

    assert summary["accuracy"] == pytest.approx(0.8)
    assert summary["accuracy_sd"] == pytest.approx(0.0)
    assert summary["ratio_to_en"] == pytest.approx((0.8 + 1.0) / 2)
    assert summary["ratio_sd"] == pytest.approx(0.1)
    assert summary["fallback"] == pytest.approx(0.1)
    assert summary["folds"] == [0.8, 0.8]


def _git_available() -> bool:
    try:
        subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def test_options_reach_the_classifier_only(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text(
        yaml.safe_dump({"pipeline": [{"name": "WhitespaceTokenizer"}, {"name": CLASSIFIER}]}),
        encoding="utf-8",
    )

    apply_options(config, {"alignment": "anchors", "neighbours": 3}, tmp_path)

    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    assert pipeline == [
        {"name": "WhitespaceTokenizer"},
        {"name": CLASSIFIER, "alignment": "anchors", "neighbours": 3},
    ]


def test_options_need_the_classifier(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text(yaml.safe_dump({"pipeline": [{"name": "DIETClassifier"}]}), "utf-8")
    with pytest.raises(ValueError, match="CrossLingualIntentClassifier"):
        apply_options(config, {"alignment": "anchors"}, tmp_path)


@pytest.mark.skipif(not _git_available(), reason="needs the project's git history")
def test_anchor_text_of_a_revision_is_exported(tmp_path: Path) -> None:
    target = export_anchors("HEAD", tmp_path / "anchors")

    english = subprocess.run(
        ["git", "show", "HEAD:knowledge/language/anchors/en.txt"],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    ).stdout
    assert (target / "en.txt").read_bytes() == english
    assert len(list(target.glob("*.txt"))) >= 30
