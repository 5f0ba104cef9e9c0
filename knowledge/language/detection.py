"""The result of detecting one message's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Detection"]


@dataclass(frozen=True)
class Detection:
    """The language of one message and how sure the detector is.

    ``language`` is an ISO 639-1 code, or ``"und"`` when nothing can be said.
    ``method`` names the evidence that decided: ``"script"``, ``"lexicon"``,
    ``"langdetect"`` (character n-grams scored with langdetect's profiles), ``"prior"``
    (the conversation's language was kept), ``"switch"`` (the shopper asked for a
    language) or ``"none"``. ``spoken`` tells whether the bot answers in ``language``;
    ``switch_to`` is set when the shopper explicitly asked to change language (it may
    name a language the bot does not speak).
    """

    language: str
    confidence: float
    method: str
    spoken: bool
    switch_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the form stored in Rasa's parse data)."""
        return {
            "language": self.language,
            "confidence": round(self.confidence, 4),
            "method": self.method,
            "spoken": self.spoken,
            "switch_to": self.switch_to,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Detection:
        """The inverse of :meth:`to_dict`; raises ``ValueError`` on a malformed dict."""
        try:
            language = str(data["language"])
            confidence = float(data.get("confidence", 0.0))
            method = str(data.get("method", "none"))
            spoken = bool(data.get("spoken", False))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a language detection: {data!r}") from error
        switch = data.get("switch_to")
        return cls(
            language=language,
            confidence=min(max(confidence, 0.0), 1.0),
            method=method,
            spoken=spoken,
            switch_to=str(switch) if switch else None,
        )
