"""The sentiment classifier outside Rasa (action side): evaluation, benchmarks, reports.

The Rasa component (``bot.sentiment``) trains the same classifier on the same examples at
``rasa train``; here it is trained in-process, with the e5 vectors of the examples kept in
the embedding cache (``var/cache/embeddings``), so repeated evaluations take seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.text import cut
from knowledge.embedding_cache import EmbeddingCache, ProgressCallback, encode_passages
from knowledge.encoders import Encoder, Vectors, load_encoder
from knowledge.sentiment.classifier import SoftmaxClassifier, TrainingOptions
from knowledge.sentiment.examples import EXAMPLES_DIR, LabelledSentiment, project_examples
from knowledge.sentiment.labels import Sentiment

__all__ = ["MAX_CHARACTERS", "SentimentModel", "encode_messages"]

MAX_CHARACTERS = 500
"""As in the Rasa component: longer messages are cut before encoding."""


class _QueryVectors:
    """An encoder's ``query:`` vectors under their own cache name."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder

    @property
    def name(self) -> str:
        return f"{self._encoder.name}:query"

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encoder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encoder.encode_queries(texts)


def _prepared(text: str) -> str:
    """The text as the Rasa component encodes it (``bot.multilingual.prepare_text``):
    stripped, cut at a word boundary to :data:`MAX_CHARACTERS`."""
    return cut(text.strip(), MAX_CHARACTERS)


def encode_messages(
    texts: Sequence[str],
    encoder: Encoder | None = None,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
) -> np.ndarray:
    """e5 ``query:`` vectors of the messages (cut as the component cuts them)."""
    vectors, _stats = encode_passages(
        _QueryVectors(encoder or load_encoder("e5")),
        [_prepared(text) for text in texts],
        cache=cache,
        progress=progress,
    )
    return vectors


class SentimentModel:
    """Encoder plus classifier: texts in, :class:`Sentiment` out."""

    def __init__(
        self,
        classifier: SoftmaxClassifier,
        encoder: Encoder | None = None,
        cache: EmbeddingCache | None = None,
    ) -> None:
        """A trained classifier over ``encoder``'s query vectors (e5 by default)."""
        self.classifier = classifier
        self.encoder = encoder or load_encoder("e5")
        self.cache = cache

    @classmethod
    def train(
        cls,
        examples: Sequence[LabelledSentiment] | None = None,
        *,
        directory: Path = EXAMPLES_DIR,
        options: TrainingOptions | None = None,
        encoder: Encoder | None = None,
        cache: EmbeddingCache | None = None,
        progress: ProgressCallback | None = None,
    ) -> SentimentModel:
        """Trains on ``examples`` (default: the project's, from ``directory``)."""
        rows = list(examples) if examples is not None else project_examples(directory)
        encoder = encoder or load_encoder("e5")
        features = encode_messages([row.text for row in rows], encoder, cache, progress)
        classifier = SoftmaxClassifier.fit(features, [row.label for row in rows], options)
        return cls(classifier, encoder, cache)

    def predict(
        self, texts: Sequence[str], progress: ProgressCallback | None = None
    ) -> list[Sentiment]:
        """The sentiment of each text."""
        features = encode_messages(texts, self.encoder, self.cache, progress)
        rows = self.classifier.probabilities(features)
        return [
            Sentiment.from_probabilities(
                dict(zip(self.classifier.labels, (float(p) for p in row), strict=True)),
                model="e5-softmax",
            )
            for row in rows
        ]
