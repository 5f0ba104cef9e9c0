"""Language centring of multilingual sentence embeddings.

A multilingual encoder places a sentence and its translation close together, but every
language's sentences also share an offset of their own: German sentences sit nearer each
other than near their English translations. Subtracting each language's mean vector (its
*centroid*) and re-normalising removes most of that offset, so that a classifier fitted on
English vectors reads German ones better (Libovický et al., 2020, "On the language
neutrality of pre-trained multilingual representations").

The centroids come from *anchor text*: short chat messages written for this project in about
40 languages (``knowledge/language/anchors/<code>.txt``). A language without anchors is
centred on the mean of all centroids. Pure numpy; the encoder is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ANCHORS_DIR",
    "LanguageCentroids",
    "anchor_languages",
    "letter_language",
    "read_anchor_texts",
]

ANCHORS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "language" / "anchors"
"""The project's anchor text, one ``<ISO 639-1 code>.txt`` file per language."""

Vectors = npt.NDArray[np.float32]
"""Sentence vectors (one per row) or one vector, float32."""

Encoder = Callable[[list[str]], Vectors]

# Letters that only one anchor language uses (among the anchor languages), for languages
# langdetect has no profile of: Kazakh's Cyrillic additions, Serbian Cyrillic's đ and ć.
_LETTER_LANGUAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("kk", frozenset("әғқңөұүһ")),
    ("sr", frozenset("ђћ")),
)


def letter_language(text: str) -> str | None:
    """The language whose own letters ``text`` uses ("қала" -> ``kk``), else None."""
    letters = set(text.lower())
    for language, own in _LETTER_LANGUAGES:
        if letters & own:
            return language
    return None


def anchor_languages(folder: Path = ANCHORS_DIR) -> frozenset[str]:
    """The languages with an anchor file in ``folder``."""
    return frozenset(path.stem.lower() for path in folder.glob("*.txt"))


def read_anchor_texts(folder: Path = ANCHORS_DIR) -> dict[str, list[str]]:
    """``language -> texts`` from ``<code>.txt`` files (one text per line, ``#`` comments)."""
    texts: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        if kept:
            texts[path.stem.lower()] = kept
    return texts


def _normalise_rows(matrix: Vectors) -> Vectors:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: Vectors = matrix / np.where(norms > 0, norms, 1.0)
    return normalised


@dataclass(frozen=True)
class LanguageCentroids:
    """One mean vector per language, and the fallback for the other languages."""

    vectors: Mapping[str, Vectors]
    fallback: Vectors

    @classmethod
    def from_texts(
        cls, texts_by_language: Mapping[str, Sequence[str]], encode: Encoder
    ) -> LanguageCentroids:
        """Encodes every language's texts and keeps their mean."""
        return cls.from_vectors(
            {
                language: encode(list(texts))
                for language, texts in sorted(texts_by_language.items())
                if texts
            }
        )

    @classmethod
    def from_vectors(cls, vectors_by_language: Mapping[str, npt.ArrayLike]) -> LanguageCentroids:
        """The mean of every language's (already encoded) anchor vectors."""
        vectors = {
            language: np.asarray(matrix, dtype=np.float32).mean(axis=0)
            for language, matrix in sorted(vectors_by_language.items())
            if len(np.asarray(matrix))
        }
        if not vectors:
            raise ValueError("language centring needs anchor text in at least one language")
        fallback = np.mean(np.stack(list(vectors.values())), axis=0).astype(np.float32)
        return cls(vectors, fallback)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with a centroid of their own."""
        return tuple(sorted(self.vectors))

    def nearest(self, vectors: npt.ArrayLike) -> list[str]:
        """For each row, the language whose centroid it is most similar to (cosine): the
        offset that fits the sentence best, whatever a text detector would call it."""
        matrix = np.asarray(vectors, dtype=np.float32)
        languages = self.languages
        if not len(matrix):
            return []
        centroids = _normalise_rows(np.stack([self.vectors[code] for code in languages]))
        best = (_normalise_rows(matrix) @ centroids.T).argmax(axis=1)
        return [languages[int(position)] for position in best]

    def of(self, language: str | None) -> Vectors:
        """The centroid used for ``language`` (the fallback when it has none)."""
        return self.vectors.get(language or "", self.fallback)

    def centre(self, vectors: npt.ArrayLike, languages: Sequence[str | None]) -> Vectors:
        """Each row minus its language's centroid, re-normalised to unit length."""
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.shape[0] != len(languages):
            raise ValueError("one language per vector is needed")
        if not len(languages):
            return matrix.copy()
        offsets = np.stack([self.of(language) for language in languages])
        return _normalise_rows(matrix - offsets).astype(np.float32)

    def to_arrays(self) -> dict[str, npt.NDArray[np.str_] | Vectors]:
        """Arrays for ``numpy.savez`` (see :meth:`from_arrays`)."""
        languages = self.languages
        return {
            "centroid_languages": np.array(languages, dtype=str),
            "centroids": np.stack([self.vectors[language] for language in languages]),
            "centroid_fallback": self.fallback,
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[Any]]) -> LanguageCentroids:
        """The centroids saved by :meth:`to_arrays`."""
        languages = [str(language) for language in arrays["centroid_languages"]]
        matrix = np.asarray(arrays["centroids"], dtype=np.float32)
        return cls(
            dict(zip(languages, matrix, strict=True)),
            np.asarray(arrays["centroid_fallback"], dtype=np.float32),
        )
