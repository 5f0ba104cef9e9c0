"""The conversation's language: keep it on short or unsure messages, switch on clear evidence."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from knowledge.language.detection import Detection
from knowledge.language.languages import SPOKEN_LANGUAGES, UNDETERMINED, normalise_code

if TYPE_CHECKING:
    from knowledge.language.detector import LanguageDetector

__all__ = ["DEFAULT_SWITCH_CONFIDENCE", "apply_prior", "conversation_language"]

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


def conversation_language(
    detection: Detection | Mapping[str, Any] | None,
    text: str,
    previous: str | None,
    detector: LanguageDetector | None = None,
) -> tuple[str, Detection]:
    """The conversation's language after one message, and the detection that decided it.

    For an action: ``detection`` is the message's ``parse_data["language"]`` written by
    ``bot.language.LanguageDetectionComponent`` (a dict; ``None`` when the component is
    not in the pipeline, then ``text`` is detected here), ``previous`` the language slot's
    value. The returned code is ``previous`` unless the message switches (see
    :func:`apply_prior`); with no ``previous`` it is the message's language, and stays
    ``previous`` (or ``"und"``) when nothing can be said.
    """
    from knowledge.language.detector import default_detector

    engine = detector or default_detector()
    if isinstance(detection, Detection):
        standalone = detection
    elif detection is not None:
        try:
            standalone = Detection.from_dict(detection)
        except ValueError:
            standalone = engine.detect(text)
    else:
        standalone = engine.detect(text)
    prior = normalise_code(previous) if previous else None
    decided = apply_prior(
        standalone, prior, engine.spoken, switch_confidence=engine.switch_confidence
    )
    return decided.language, decided
