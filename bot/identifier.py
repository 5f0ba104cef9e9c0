"""``IdentifierOnlyMessageClassifier``: a message that is only an email address, an order
number or a choice of numbers informs, in every language.

"anna@gmail.com", "anna@gmail" (a typo the order form helps with), "100 234", "#100234",
and the answer to "which items?" ("2", "la 2", "a 2", "1 and 3", "2和3") carry no words to
classify: DIET's answer for them depends on whatever the training data
of eight languages makes of characters like "@" and digits (seen: "bob@gmail.co" ->
``greet``, "anna@gmail" -> ``stop``, which made the order form stop). This component runs
after the classifiers and gives such a message the intent ``inform`` (configurable), with
confidence 1.0 and a one-entry ranking, keeping the entities the extractors found. Whether
a number choice picks a listed product or answers the order form depends on the
conversation, not the words, so the dialogue decides that (a rule sends ``inform`` after a
product list to ``action_product_question``); the classifiers' guess between the two was
found to flip from one training to the next. It acts only when that intent is in the
training data, so the pipeline still trains and runs on any NLU data (with no ``inform``
intent it does nothing).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

__all__ = ["IdentifierOnlyMessageClassifier", "is_identifier_only", "is_number_choice"]

logger = logging.getLogger(__name__)

_EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]*")
_NUMBER_LIKE = re.compile(r"#?\s*\d[\d\s\-]{2,}")
_EDGE_PUNCTUATION = ".,;:!?¡¿()[]\"'。，！？"
# Words for number choices: digit runs, letter runs, and CJK characters one by one.
_WORD = re.compile(r"\d+|[\u3400-\u9fff]|[^\W\d_]+")
_MAX_CHOICE_WORDS = 5
_MAX_CONNECTOR_LETTERS = 3
# Longer words that only name a numbered choice ("nummer 2", "item 3", "opción 1").
_CHOICE_NOUNS = frozenset(
    {
        "number", "nummer", "numero", "número", "numéro", "item", "items", "option",
        "opción", "opção", "optie", "opzione", "article", "artikel", "articolo", "artículo",
        "artigo", "product", "produkt", "producto", "produit", "prodotto", "produto",
    }
)  # fmt: skip
_INTENTS_FILE = "intents.json"


def is_number_choice(text: str) -> bool:
    """Numbers with at most short connecting words: "2", "a 2", "la 2", "1 and 3", "2和3",
    "nummer 2".

    Every word without digits has at most three letters ("a", "la", "die", "and", "和") or
    names a choice ("number", "nummer", "item", "opción"), there is at least one number, and
    no more words than numbers plus one.
    """
    words = _WORD.findall(text)
    numbers = [word for word in words if word.isdigit()]
    others = [word for word in words if not word.isdigit()]
    return (
        bool(numbers)
        and len(words) <= _MAX_CHOICE_WORDS
        and len(others) <= len(numbers) + 1
        and all(
            (len(word) <= _MAX_CONNECTOR_LETTERS and word.isalpha())
            or word.casefold() in _CHOICE_NOUNS
            for word in others
        )
    )


def is_identifier_only(text: Any) -> bool:
    """Whether ``text`` is just an email-like word, an order number or a choice of numbers."""
    if not isinstance(text, str):
        return False
    stripped = text.strip().strip(_EDGE_PUNCTUATION).strip()
    if not stripped:
        return False
    return bool(
        _EMAIL_LIKE.fullmatch(stripped)
        or _NUMBER_LIKE.fullmatch(stripped)
        or is_number_choice(stripped)
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IdentifierOnlyMessageClassifier(GraphComponent, IntentClassifier):
    """Gives identifier-only messages the ``inform`` intent (runs after the classifiers)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``intent``: the intent given; ``keep_for_number_choices``: intents a number choice
        keeps when the classifier chose them (none by default: the dialogue decides)."""
        return {"intent": "inform", "keep_for_number_choices": []}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        known_intents: frozenset[str] = frozenset(),
    ) -> None:
        """``known_intents`` are the training data's."""
        self.intent = str(config.get("intent") or "inform")
        self.kept_for_choices = frozenset(config.get("keep_for_number_choices") or ())
        self.known_intents = known_intents
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IdentifierOnlyMessageClassifier:
        """Creates an untrained component."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Remembers the training data's intents."""
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
    ) -> IdentifierOnlyMessageClassifier:
        """Loads the trained component."""
        try:
            with model_storage.read_from(resource) as model_dir:
                known = frozenset(read_json_file(model_dir / _INTENTS_FILE))
        except (ValueError, FileNotFoundError):
            known = frozenset()
        return cls(config, model_storage, resource, known)

    def process(self, messages: list[Message]) -> list[Message]:
        """Sets the intent of identifier-only messages."""
        if self.intent not in self.known_intents:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not is_identifier_only(text):
                continue
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            stripped = str(text).strip().strip(_EDGE_PUNCTUATION).strip()
            if current in self.kept_for_choices and not (
                _EMAIL_LIKE.fullmatch(stripped) or _NUMBER_LIKE.fullmatch(stripped)
            ):
                continue
            prediction = {INTENT_NAME_KEY: self.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, prediction, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(prediction)], add_to_output=True)
        return messages
