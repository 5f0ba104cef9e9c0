"""Redaction of personal data (emails, phone numbers, card numbers, street addresses).

Used by the log filter of every service and by exports; the order number is kept, since
it is what support needs and it identifies nobody without the email.
"""

from __future__ import annotations

import logging
import re

__all__ = ["RedactingFilter", "install_redacting_filter", "redact"]

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[email]"),
    # 13-19 digits, optionally grouped: card numbers.
    (re.compile(r"\b(?:\d[ -]?){12,18}\d\b"), "[card]"),
    # Phone numbers: a leading + or 0 and 8+ digits, spaces, dashes, brackets allowed.
    (re.compile(r"(?<![\w])(?:\+|00|0)\d[\d ()/.-]{6,}\d"), "[phone]"),
    # A house number followed by a street word, or a street word followed by a number.
    (
        re.compile(
            r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){0,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Way|"
            r"Boulevard|Blvd|Drive|Dr|Court|Ct|Place|Pl|Square|Sq)\b\.?"
            r"|\b[A-Z][a-zäöüß]+(?:strasse|straße|str\.|weg|gasse|platz|allee)\s*\d{1,5}\w?\b",
        ),
        "[address]",
    ),
)


def redact(text: str) -> str:
    """``text`` with emails, card numbers, phone numbers and street addresses masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts personal data from every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message, redact it, keep the record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        record.msg = redact(message)
        record.args = None
        return True


def install_redacting_filter(logger: logging.Logger | None = None) -> None:
    """Attach :class:`RedactingFilter` to every handler of ``logger`` (default: root)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())
