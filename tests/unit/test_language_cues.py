"""Tests of the orthographic cues, the n-gram scorer, the function words and their mixing."""

from __future__ import annotations

import pytest

from knowledge.language import LanguageDetector
from knowledge.language.cues import CUES, cue_scores
from knowledge.language.function_words import FUNCTION_WORDS
from knowledge.language.lexicon import ChatLexicon
from knowledge.language.ngram import NgramScorer, softmax


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [("¿Dónde está?", "es"), ("¡Vale!", "es"), ("mañana", "es"), ("la conexión", "es"),
     ("não sei", "pt"), ("as opções", "pt"), ("a minha filha", "pt"), ("o trabalho", "pt"),
     ("gli amici", "it"), ("la pizza", "it"), ("la stazione", "it"), ("la città", "it"),
     ("j'aime", "fr"), ("qu'il vienne", "fr"), ("c'est tout", "fr"), ("le cœur", "fr"),
     ("die Straße", "de"), ("ich schätze", "de"), ("jetzt", "de"),
     ("mijn tijd", "nl"), ("I don't know", "en"), ("we're late", "en")],
)  # fmt: skip
def test_cue_points_to_its_language(text: str, language: str) -> None:
    scores = cue_scores(text)
    assert scores, text
    assert max(scores, key=lambda code: scores[code]) == language


@pytest.mark.parametrize(
    "text",
    ["where is my order", "Wo ist mein Paket", "English please", "où est mon colis", "123"],
)
def test_cues_stay_silent_on_plain_text(text: str) -> None:
    assert cue_scores(text) == {}


def test_cue_counts_once_per_message() -> None:
    assert cue_scores("¿Qué? ¿Cómo? ¡No!")["es"] == cue_scores("¿Qué?")["es"]


def test_cue_names_are_unique_and_weights_nonzero() -> None:
    assert len({cue.name for cue in CUES}) == len(CUES)
    assert all(weight != 0 for cue in CUES for _, weight in cue.weights)


def test_ngram_scorer_is_deterministic_and_restricted() -> None:
    scorer = NgramScorer(["es", "pt", "it"])
    text = "Quiero cambiar la dirección de entrega"
    first = scorer.log_scores(text)
    assert set(first) == {"es", "pt", "it"}
    assert first == scorer.log_scores(text)
    assert max(first, key=lambda code: first[code]) == "es"
    assert scorer.log_scores("123 !!") == {}


def test_ngram_prior_weight_lowers_a_language() -> None:
    plain = NgramScorer(["de", "nl"]).log_scores("wo ist das")
    weighted = NgramScorer(["de", "nl"], {"nl": 0.5}).log_scores("wo ist das")
    assert weighted["de"] == pytest.approx(plain["de"])
    assert weighted["nl"] < plain["nl"]


def test_names_weigh_less_than_words() -> None:
    scorer = NgramScorer(["en", "it"])
    named = scorer.log_scores("Vado con Smith")
    word = scorer.log_scores("Vado con smith")
    assert named["en"] - named["it"] < word["en"] - word["it"]


def test_softmax() -> None:
    probabilities = softmax({"a": 0.0, "b": 0.0, "c": -1000.0})
    assert probabilities["a"] == pytest.approx(0.5)
    assert probabilities["c"] == pytest.approx(0.0)
    assert softmax({}) == {}
    flat = softmax({"a": 2.0, "b": 0.0}, temperature=4.0)
    assert 0.5 < flat["a"] < softmax({"a": 2.0, "b": 0.0})["a"]


def test_function_words_split_shared_votes() -> None:
    lexicon = ChatLexicon()
    assert set(lexicon.languages_of("die")) == {"de", "nl"}
    assert set(lexicon.languages_of("que")) == {"es", "fr", "pt"}
    assert lexicon.languages_of("você") == ("pt",)
    assert lexicon.languages_of("hanno") == ("it",)
    assert set(FUNCTION_WORDS) == {"en", "es", "fr", "de", "it", "pt", "nl"}
    only_listed = ChatLexicon(lexicon={"en": "hello"})
    assert only_listed.languages_of("hanno") == ()


@pytest.mark.parametrize(
    ("text", "language"),
    [("¿Ya lo has pagado?", "es"), ("Ele não comeu nada", "pt"), ("Loro hanno mangiato", "it"),
     ("Sara mi ha detto tutto", "it"), ("Lucas estaba muy cansado", "es"),
     ("Ik ben niet moe", "nl"), ("Ich bin so müde", "de"), ("She is so tired", "en"),
     ("Elle n'a rien dit", "fr"), ("Você já viu isso?", "pt")],
)  # fmt: skip
def test_short_sentences(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.detect(text).language == language


def test_long_sentence_is_confident(detector: LanguageDetector) -> None:
    text = "Gostaria de saber quando a minha encomenda vai chegar a casa"
    detection = detector.detect(text)
    assert detection.language == "pt"
    assert detection.confidence >= 0.85
    assert detector.detect(text, prior="es").language == "pt"


def test_other_latin_languages_are_not_pulled_to_spoken_ones(detector: LanguageDetector) -> None:
    polish = detector.detect("Nie wiem, gdzie jest moja paczka, czy mozesz sprawdzic?")
    assert (polish.language, polish.spoken) == ("pl", False)
    turkish = detector.detect("Siparişim nerede, bugün gelecek mi?")
    assert (turkish.language, turkish.spoken) == ("tr", False)
