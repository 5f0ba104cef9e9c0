"""Tests of ``knowledge.language``: script, lexicon, langdetect, prior, switch requests, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.language import (
    SPOKEN_LANGUAGES,
    Detection,
    LabelledText,
    LanguageDetector,
    apply_prior,
    conversation_language,
    evaluate_langid,
    find_switch_request,
    length_bucket,
    read_langid_file,
    word_count,
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [("我的订单在哪里", "zh"), ("注文はどこですか", "ja"), ("주문이 어디에 있나요", "ko"),
     ("Где мой заказ?", "ru"), ("Πού είναι η παραγγελία μου;", "el")],
)  # fmt: skip
def test_script(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert detection.language == language
    assert detection.spoken is (language in SPOKEN_LANGUAGES)
    assert detection.confidence >= 0.8


@pytest.mark.parametrize(
    ("text", "language"),
    [("gracias", "es"), ("hola", "es"), ("danke", "de"), ("merci beaucoup", "fr"),
     ("grazie mille", "it"), ("obrigado", "pt"), ("bedankt", "nl"), ("dank je wel", "nl"),
     ("thanks", "en"), ("vielen dank", "de")],
)  # fmt: skip
def test_lexicon_on_one_or_two_words(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert (detection.language, detection.method) == (language, "lexicon")
    assert detection.spoken


@pytest.mark.parametrize(
    ("text", "language"),
    [("Mi hermana compró unos zapatos rojos para la boda de su amiga", "es"),
     ("Die Lieferung ist leider noch nicht bei mir angekommen", "de"),
     ("Il pacco è arrivato ieri ma manca un articolo", "it"),
     ("Het pakket is gisteren bezorgd maar de doos was kapot", "nl")],
)  # fmt: skip
def test_sentences(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert detection.language == language
    assert detection.confidence >= 0.7


def test_langdetect_path_and_restriction() -> None:
    text = "Minha encomenda chegou amassada e quero trocar o produto"
    assert LanguageDetector().detect(text).language == "pt"
    narrow = LanguageDetector(spoken_languages=["en", "es"], candidate_languages=["en", "es"])
    detection = narrow.detect("Kunden haben heute viele Fragen zum Versand gestellt")
    assert detection.language in {"en", "es"}


def test_short_message_has_low_confidence(detector: LanguageDetector) -> None:
    assert detector.detect("ok").confidence < 0.5
    assert detector.detect("ok").confidence < detector.detect("ok gracias").confidence


@pytest.mark.parametrize("text", ["ok", "ok gracias", "123456", "👍", "", "si"])
def test_prior_kept_on_short_or_ambiguous(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, prior="es").language == "es"


def test_prior_method_when_kept_against_the_message(detector: LanguageDetector) -> None:
    detection = detector.detect("danke", prior="es")
    assert (detection.language, detection.method) == ("es", "prior")
    assert detector.detect("👍", prior="fr").method == "prior"


def test_confident_sentence_switches(detector: LanguageDetector) -> None:
    text = "Ich habe gestern eine Jacke bestellt und sie ist immer noch nicht da"
    detection = detector.detect(text, prior="es")
    assert detection.language == "de"
    assert detection.method != "prior"


@pytest.mark.parametrize(
    ("text", "code"),
    [("can we speak French?", "fr"), ("¿hablas inglés?", "en"), ("auf Deutsch bitte", "de"),
     ("en français svp", "fr"), ("in english please", "en"), ("用中文", "zh"),
     ("parla italiano?", "it"), ("você fala espanhol?", "es"),
     ("kunnen we Nederlands praten", "nl"),
     ("Sprechen Sie Portugiesisch?", "pt"), ("请用英文回答", "en"), ("中文可以吗", "zh"),
     ("español por favor", "es")],
)  # fmt: skip
def test_switch_requests(detector: LanguageDetector, text: str, code: str) -> None:
    assert find_switch_request(text) == code
    assert detector.detect(text).switch_to == code
    conversation = detector.detect(text, prior="de" if code != "de" else "en")
    assert (conversation.language, conversation.method) == (code, "switch")


@pytest.mark.parametrize(
    "text",
    ["I don't speak German", "no hablo inglés", "je ne parle pas anglais", "我不会说英语",
     "I bought a French press", "quiero un bolso italiano de piel", "where is my order"],
)  # fmt: skip
def test_not_switch_requests(text: str) -> None:
    assert find_switch_request(text) is None


def test_switch_request_keeps_message_language(detector: LanguageDetector) -> None:
    detection = detector.detect("¿hablas inglés?")
    assert detection.switch_to == "en"
    assert detection.language != "en"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "👍👍🎉", "?!", "123 456", "\x00\ufeff", "a" * 10_000, "wo ist " * 2000,
     "订单" * 5000, "https://example.com/x user@example.com"],
)  # fmt: skip
def test_never_raises(detector: LanguageDetector, text: str) -> None:
    detection = detector.detect(text)
    assert 0.0 <= detection.confidence <= 1.0
    assert detector.detect(text, prior="it").language


def test_symbols_are_undetermined(detector: LanguageDetector) -> None:
    for text in ("👍", "123456", ""):
        detection = detector.detect(text)
        assert (detection.language, detection.spoken) == ("und", False)


def test_unknown_language_is_not_spoken(detector: LanguageDetector) -> None:
    detection = detector.detect("Здравствуйте, я хочу вернуть товар")
    assert detection.language == "ru"
    assert detection.spoken is False


def test_detection_round_trips_json(detector: LanguageDetector) -> None:
    detection = detector.detect("¿hablas inglés?")
    data = json.loads(json.dumps(detection.to_dict()))
    assert set(data) == {"language", "confidence", "method", "spoken", "switch_to"}
    assert Detection.from_dict(data) == detection
    with pytest.raises(ValueError):
        Detection.from_dict({"confidence": 1})


def test_apply_prior_rules() -> None:
    unsure = Detection("de", 0.6, "langdetect", True)
    sure = Detection("de", 0.95, "langdetect", True)
    assert apply_prior(unsure, "es").language == "es"
    assert apply_prior(sure, "es") == sure
    assert apply_prior(unsure, None) == unsure


def test_conversation_language_from_parse_data() -> None:
    parse = {"language": "de", "confidence": 0.6, "method": "lexicon", "spoken": True,
             "switch_to": None}  # fmt: skip
    assert conversation_language(parse, "danke", "es")[0] == "es"
    assert conversation_language(parse, "danke", None)[0] == "de"
    language, detection = conversation_language(None, "auf Deutsch bitte", "en")
    assert (language, detection.method) == ("de", "switch")
    assert conversation_language({"bad": 1}, "merci beaucoup", None)[0] == "fr"


def test_invalid_configuration() -> None:
    with pytest.raises(ValueError):
        LanguageDetector(spoken_languages=[])
    with pytest.raises(ValueError):
        LanguageDetector(other_weight=0)


def test_word_count_and_buckets() -> None:
    assert word_count("ok gracias") == 2
    assert word_count("我的订单在哪里") == 4
    assert length_bucket("ok") == "1-2"
    assert length_bucket("wo ist mein paket") == "3-5"
    assert length_bucket("where is my order from last week") == "6+"


def test_read_langid_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("lang\ttext\textra\nES\thola\tx\nzh-cn\t你好\ty\n", encoding="utf-8")
    rows = read_langid_file(path)
    assert [(row.lang, row.text) for row in rows] == [("es", "hola"), ("zh", "你好")]


@pytest.mark.parametrize(
    ("content", "message"),
    [("language\ttext\nes\thola\n", "missing column"), ("lang\ttext\n", "no rows"),
     ("lang\ttext\nes\t\n", ":2: empty")],
)  # fmt: skip
def test_read_langid_file_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_langid_file(path)


def test_evaluate_langid_counts() -> None:
    rows = [("es", "hola"), ("de", "wo ist mein paket"), ("en", "hi")]
    report = evaluate_langid(lambda text: "es", [LabelledText(*row) for row in rows])
    assert report["overall"] == {"accuracy": round(1 / 3, 4), "n": 3}
    assert report["by_language"]["de"] == {"accuracy": 0.0, "n": 1}
    assert report["by_length"]["1-2"] == {"accuracy": 0.5, "n": 2}
    assert report["by_length"]["6+"] == {"accuracy": None, "n": 0}
    assert len(rows) == 3
