"""Language detection in the NLU pipeline: ``LanguageDetectionComponent``.

A Rasa 3.6 graph component, independent of this bot's intents, entities and slots. At
inference it runs :class:`knowledge.language.LanguageDetector` on the message text, with no
conversation prior, and stores the detection's dict under ``language`` in the message data
(an output property, so it shows in ``/model/parse`` and in the tracker's ``parse_data``)::

    {"language": "es", "confidence": 0.8, "method": "lexicon", "spoken": true,
     "switch_to": null}

In training it does nothing (``process_training_data`` returns the data untouched). The
conversation's language, with its prior, is decided on the action side with
``knowledge.language.conversation_language(parse_data["language"], text, previous)``.

Config options: ``spoken_languages`` (default: en es fr de it pt nl zh) and
``candidate_languages`` (default: those plus other common languages, see
``knowledge.language.languages``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.language import (
    DEFAULT_CANDIDATE_LANGUAGES,
    SPOKEN_LANGUAGES,
    LanguageDetector,
)

__all__ = ["LANGUAGE_KEY", "LanguageDetectionComponent"]

logger = logging.getLogger(__name__)

LANGUAGE_KEY = "language"
"""Message data key (an output property) holding the detection's dict."""


def _codes(config: dict[str, Any], key: str, name: str) -> list[str]:
    value = config.get(key)
    if (
        not isinstance(value, (list, tuple))
        or not value
        or not all(isinstance(code, str) and code.strip() for code in value)
    ):
        raise InvalidConfigException(
            f"{name}: '{key}' must be a non-empty list of language codes, got {value!r}."
        )
    return [code.strip() for code in value]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageDetectionComponent(GraphComponent):
    """Writes the message's language detection into its parse data (inference only)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``spoken_languages`` and ``candidate_languages`` (ISO 639-1 codes)."""
        return {
            "spoken_languages": list(SPOKEN_LANGUAGES),
            "candidate_languages": list(DEFAULT_CANDIDATE_LANGUAGES),
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Validates the configuration; langdetect's profiles load at the first message."""
        name = self.__class__.__name__
        self.detector = LanguageDetector(
            spoken_languages=_codes(config, "spoken_languages", name),
            candidate_languages=_codes(config, "candidate_languages", name),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetectionComponent:
        """Creates the component (see ``GraphComponent.create``)."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing: training examples need no language detection."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Detects each message's language (no prior) and stores it as an output property."""
        for message in messages:
            text = message.get(TEXT)
            detection = self.detector.detect(text if isinstance(text, str) else "")
            message.set(LANGUAGE_KEY, detection.to_dict(), add_to_output=True)
        return messages
