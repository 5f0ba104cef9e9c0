"""One message's language given the conversation's: keep the prior unless the evidence is clear."""

from __future__ import annotations

from collections.abc import Collection

from knowledge.language.detection import Detection
from knowledge.language.languages import SPOKEN_LANGUAGES, UNDETERMINED

__all__ = ["DEFAULT_SWITCH_CONFIDENCE", "apply_prior"]

DEFAULT_SWITCH_CONFIDENCE = 0.85
"""A detection of another language must be at least this confident to replace the prior."""


def apply_prior(
    detection: Detection,
    prior: str | None,
    spoken: Collection[str] = SPOKEN_LANGUAGES,
    *,
    switch_confidence: float = DEFAULT_SWITCH_CONFIDENCE,
) -> Detection:
    """``detection`` of one message, given the conversation's language ``prior``.

    An explicit switch request always wins (language ``switch_to``, method ``"switch"``,
    even with no prior). Otherwise the prior is kept (method
    ``"prior"``) when the message says nothing (``"und"``: emoji, digits) or when it points
    to another language with less than ``switch_confidence``; the kept prior's confidence is
    ``0.5 + (1 - confidence) / 2`` (0.75 on "und"). A confident detection of another
    language, and any detection of the prior's own language, is returned as it is.
    """
    if detection.switch_to is not None:
        return Detection(
            language=detection.switch_to,
            confidence=1.0,
            method="switch",
            spoken=detection.switch_to in spoken,
            switch_to=detection.switch_to,
        )
    if not prior or prior == UNDETERMINED:
        return detection
    if detection.language == prior:
        return detection
    if detection.language != UNDETERMINED and detection.confidence >= switch_confidence:
        return detection
    return Detection(
        language=prior,
        confidence=round(0.5 + (1.0 - detection.confidence) / 2, 4),
        method="prior",
        spoken=prior in spoken,
    )
