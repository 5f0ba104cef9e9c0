"""The conversation's language: keep it on short or unsure messages, switch on clear evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.language.detection import Detection
from knowledge.language.detector import LanguageDetector, default_detector
from knowledge.language.languages import normalise_code
from knowledge.language.prior import apply_prior

__all__ = ["conversation_language"]


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
