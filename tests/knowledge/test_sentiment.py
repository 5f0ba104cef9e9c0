"""knowledge.sentiment: labels, examples, the classifier, the summary and the scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.sentiment import (
    EXAMPLES_DIR,
    LABELS,
    Sentiment,
    SentimentFileError,
    SoftmaxClassifier,
    macro_f1,
    project_examples,
    read_sentiment_file,
    score_predictions,
    summarise,
)
from knowledge.sentiment.examples import BASE_REGISTER, LabelledSentiment, example_file_parts
from knowledge.sentiment.selection import grouped_cross_validation


def test_sentiment_from_probabilities_and_back() -> None:
    sentiment = Sentiment.from_probabilities({"negative": 0.7, "neutral": 0.2, "positive": 0.1})
    assert sentiment.label == "negative"
    assert sentiment.score == pytest.approx(-0.6)
    assert sentiment.confidence == pytest.approx(0.7)
    assert Sentiment.from_dict(sentiment.to_dict()) == sentiment


@pytest.mark.parametrize(
    "stored", [{}, {"label": "angry", "score": -1}, {"label": "negative", "score": "x"}]
)
def test_malformed_stored_sentiment_is_ignored(stored: dict[str, object]) -> None:
    assert Sentiment.from_dict(stored) is None


def test_project_examples_cover_ten_languages_and_three_labels() -> None:
    examples = project_examples()
    languages = {example.lang for example in examples}
    assert {"en", "es", "fr", "de", "it", "pt", "nl", "zh", "ar", "hi"} <= languages
    for language in languages:
        labels = [e.label for e in examples if e.lang == language]
        counts = {label: labels.count(label) for label in LABELS}
        assert len(set(counts.values())) == 1, f"{language}: labels not balanced {counts}"
        assert counts["neutral"] >= 150
    texts = [(e.lang, e.text) for e in examples]
    assert len(texts) == len(set(texts)), "duplicate examples"
    assert all(path.suffix == ".tsv" for path in EXAMPLES_DIR.iterdir())


def test_the_first_set_stays_apart_from_the_registers_added_later() -> None:
    first = project_examples(registers={BASE_REGISTER})
    social = project_examples(registers={"social"})
    assert len(first) == 4500
    assert {e.lang for e in social} >= {"ar", "de", "en", "es", "fr", "hi", "it", "pt"}
    assert len(project_examples()) == len(first) + len(social)
    assert example_file_parts(Path("hi.social.tsv")) == ("hi", "social")
    assert example_file_parts(Path("hi.tsv")) == ("hi", "")


def test_register_files_take_their_language_from_the_name(tmp_path: Path) -> None:
    (tmp_path / "en.tsv").write_text("label\ttext\npositive\tgreat\n", encoding="utf-8")
    (tmp_path / "en.social.tsv").write_text("label\ttext\nnegative\tugh\n", encoding="utf-8")
    assert project_examples(tmp_path) == [
        LabelledSentiment("negative", "ugh", "en"),
        LabelledSentiment("positive", "great", "en"),
    ]
    assert project_examples(tmp_path, registers={"social"}) == [
        LabelledSentiment("negative", "ugh", "en")
    ]


def test_grouped_cross_validation_holds_out_each_group() -> None:
    generator = np.random.default_rng(1)
    centres = {"negative": -2.0, "neutral": 0.0, "positive": 2.0}
    labels = [label for _ in range(2) for label in LABELS for _ in range(30)]
    groups = ["a"] * 90 + ["b"] * 90
    features = np.stack([generator.normal(centres[label], 0.5, size=4) for label in labels])
    scores = grouped_cross_validation(features, labels, groups)
    assert set(scores) == {"a", "b"}
    assert min(scores.values()) > 0.9
    # A group whose labels are swapped cannot be learned from the other one.
    swapped = {"negative": "positive", "positive": "negative", "neutral": "neutral"}
    flipped = labels[:90] + [swapped[label] for label in labels[90:]]
    assert max(grouped_cross_validation(features, flipped, groups).values()) < 0.5
    with pytest.raises(ValueError):
        grouped_cross_validation(features, labels, ["a"] * 180)


def test_reading_a_file_with_a_language_column(tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(
        'lang\tlabel\ttext\nen\tPositive\tgreat\nfr\tneutral\t"d""accord"\nen\tneutral\t\n',
        encoding="utf-8",
    )
    rows = read_sentiment_file(path)
    assert rows == [
        LabelledSentiment("positive", "great", "en"),
        LabelledSentiment("neutral", 'd"accord', "fr"),
    ]


@pytest.mark.parametrize(
    "content", ["text\nhello\n", "label\ttext\nangry\thello\n"], ids=["no label", "bad label"]
)
def test_bad_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SentimentFileError):
        read_sentiment_file(path)


def test_classifier_learns_separable_data_and_round_trips(tmp_path: Path) -> None:
    generator = np.random.default_rng(0)
    centres = {"negative": -2.0, "neutral": 0.0, "positive": 2.0}
    labels = [label for label in LABELS for _ in range(60)]
    features = np.stack([generator.normal(centres[label], 0.5, size=8) for label in labels])
    classifier = SoftmaxClassifier.fit(features, labels)
    accuracy = np.mean(np.array(classifier.predict(features)) == np.array(labels))
    assert accuracy > 0.95
    path = tmp_path / "classifier.npz"
    classifier.save(path)
    loaded = SoftmaxClassifier.load(path)
    assert np.allclose(loaded.probabilities(features), classifier.probabilities(features))
    assert loaded.labels == LABELS
    assert loaded.dimension == 8


def test_classifier_refuses_mismatched_input() -> None:
    with pytest.raises(ValueError):
        SoftmaxClassifier.fit(np.zeros((3, 4)), ["negative", "neutral"])


def test_summary_mean_minimum_trend_and_streak() -> None:
    summary = summarise(
        [("positive", 0.5), ("neutral", 0.0), ("negative", -0.5), ("negative", -0.9)]
    )
    assert summary is not None
    assert summary.messages == 4
    assert summary.mean == pytest.approx(-0.225)
    assert summary.minimum == -0.9
    assert summary.last == -0.9
    assert summary.trend < 0
    assert summary.negative_streak == 2
    assert summarise([]) is None
    assert summarise([("neutral", 0.1)]).trend == 0.0  # type: ignore[union-attr]


def test_macro_f1_and_per_language_scores() -> None:
    assert macro_f1(["positive", "negative"], ["positive", "negative"]) == 1.0
    assert macro_f1(["positive", "negative"], ["negative", "positive"]) == 0.0
    rows = [
        LabelledSentiment("positive", "a", "en"),
        LabelledSentiment("negative", "b", "en"),
        LabelledSentiment("neutral", "c", "de"),
    ]
    report = score_predictions(rows, ["positive", "neutral", "neutral"])
    assert report["overall"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["per_language"]["de"] == {"n": 1, "accuracy": 1.0, "macro_f1": 1.0}
    assert report["per_language"]["en"]["macro_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["mean_macro_f1_over_languages"] == pytest.approx(2 / 3, abs=1e-4)
