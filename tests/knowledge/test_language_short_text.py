"""Short-text language ID: vocabulary, letter model, script cues, and the derived word samples."""

from __future__ import annotations

import pytest

from knowledge.language import LabelledText, LanguageDetector
from knowledge.language.charmodel import CharModel
from knowledge.language.short_texts import sentence_words, shared_words, short_texts
from knowledge.language.vocabulary import Vocabulary, read_vocabulary


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


# -- the word lists and the letter model ------------------------------------------------


def test_every_default_script_language_has_a_vocabulary() -> None:
    vocabulary = read_vocabulary()
    latin_and_cyrillic = {"en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "sv", "da",
                          "no", "fi", "hu", "ro", "cs", "vi", "id", "ru", "uk", "bg"}  # fmt: skip
    assert latin_and_cyrillic <= set(vocabulary)
    assert all(len(vocabulary[code]) >= 400 for code in latin_and_cyrillic)
    assert all(word == word.lower() for words in vocabulary.values() for word in words)


def test_vocabulary_accents_optional_and_shared_words_split() -> None:
    vocabulary = Vocabulary(["es", "pt", "it"])
    assert vocabulary.languages_of("mañana") == ("es",)
    assert vocabulary.languages_of("manana") == ("es",)
    votes = vocabulary.votes(["casa", "mañana"])
    assert votes["es"] == pytest.approx(1 + 1 / 3)
    assert votes["pt"] == pytest.approx(1 / 3)


def test_char_model_learns_letter_sequences() -> None:
    model = CharModel(
        ["xa", "xb"],
        vocabulary={"xa": ("shop", "ship", "shape", "sheep"), "xb": ("kato", "kata", "toka")},
    )
    scores = model.log_scores("shipshape")
    assert scores["xa"] > scores["xb"]
    assert model.log_scores("katoka")["xb"] > model.log_scores("katoka")["xa"]
    unseen = model.log_scores("ñandú")
    assert all(value > float("-inf") for value in unseen.values())
    assert model.log_scores("") == {}
    assert set(model.log_scores("shipshape", ["xb", "zz"])) == {"xb"}
    assert model.log_scores("shipshape", ["xb"])["xb"] == scores["xb"]


# -- the detector on one or two words ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [("breakfast", "en"), ("kitchen", "en"), ("homework", "en"), ("sunny", "en"),
     ("Kühlschränke", "de"), ("sonnig", "de"), ("ventanas", "es"), ("deberes", "es"),
     ("janelas", "pt"), ("ensolarado", "pt"), ("finestre", "it"), ("cucina", "it"),
     ("fenêtres", "fr"), ("parapluie", "fr"), ("voisins", "fr"), ("vensters", "nl"),
     ("keuken", "nl"), ("zielone okna", "pl"), ("pencereler", "tr"), ("mutfak", "tr")],
)  # fmt: skip
def test_single_words_and_pairs(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.detect(text).language == language


@pytest.mark.parametrize("text", ["dziękujemy", "przepraszam bardzo", "teşekkürler", "günaydın"])
def test_other_languages_are_not_claimed_for_spoken_ones(
    detector: LanguageDetector, text: str
) -> None:
    detection = detector.detect(text)
    assert not detection.spoken, detection


@pytest.mark.parametrize(
    ("text", "language"),
    [("мы", "ru"), ("это", "ru"), ("її", "uk"), ("дякую", "uk"), ("къщата", "bg"),
     ("سيارة", "ar"), ("كتاب", "ar"), ("میخواهم", "fa"), ("駅", "ja"), ("価格", "ja"),
     ("价格", "zh"), ("我們", "zh")],
)  # fmt: skip
def test_letters_that_tell_languages_of_one_script_apart(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text).language == language


def test_one_word_never_switches_the_conversation(detector: LanguageDetector) -> None:
    for text in ("ventanas", "Kühlschränke", "janelas"):
        assert detector.detect(text, prior="en").language == "en"


def test_a_lexicon_tie_is_decided_by_the_letter_models(detector: LanguageDetector) -> None:
    detection = detector.detect("non merci")
    assert detection.language == "fr"


# -- single words and pairs cut from sentences -------------------------------------------


def test_sentence_words_groups_and_units() -> None:
    assert sentence_words("Wait, the 3 red buses!") == [["Wait"], ["the"], ["red", "buses"]]
    assert sentence_words("C'est l'e-mail.") == [["C'est", "l'e-mail"]]
    assert sentence_words("我的订单在哪里") == [["我的", "订单", "在哪里"]]


def test_short_texts_leave_out_shared_words_and_are_deterministic() -> None:
    rows = [
        LabelledText("en", "Tom likes green tea"),
        LabelledText("de", "Tom trinkt grünen Tee"),
        LabelledText("nl", "Tom drinkt groene thee"),
    ]
    shared = shared_words(rows)
    assert shared == frozenset({"tom"})
    samples = short_texts(rows, shared, per_language=None)
    assert "Tom" not in {row.text for row in samples.words}
    assert LabelledText("en", "Tom likes") in samples.pairs
    capped = short_texts(rows, shared, per_language=2, seed=3)
    assert capped == short_texts(rows, shared, per_language=2, seed=3)
    assert sum(row.lang == "en" for row in capped.words) == 2
    held_out = short_texts(
        [LabelledText("en", "green tea again")], shared, per_language=None, exclude=rows[:1]
    )
    assert [row.text for row in held_out.words] == ["again"]
    assert [row.text for row in held_out.pairs] == ["tea again"]
