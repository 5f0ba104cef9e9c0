"""The pure parts of the issue 20 NLU benchmarks: folds, gibberish, summaries, configs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.hint3 import read_hint3
from bench.nlu_holdout import fold_assignment
from bench.nlu_runs import Parsed, pipeline_config
from bench.out_of_scope import generate_gibberish, rejection_summary


def test_folds_are_stratified_and_cover_every_example() -> None:
    intents = ["a"] * 10 + ["b"] * 5 + ["c"] * 2
    folds = fold_assignment(intents, 5, seed=42)
    assert len(folds) == len(intents) and set(folds) <= set(range(5))
    for intent in "ab":
        per_fold = Counter(f for f, i in zip(folds, intents, strict=True) if i == intent)
        assert max(per_fold.values()) - min(per_fold.values()) <= 1
        assert len(per_fold) == 5
    assert fold_assignment(intents, 5, seed=42) == folds


def test_gibberish_is_distinct_seeded_and_wordless() -> None:
    strings = generate_gibberish(50, seed=3)
    assert len(set(strings)) == 50 and strings == generate_gibberish(50, seed=3)
    assert all(s.replace(" ", "").isalpha() for s in strings)


def test_rejection_summary_counts_fallback_and_out_of_scope_as_rejected() -> None:
    parsed = [
        Parsed("out_of_scope", 0.8, "out_of_scope", 0.8),
        Parsed("nlu_fallback", 0.45, "order_status", 0.3),
        Parsed("order_status", 0.95, "order_status", 0.95),
        Parsed("greet", 0.6, "greet", 0.6),
    ]
    summary = rejection_summary(parsed)
    assert summary["rejected"] == 0.5
    assert summary["confident_shop_intent"] == 0.25
    assert summary["max_shop_confidence"] == 0.95


def test_read_hint3_maps_no_nodes_detected(tmp_path: Path) -> None:
    csv_file = tmp_path / "shop_train.csv"
    csv_file.write_text("sentence,label,\nhello there,GREET,\nblah,NO_NODES_DETECTED,\n", "utf-8")
    assert read_hint3(csv_file) == [("GREET", "hello there"), ("out_of_scope", "blah")]


def test_pipeline_config_edits_components_and_drops_policies(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    import yaml

    source = (
        "recipe: default.v1\nlanguage: en\npipeline:\n  - name: A\n  - name: B\n    x: 1\n"
        "  - name: C\npolicies:\n  - name: RulePolicy\n"
    )
    target = pipeline_config(
        source,
        tmp_path / "c.yml",
        changes={"B": {"x": 2}},
        insert_before={"C": {"name": "D"}},
        remove=["A"],
    )
    config = yaml.safe_load(target.read_text("utf-8"))
    assert config["pipeline"] == [{"name": "B", "x": 2}, {"name": "D"}, {"name": "C"}]
    assert "policies" not in config
