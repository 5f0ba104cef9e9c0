"""Input guards for the NLU pipeline: very long messages and symbol-only messages.

Two Rasa 3.6 graph components, both independent of this bot's intents, entities and slots:

``MessageLengthGuard`` (first in the pipeline, before the tokenizer)
    Cuts the text that the tokenizer and featurizers see to ``max_characters`` (default
    1000) at a word boundary, in training and at inference, and records
    ``{"truncated": true, "original_length": N}`` under ``shopbot_guard`` in the message
    data (an output property, so it shows in ``/model/parse`` and in the tracker's
    ``parse_data``). The user's full text is kept aside and put back by
    ``SymbolOnlyMessageClassifier`` (see below), so the parse data's ``text`` and the
    ``UserUttered`` event's ``text`` both stay the original message.

``SymbolOnlyMessageClassifier`` (last in the pipeline)
    A message without a single letter or digit in any script (emoji, punctuation,
    whitespace, empty) gets a deterministic intent: a well-known emoji maps to an intent
    when that intent exists in the training data (👍 👌 ✅ → ``affirm``, 👎 ❌ → ``deny``,
    👋 → ``greet``, 🙏 ❤️ → ``thanks``; configurable with ``emoji_intents``), anything
    else to ``nlu_fallback``; confidence 1.0, a one-entry ``intent_ranking``, no entities,
    and ``{"symbol_only": true}`` under ``shopbot_guard``. Messages with a letter or digit
    in any script (Chinese, Arabic, Cyrillic, ...) are never touched. As the last
    component it also restores the text that ``MessageLengthGuard`` cut.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

# The one text cutter (core/text.py), under the name the components and tests know:
# ``text`` cut to at most N characters at a word boundary (a hard cut without one).
from core.text import cut as cut_at_word_boundary

__all__ = [
    "DEFAULT_EMOJI_INTENTS",
    "DEFAULT_MAX_CHARACTERS",
    "GUARD_KEY",
    "ORIGINAL_TEXT_KEY",
    "MessageLengthGuard",
    "SymbolOnlyMessageClassifier",
    "cut_at_word_boundary",
    "emoji_intent",
    "is_symbol_only",
]

logger = logging.getLogger(__name__)

GUARD_KEY = "shopbot_guard"
"""Message data key (an output property) under which both guards record what they did."""

ORIGINAL_TEXT_KEY = "shopbot_guard_original_text"
"""Message data key (not an output property) holding the full text of a cut message."""

DEFAULT_MAX_CHARACTERS = 1000

DEFAULT_EMOJI_INTENTS: dict[str, str] = {
    "👍": "affirm",
    "👌": "affirm",
    "✅": "affirm",
    "👎": "deny",
    "❌": "deny",
    "👋": "greet",
    "🙏": "thanks",
    "❤️": "thanks",
}

# Characters that only decorate an emoji or separate several of them: variation
# selectors, skin-tone modifiers, the zero-width joiner (any Cf), whitespace, and
# exclamation marks ("👍!!"). A question mark is kept on purpose: "👍?" is a question.
_SKIN_TONES = frozenset(chr(cp) for cp in range(0x1F3FB, 0x1F400))
_VARIATION_SELECTORS = frozenset({"\ufe0e", "\ufe0f"})
_EXCLAMATIONS = frozenset({"!", "\uff01", "\u00a1", "\u203c"})
_INTENTS_FILE = "intents.json"


def is_symbol_only(text: str | None) -> bool:
    """Whether ``text`` has no letter and no digit in any script (empty counts too)."""
    return not any(char.isalnum() for char in text or "")


def _normalise_emoji(text: str) -> str:
    """Drops variation selectors, skin tones, joiners, whitespace and exclamation marks."""
    return "".join(
        char
        for char in text
        if not (
            char.isspace()
            or char in _VARIATION_SELECTORS
            or char in _SKIN_TONES
            or char in _EXCLAMATIONS
            or unicodedata.category(char) == "Cf"
        )
    )


def emoji_intent(text: str, emoji_intents: Mapping[str, str]) -> str | None:
    """The one intent that every symbol in ``text`` maps to, or ``None``.

    ``"👍"``, ``"👍🏽 👍!"`` and ``"👌✅"`` give ``affirm`` with the default mapping;
    ``"👍👎"`` (two intents), ``"👍🙂"`` (an unmapped symbol) and ``"?"`` give ``None``.
    """
    table = {_normalise_emoji(key): intent for key, intent in emoji_intents.items()}
    table.pop("", None)
    keys = sorted(table, key=len, reverse=True)
    rest = _normalise_emoji(text)
    found: set[str] = set()
    while rest:
        key = next((candidate for candidate in keys if rest.startswith(candidate)), None)
        if key is None:
            return None
        found.add(table[key])
        rest = rest[len(key) :]
    return found.pop() if len(found) == 1 else None


def _update_guard_record(message: Message, **fields: Any) -> None:
    """Merges ``fields`` into the message's ``shopbot_guard`` record (an output property)."""
    record = dict(message.get(GUARD_KEY) or {})
    record.update(fields)
    message.set(GUARD_KEY, record, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MessageLengthGuard(GraphComponent):
    """Cuts over-long message text before tokenisation, in training and inference."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``max_characters``: the longest text the tokenizer gets (default 1000)."""
        return {"max_characters": DEFAULT_MAX_CHARACTERS}

    def __init__(self, config: dict[str, Any]) -> None:
        """Validates the configuration."""
        limit = config.get("max_characters", DEFAULT_MAX_CHARACTERS)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidConfigException(
                f"{self.__class__.__name__}: 'max_characters' must be a positive "
                f"integer, got {limit!r}."
            )
        self.max_characters: int = limit

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageLengthGuard:
        """Creates the component (see ``GraphComponent.create``)."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Cuts the text of over-long training examples (entities past the cut go)."""
        for example in training_data.training_examples:
            self._guard(example, keep_original=False)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Cuts the text of over-long messages; the full text is kept for restoring."""
        for message in messages:
            self._guard(message, keep_original=True)
        return messages

    def _guard(self, message: Message, keep_original: bool) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or len(text) <= self.max_characters:
            return
        cut = cut_at_word_boundary(text, self.max_characters)
        if keep_original:
            message.set(ORIGINAL_TEXT_KEY, text)
        message.set(TEXT, cut)
        entities = message.get(ENTITIES)
        if entities:
            message.set(
                ENTITIES,
                [e for e in entities if e.get(ENTITY_ATTRIBUTE_END, 0) <= len(cut)],
            )
        _update_guard_record(message, truncated=True, original_length=len(text))
        logger.debug("Cut a %d-character message to %d characters.", len(text), len(cut))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SymbolOnlyMessageClassifier(GraphComponent, IntentClassifier):
    """Gives messages without letters or digits a deterministic intent (runs last)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``emoji_intents``: emoji → intent, used only for intents in the training data."""
        return {"emoji_intents": dict(DEFAULT_EMOJI_INTENTS)}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        known_intents: Iterable[str] = (),
    ) -> None:
        """Validates the configuration; ``known_intents`` are the training data's."""
        mapping = config.get("emoji_intents", DEFAULT_EMOJI_INTENTS)
        if not isinstance(mapping, Mapping) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()
        ):
            raise InvalidConfigException(
                f"{self.__class__.__name__}: 'emoji_intents' must map emoji strings to "
                f"intent names, got {mapping!r}."
            )
        self.emoji_intents: dict[str, str] = dict(mapping)
        self.known_intents: frozenset[str] = frozenset(known_intents)
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SymbolOnlyMessageClassifier:
        """Creates an untrained component (see ``GraphComponent.create``)."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Remembers which intents the training data has, so emoji map only to those."""
        self.known_intents = frozenset(training_data.intents)
        with self._model_storage.write_to(self._resource) as model_dir:
            dump_obj_as_json_to_file(model_dir / _INTENTS_FILE, sorted(self.known_intents))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SymbolOnlyMessageClassifier:
        """Loads the trained component (see ``GraphComponent.load``)."""
        try:
            with model_storage.read_from(resource) as model_dir:
                known_intents = read_json_file(model_dir / _INTENTS_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning(
                "%s: no stored intents in resource '%s'; every symbol-only message will get '%s'.",
                cls.__name__,
                resource.name,
                DEFAULT_NLU_FALLBACK_INTENT_NAME,
            )
            known_intents = []
        return cls(config, model_storage, resource, known_intents)

    def intent_for(self, text: str | None) -> str | None:
        """The intent for a symbol-only ``text``; ``None`` if ``text`` has a letter or digit."""
        if not is_symbol_only(text):
            return None
        intent = emoji_intent(text or "", self.emoji_intents)
        if intent is not None and intent in self.known_intents:
            return intent
        return DEFAULT_NLU_FALLBACK_INTENT_NAME

    def process(self, messages: list[Message]) -> list[Message]:
        """Classifies symbol-only messages and restores any text the length guard cut."""
        for message in messages:
            original = message.data.pop(ORIGINAL_TEXT_KEY, None)
            if isinstance(original, str):
                message.set(TEXT, original)
            intent = self.intent_for(message.get(TEXT))
            if intent is None:
                continue
            prediction = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, prediction, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(prediction)], add_to_output=True)
            message.set(ENTITIES, [], add_to_output=True)
            _update_guard_record(message, symbol_only=True)
        return messages
