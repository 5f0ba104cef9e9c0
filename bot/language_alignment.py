"""Alignment of a language's centred sentence vectors onto English, learnt from parallel anchors.

Centring (``bot.language_centring``) removes the offset that all sentences of a language
share; what is left differs from English in more than one direction. The project's anchor
text is parallel: line *i* of every ``knowledge/language/anchors/<code>.txt`` says what
line *i* of ``en.txt`` says. From those pairs this module learns, per language, a linear map
that moves the language's centred vectors towards their English translations, kept close to
the identity by a ridge penalty (``strength``)::

    W = argmin ||X W - E||^2 + strength * ||W - I||^2
      = I + X^T (X X^T + strength * I)^-1 (E - X)

``X`` holds the language's centred anchor vectors, ``E`` the English ones (the first ``n``
lines both have). The second form needs only an ``n x n`` solve, and ``W`` is never built: a
vector ``v`` becomes ``v + (v X^T) B`` with ``B = (X X^T + strength I)^-1 (E - X)``. English
(the pivot) maps to itself; a language without anchors (or ``und``) is left as it is.

Nothing here reads test data: the maps come from text written for the project. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_STRENGTH", "PIVOT_LANGUAGE", "LanguageAlignment"]

Vectors = npt.NDArray[np.float32]

PIVOT_LANGUAGE = "en"
"""The language every other one is mapped onto (the anchor files translate ``en.txt``)."""

DEFAULT_STRENGTH = 3.0
"""Ridge penalty: the larger, the closer each map stays to the identity."""


def _normalise_rows(matrix: Vectors) -> Vectors:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: Vectors = matrix / np.where(norms > 0, norms, 1.0)
    return normalised


@dataclass(frozen=True)
class LanguageAlignment:
    """Per language, the centred anchor vectors and the correction learnt from them."""

    anchors: Mapping[str, Vectors]
    """Centred anchor vectors per language, rows parallel to the pivot's rows."""
    strength: float = DEFAULT_STRENGTH
    pivot: str = PIVOT_LANGUAGE
    _corrections: dict[str, tuple[Vectors, Vectors]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Solves each language's ``n x n`` system (milliseconds for 40 languages)."""
        if self.strength <= 0:
            raise ValueError("the alignment strength must be positive")
        english = self.anchors.get(self.pivot)
        if english is None:
            return
        for language, vectors in self.anchors.items():
            rows = min(len(vectors), len(english))
            if language == self.pivot or rows == 0:
                continue
            own = np.asarray(vectors[:rows], dtype=np.float64)
            target = np.asarray(english[:rows], dtype=np.float64)
            gram = own @ own.T + self.strength * np.eye(rows)
            solved = np.linalg.solve(gram, target - own)
            self._corrections[language] = (
                own.astype(np.float32),
                solved.astype(np.float32),
            )

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with a map of their own (the pivot excluded)."""
        return tuple(sorted(self._corrections))

    def align(self, vectors: npt.ArrayLike, languages: Sequence[str | None]) -> Vectors:
        """Each (centred) row mapped by its language's map and re-normalised to unit length."""
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.shape[0] != len(languages):
            raise ValueError("one language per vector is needed")
        aligned = matrix.copy()
        for language in set(languages):
            correction = self._corrections.get(language or "")
            if correction is None:
                continue
            rows = [row for row, own in enumerate(languages) if own == language]
            own, solved = correction
            aligned[rows] = matrix[rows] + (matrix[rows] @ own.T) @ solved
        return _normalise_rows(aligned).astype(np.float32)

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """Arrays for ``numpy.savez`` (see :meth:`from_arrays`)."""
        languages = sorted(self.anchors)
        return {
            "alignment_languages": np.array(languages, dtype=str),
            "alignment_lengths": np.array([len(self.anchors[code]) for code in languages]),
            "alignment_vectors": (
                np.concatenate([self.anchors[code] for code in languages]).astype(np.float32)
                if languages
                else np.zeros((0, 0), dtype=np.float32)
            ),
            "alignment_settings": np.array([self.strength], dtype=np.float64),
            "alignment_pivot": np.array(self.pivot, dtype=str),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[Any]]) -> LanguageAlignment | None:
        """The alignment saved by :meth:`to_arrays` (None when the arrays hold none)."""
        if "alignment_languages" not in arrays:
            return None
        languages = [str(code) for code in arrays["alignment_languages"]]
        bounds = np.cumsum([0, *(int(n) for n in arrays["alignment_lengths"])])
        matrix = np.asarray(arrays["alignment_vectors"], dtype=np.float32)
        anchors = {
            code: matrix[start:end]
            for code, start, end in zip(languages, bounds[:-1], bounds[1:], strict=True)
        }
        return cls(
            anchors,
            strength=float(arrays["alignment_settings"][0]),
            pivot=str(arrays["alignment_pivot"]),
        )
