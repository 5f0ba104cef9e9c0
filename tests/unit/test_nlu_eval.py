"""Tests of ``shopbot.nlu_eval``: reading labelled intents and scoring predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopbot.nlu_eval import (
    UNKNOWN_LANGUAGE,
    LabelledIntent,
    read_labelled_intents,
    score_intents,
)


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "rows.tsv"
    path.write_text(content, encoding="utf-8")
    return path


def test_reads_rows_with_language(tmp_path: Path) -> None:
    path = _write(tmp_path, "lang\tintent\ttext\tnote\nes\tgreet\t hola \tx\nde\tthanks\tdanke\t\n")
    assert read_labelled_intents(path) == [
        LabelledIntent(text="hola", intent="greet", lang="es"),
        LabelledIntent(text="danke", intent="thanks", lang="de"),
    ]


def test_language_column_is_optional(tmp_path: Path) -> None:
    path = _write(tmp_path, "intent\ttext\ngreet\thello\n")
    assert read_labelled_intents(path) == [LabelledIntent("hello", "greet", UNKNOWN_LANGUAGE)]


def test_quotes_are_plain_text(tmp_path: Path) -> None:
    path = _write(tmp_path, 'intent\ttext\ngreet\t"hi" there\n')
    assert read_labelled_intents(path)[0].text == '"hi" there'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label\ttext\ngreet\thello\n", "missing column(s) intent"),
        ("intent\tsentence\ngreet\thello\n", "missing column(s) text"),
        ("intent\ttext\ngreet\thello\n\tbye\n", ":3: empty intent or text"),
        ("intent\ttext\n", "no rows"),
        ("", "missing column(s) intent, text"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_labelled_intents(_write(tmp_path, content))


def test_scores_overall_by_language_and_confusions() -> None:
    rows = [
        LabelledIntent("hello", "greet", "en"),
        LabelledIntent("hola", "greet", "es"),
        LabelledIntent("gracias", "thanks", "es"),
        LabelledIntent("danke", "thanks", "de"),
        LabelledIntent("merci", "thanks", "fr"),
        LabelledIntent("ciao", "greet", "it"),
    ]
    predicted = ["greet", "greet", "greet", "greet", None, "nlu_fallback"]

    report = score_intents(rows, predicted)

    assert report["overall"] == {"accuracy": 0.3333, "n": 6}
    assert report["by_language"] == {
        "de": {"accuracy": 0.0, "n": 1},
        "en": {"accuracy": 1.0, "n": 1},
        "es": {"accuracy": 0.5, "n": 2},
        "fr": {"accuracy": 0.0, "n": 1},
        "it": {"accuracy": 0.0, "n": 1},
    }
    assert report["confusions"] == [
        {"intent": "thanks", "predicted": "greet", "count": 2, "examples": ["gracias", "danke"]},
        {"intent": "greet", "predicted": "nlu_fallback", "count": 1, "examples": ["ciao"]},
        {"intent": "thanks", "predicted": None, "count": 1, "examples": ["merci"]},
    ]


def test_confusions_keep_the_top_ones_only() -> None:
    rows = [LabelledIntent(f"t{i}", f"intent{i}") for i in range(15)]
    report = score_intents(rows, ["other"] * 15, top=10)
    assert len(report["confusions"]) == 10
    assert report["by_language"] == {UNKNOWN_LANGUAGE: {"accuracy": 0.0, "n": 15}}


def test_examples_are_capped_at_three() -> None:
    rows = [LabelledIntent(f"t{i}", "greet") for i in range(5)]
    report = score_intents(rows, ["thanks"] * 5)
    assert report["confusions"][0]["count"] == 5
    assert report["confusions"][0]["examples"] == ["t0", "t1", "t2"]


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 rows but 1 predictions"):
        score_intents([LabelledIntent("a", "x"), LabelledIntent("b", "y")], ["x"])
