"""Tests of the latency baseline's config: config.yml minus the multilingual components."""

from __future__ import annotations

import yaml

from core.settings import PROJECT_ROOT
from shopbot.benchmarks.monolingual import MULTILINGUAL_COMPONENTS, monolingual_config


def _project_config() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))


def test_the_project_pipeline_has_the_components_the_baseline_drops() -> None:
    names = {component["name"] for component in _project_config()["pipeline"]}
    assert names >= MULTILINGUAL_COMPONENTS
    assert "bot.tokenizer.CJKAwareWhitespaceTokenizer" in names


def test_baseline_drops_only_the_multilingual_components() -> None:
    config = _project_config()
    baseline = monolingual_config(config)
    names = [component["name"] for component in baseline["pipeline"]]
    kept = [
        component["name"]
        for component in config["pipeline"]
        if component["name"] not in MULTILINGUAL_COMPONENTS
    ]
    assert names == [
        "WhitespaceTokenizer" if name == "bot.tokenizer.CJKAwareWhitespaceTokenizer" else name
        for name in kept
    ]
    assert "bot.sentiment.SentimentAnalyzer" in names
    assert baseline["policies"] == config["policies"]
    assert baseline["assistant_id"] != config["assistant_id"]
    diet = next(c for c in config["pipeline"] if c["name"] == "DIETClassifier")
    assert diet in baseline["pipeline"]  # with the same settings
    assert len(config["pipeline"]) == len(baseline["pipeline"]) + len(MULTILINGUAL_COMPONENTS)
