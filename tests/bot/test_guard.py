"""Tests of ``bot.guard``: unit tests on Rasa messages, then one tiny trained model.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import UserUttered
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import read_yaml_file, write_yaml

from bot.guard import (
    DEFAULT_EMOJI_INTENTS,
    GUARD_KEY,
    ORIGINAL_TEXT_KEY,
    MessageLengthGuard,
    SymbolOnlyMessageClassifier,
    cut_at_word_boundary,
    emoji_intent,
    is_symbol_only,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FALLBACK = "nlu_fallback"
TRAINED_INTENTS = ("greet", "affirm", "deny", "thanks", "order_status", "inform")
LONG_TEXT = ("where is my order " * 600)[:10_000]


def _message(text: str | None, **data: Any) -> Message:
    """A message as Rasa's NLUMessageConverter builds it at inference."""
    return Message(data={TEXT: text, **data})


def _classifier(
    tmp_path: Path, known_intents: tuple[str, ...] = TRAINED_INTENTS
) -> SymbolOnlyMessageClassifier:
    storage = LocalModelStorage(tmp_path)
    return SymbolOnlyMessageClassifier(
        SymbolOnlyMessageClassifier.get_default_config(),
        storage,
        Resource("symbol_only"),
        known_intents,
    )


def _previous_prediction() -> dict[str, Any]:
    """What DIET + FallbackClassifier could have left on the message."""
    return {
        INTENT: {"name": FALLBACK, "confidence": 0.45},
        INTENT_RANKING_KEY: [
            {"name": FALLBACK, "confidence": 0.45},
            {"name": "greet", "confidence": 0.3},
            {"name": "deny", "confidence": 0.2},
        ],
        ENTITIES: [{"entity": "email", "value": "x", "start": 0, "end": 1}],
    }


# --- cut_at_word_boundary / is_symbol_only / emoji_intent ---------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short text", 100, "short text"),
        ("exactly ten", 11, "exactly ten"),
        ("hello world again", 11, "hello world"),  # the limit falls on a space
        ("hello world again", 13, "hello world"),  # inside "again": back to the space
        ("hello   world again", 10, "hello"),  # several spaces
        ("x" * 50, 10, "x" * 10),  # no space at all: hard cut
        ("订单" * 50, 7, "订单订单订单订"),  # script without spaces: hard cut
        ("   " + "y" * 50, 10, "   " + "y" * 7),  # only leading spaces: hard cut
    ],
)
def test_cut_at_word_boundary(text: str, limit: int, expected: str) -> None:
    assert cut_at_word_boundary(text, limit) == expected


def test_cut_keeps_a_prefix_that_ends_at_a_word_boundary() -> None:
    cut = cut_at_word_boundary(LONG_TEXT, 1000)
    assert len(cut) <= 1000
    assert LONG_TEXT.startswith(cut)
    assert LONG_TEXT[len(cut)].isspace()
    assert not cut[-1].isspace()


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "👍", "?!", "...", "🙂🙃", "❤️", "-_-", "¯\\_"])
def test_symbol_only(text: str) -> None:
    assert is_symbol_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "你好",
        "مرحبا",
        "привет",
        "שלום",
        "नमस्ते",
        "こんにちは",
        "7",
        "١٢٣",
        "👍 ok",
        ":D",
        "¯\\_(ツ)_/¯",
    ],
)
def test_not_symbol_only(text: str) -> None:
    assert not is_symbol_only(text)


def test_none_text_counts_as_symbol_only() -> None:
    assert is_symbol_only(None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👍", "affirm"),
        ("👍🏽", "affirm"),
        ("👍 👍!!", "affirm"),
        ("👌✅", "affirm"),
        ("👎", "deny"),
        ("❌", "deny"),
        ("👋", "greet"),
        ("👋🏿", "greet"),
        ("🙏", "thanks"),
        ("❤️", "thanks"),
        ("❤", "thanks"),
        ("👍👎", None),  # two intents
        ("👍🙂", None),  # an unmapped symbol
        ("👍?", None),  # a question
        ("🤔", None),
        ("", None),
        ("   ", None),
    ],
)
def test_emoji_intent(text: str, expected: str | None) -> None:
    assert emoji_intent(text, DEFAULT_EMOJI_INTENTS) == expected


# --- MessageLengthGuard ---------------------------------------------------------------------


def test_length_guard_leaves_short_messages_alone() -> None:
    message = _message("where is my order 100234?")
    MessageLengthGuard({"max_characters": 1000}).process([message])
    assert message.get(TEXT) == "where is my order 100234?"
    assert message.get(GUARD_KEY) is None
    assert message.get(ORIGINAL_TEXT_KEY) is None


def test_length_guard_cuts_a_10000_character_message() -> None:
    message = _message(LONG_TEXT)
    MessageLengthGuard({"max_characters": 1000}).process([message])
    cut = message.get(TEXT)
    assert 900 < len(cut) <= 1000
    assert LONG_TEXT.startswith(cut)
    assert message.get(GUARD_KEY) == {"truncated": True, "original_length": 10_000}
    assert message.get(ORIGINAL_TEXT_KEY) == LONG_TEXT
    output = message.as_dict(only_output_properties=True)
    assert output[GUARD_KEY] == {"truncated": True, "original_length": 10_000}
    assert ORIGINAL_TEXT_KEY not in output


class _ReadRecordingText(str):
    """A text that remembers how far into it indexing and slicing have read."""

    furthest: int = 0

    def __getitem__(self, key: Any) -> str:
        if isinstance(key, slice):
            start, stop, _step = key.indices(len(self))
            end = stop if stop > start else 0
        else:
            end = (key if key >= 0 else len(self) + key) + 1
        self.furthest = max(self.furthest, end)
        return str.__getitem__(self, key)


def test_length_guard_work_does_not_grow_with_the_message() -> None:
    """A 1 MB message costs what a 1,001-character one does, counted rather than timed: the
    guard reads characters up to max_characters + 1 only (to see whether the cut falls on
    a space) and makes no copy of the whole text. How long it takes: bench/guard_speed.py."""
    guard = MessageLengthGuard({"max_characters": 1000})
    guard.process([_message(LONG_TEXT)])  # first call: lazy imports and caches
    text = _ReadRecordingText(("where is my order " * 60_000)[:1_000_000])
    expected = cut_at_word_boundary(text[:1001], 1000)
    text.furthest = 0
    message = _message(text)
    tracemalloc.start()
    try:
        guard.process([message])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text.furthest == 1001
    assert peak < 64_000  # the cut (1,000 characters) and small records; the text is 1 MB
    assert message.get(TEXT) == expected
    assert message.get(ORIGINAL_TEXT_KEY) is text
    assert message.get(GUARD_KEY) == {"truncated": True, "original_length": 1_000_000}


def test_length_guard_hard_cuts_text_without_spaces() -> None:
    message = _message("好" * 10_000)
    MessageLengthGuard({"max_characters": 1000}).process([message])
    assert message.get(TEXT) == "好" * 1000


@pytest.mark.parametrize("text", ["", None, "   "])
def test_length_guard_survives_empty_text(text: str | None) -> None:
    message = _message(text)
    MessageLengthGuard({"max_characters": 1000}).process([message])
    assert message.get(TEXT) == text
    assert message.get(GUARD_KEY) is None


def test_length_guard_cuts_training_examples_and_their_entities() -> None:
    long_example = "order 100234 " + "really " * 300 + "anna@example.com"
    kept = {"entity": "order_number", "value": "100234", "start": 6, "end": 12}
    dropped = {
        "entity": "email",
        "value": "anna@example.com",
        "start": len(long_example) - 16,
        "end": len(long_example),
    }
    long_message = Message(data={TEXT: long_example, INTENT: "inform", ENTITIES: [kept, dropped]})
    short_message = Message(data={TEXT: "hi", INTENT: "greet"})
    data = TrainingData([long_message, short_message])

    MessageLengthGuard({"max_characters": 100}).process_training_data(data)

    assert len(long_message.get(TEXT)) <= 100
    assert long_message.get(ENTITIES) == [kept]
    assert long_message.get(GUARD_KEY) == {
        "truncated": True,
        "original_length": len(long_example),
    }
    assert long_message.get(ORIGINAL_TEXT_KEY) is None  # nothing to restore in training
    assert short_message.get(TEXT) == "hi"


@pytest.mark.parametrize("limit", [0, -5, "1000", 12.5, True, None])
def test_length_guard_rejects_bad_limits(limit: Any) -> None:
    with pytest.raises(InvalidConfigException):
        MessageLengthGuard({"max_characters": limit})


def test_length_guard_default_config() -> None:
    assert MessageLengthGuard.get_default_config() == {"max_characters": 1000}


# --- SymbolOnlyMessageClassifier ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👍", "affirm"),
        ("👌", "affirm"),
        ("✅", "affirm"),
        ("👎", "deny"),
        ("❌", "deny"),
        ("👋", "greet"),
        ("🙏", "thanks"),
        ("❤️", "thanks"),
        ("🤷", FALLBACK),
        ("?", FALLBACK),
        ("...", FALLBACK),
        ("  ", FALLBACK),
        ("", FALLBACK),
    ],
)
def test_symbol_only_messages_get_a_deterministic_intent(
    tmp_path: Path, text: str, expected: str
) -> None:
    message = _message(text, **_previous_prediction())
    _classifier(tmp_path).process([message])
    assert message.get(INTENT) == {"name": expected, "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [{"name": expected, "confidence": 1.0}]
    assert message.get(ENTITIES) == []
    assert message.get(GUARD_KEY) == {"symbol_only": True}
    output = message.as_dict(only_output_properties=True)
    assert output[INTENT]["name"] == expected
    assert output[GUARD_KEY] == {"symbol_only": True}


def test_emoji_intent_missing_from_training_data_falls_back(tmp_path: Path) -> None:
    message = _message("👍")
    _classifier(tmp_path, known_intents=("greet", "order_status")).process([message])
    assert message.get(INTENT) == {"name": FALLBACK, "confidence": 1.0}


def test_custom_emoji_mapping(tmp_path: Path) -> None:
    classifier = SymbolOnlyMessageClassifier(
        {"emoji_intents": {"🚚": "order_status"}},
        LocalModelStorage(tmp_path),
        Resource("symbol_only"),
        TRAINED_INTENTS,
    )
    assert classifier.intent_for("🚚") == "order_status"
    assert classifier.intent_for("👍") == FALLBACK


@pytest.mark.parametrize("bad", [["👍"], {"👍": 1}, "affirm"])
def test_symbol_only_rejects_bad_mappings(tmp_path: Path, bad: Any) -> None:
    with pytest.raises(InvalidConfigException):
        SymbolOnlyMessageClassifier(
            {"emoji_intents": bad}, LocalModelStorage(tmp_path), Resource("x")
        )


@pytest.mark.parametrize(
    "text", ["你好", "مرحبا", "привет", "где мой заказ?", "100234", "١٢٣", "👍 yes", "ok 👋"]
)
def test_messages_with_letters_or_digits_in_any_script_are_untouched(
    tmp_path: Path, text: str
) -> None:
    prediction = {"name": "greet", "confidence": 0.8}
    ranking = [prediction, {"name": "deny", "confidence": 0.1}]
    entities = [{"entity": "order_number", "value": "100234", "start": 0, "end": 6}]
    message = _message(
        text, **{INTENT: prediction, INTENT_RANKING_KEY: ranking, ENTITIES: entities}
    )
    _classifier(tmp_path).process([message])
    assert message.get(INTENT) == prediction
    assert message.get(INTENT_RANKING_KEY) == ranking
    assert message.get(ENTITIES) == entities
    assert message.get(GUARD_KEY) is None


def test_guards_together_restore_the_original_text(tmp_path: Path) -> None:
    long_emoji = "👍 " * 5_000
    long_words = LONG_TEXT
    messages = [_message(long_emoji), _message(long_words)]
    MessageLengthGuard({"max_characters": 1000}).process(messages)
    assert all(len(m.get(TEXT)) <= 1000 for m in messages)

    _classifier(tmp_path).process(messages)

    emoji_message, word_message = messages
    assert emoji_message.get(TEXT) == long_emoji
    assert emoji_message.get(INTENT) == {"name": "affirm", "confidence": 1.0}
    assert emoji_message.get(GUARD_KEY) == {
        "truncated": True,
        "original_length": len(long_emoji),
        "symbol_only": True,
    }
    assert word_message.get(TEXT) == long_words
    assert word_message.get(GUARD_KEY) == {"truncated": True, "original_length": 10_000}
    assert all(ORIGINAL_TEXT_KEY not in m.data for m in messages)


def test_symbol_only_classifier_persists_the_training_intents(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("train_SymbolOnlyMessageClassifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = SymbolOnlyMessageClassifier.get_default_config()
    training_data = TrainingData(
        [
            Message(data={TEXT: "yes", INTENT: "affirm"}),
            Message(data={TEXT: "hello", INTENT: "greet"}),
        ]
    )

    trained = SymbolOnlyMessageClassifier.create(config, storage, resource, context)
    assert trained.train(training_data) == resource

    loaded = SymbolOnlyMessageClassifier.load(config, storage, resource, context)
    assert loaded.known_intents == {"affirm", "greet"}
    assert loaded.intent_for("👍") == "affirm"
    assert loaded.intent_for("🙏") == FALLBACK  # no "thanks" in that training data


def test_symbol_only_classifier_loads_without_a_stored_resource(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = SymbolOnlyMessageClassifier.get_default_config()
    loaded = SymbolOnlyMessageClassifier.load(config, storage, Resource("missing"), context)
    assert loaded.intent_for("👍") == FALLBACK


# --- a tiny trained model with config.yml's pipeline -----------------------------------------

FIXTURE_NLU = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
    - hey
    - hiya
    - good evening
- intent: affirm
  examples: |
    - yes
    - yes please
    - sure
    - that's right
    - correct
    - ok go ahead
- intent: deny
  examples: |
    - no
    - no thanks
    - not at all
    - that's wrong
    - nope
    - definitely not
- intent: thanks
  examples: |
    - thank you
    - thanks a lot
    - cheers
    - many thanks
    - much appreciated
    - thx
- intent: order_status
  examples: |
    - where is my order
    - track my parcel
    - has my package shipped
    - status of order [#104211](order_number)
    - where is order [120 733](order_number)
    - any news on my delivery
- intent: inform
  examples: |
    - [104211](order_number)
    - it's [#120733](order_number)
    - order [131-902](order_number)
    - my email is [ola.n@example.com](email)
    - [pat@example.org](email)
    - order [145 220](order_number), email [kim@example.net](email)
"""

FIXTURE_RULES = """version: "3.1"
rules:
- rule: answer a greeting
  steps:
  - intent: greet
  - action: utter_ok
"""

FIXTURE_DOMAIN = """version: "3.1"
intents: [greet, affirm, deny, thanks, order_status, inform]
entities: [order_number, email]
responses:
  utter_ok:
  - text: "ok"
session_config:
  session_expiration_time: 60
  carry_over_slots_to_new_session: true
"""


def _test_config(target: Path) -> Path:
    """config.yml's pipeline with every epochs setting at 5, and only a RulePolicy."""
    config = read_yaml_file(PROJECT_ROOT / "config.yml")
    for component in config["pipeline"]:
        if "epochs" in component:
            component["epochs"] = 5
    config["policies"] = [{"name": "RulePolicy"}]
    write_yaml(config, target)
    return target


@pytest.fixture(scope="module")
def trained_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An agent with a model trained on the fixture data with config.yml's pipeline."""
    from rasa.core.agent import Agent
    from rasa.model_training import train

    folder = tmp_path_factory.mktemp("tiny-model")
    (folder / "nlu.yml").write_text(FIXTURE_NLU, encoding="utf-8")
    (folder / "rules.yml").write_text(FIXTURE_RULES, encoding="utf-8")
    (folder / "domain.yml").write_text(FIXTURE_DOMAIN, encoding="utf-8")
    config = _test_config(folder / "config.yml")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RASA_CACHE_DIRECTORY", str(folder / "cache"))
        result = train(
            domain=str(folder / "domain.yml"),
            config=str(config),
            training_files=[
                str(folder / "nlu.yml"),
                str(PROJECT_ROOT / "data" / "nlu" / "regex.yml"),  # the project's regexes
                str(folder / "rules.yml"),
            ],
            output=str(folder / "models"),
            fixed_model_name="tiny",
        )
    assert result.code == 0, "training the tiny model failed"
    yield Agent.load(result.model)


def test_trained_model_parses_a_10000_character_message(trained_agent: Any) -> None:
    text = "hello, " + "x" * 20 + " please tell me " * 700
    text = text[:10_000]

    parse_data = asyncio.run(trained_agent.parse_message(text))

    assert parse_data["text"] == text  # what /model/parse returns: the original text
    assert parse_data[GUARD_KEY] == {"truncated": True, "original_length": 10_000}
    assert parse_data["intent"]["name"]
    assert ORIGINAL_TEXT_KEY not in parse_data


@pytest.mark.parametrize(("text", "expected"), [("👍", "affirm"), ("🤷‍♀️", FALLBACK)])
def test_trained_model_parses_emoji_only_messages(
    trained_agent: Any, text: str, expected: str
) -> None:
    parse_data = asyncio.run(trained_agent.parse_message(text))

    assert parse_data["intent"] == {"name": expected, "confidence": 1.0}
    assert parse_data["intent_ranking"] == [{"name": expected, "confidence": 1.0}]
    assert parse_data["entities"] == []
    assert parse_data[GUARD_KEY] == {"symbol_only": True}


def test_trained_model_extracts_order_numbers(trained_agent: Any) -> None:
    parse_data = asyncio.run(trained_agent.parse_message("it's #100 234"))
    regex_values = {
        entity["value"]
        for entity in parse_data["entities"]
        if entity.get("extractor") == "RegexEntityExtractor"
    }
    assert regex_values == {"#100 234"}
    assert GUARD_KEY not in parse_data


def test_tracker_keeps_the_full_text_of_a_long_message(trained_agent: Any) -> None:
    text = ("hello " + "where is my order 100234 " * 500)[:10_000]

    async def converse() -> Any:
        await trained_agent.handle_text(text, sender_id="long-message")
        return await trained_agent.tracker_store.retrieve("long-message")

    tracker = asyncio.run(converse())
    # Not tracker.latest_message: a fallback may have reverted the turn, the event stays.
    user_event = next(e for e in reversed(tracker.events) if isinstance(e, UserUttered))
    assert user_event.text == text
    assert user_event.parse_data["text"] == text
    assert user_event.parse_data[GUARD_KEY] == {"truncated": True, "original_length": 10_000}
