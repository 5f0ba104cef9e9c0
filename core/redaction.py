"""Redaction of personal data (emails, phone numbers, card numbers, street addresses) and of
tokens in URLs (``?token=...``).

Used by the log filter of every service (the action server, the web server, the command
line, and the Rasa server through ``bot/server.py`` and ``bot/rasa_logging.yml``) and by
exports; the order number is kept, since it is what support needs and it identifies nobody
without the email. Pure (standard library only): the Rasa side imports it too.

Three ways in, for three kinds of logging set-up, all redacting message, arguments and
tracebacks (the formatted exception and stack):

- :class:`RedactingFilter` on a handler (``install_redacting_filter`` adds it to every
  handler of a logger; a ``dictConfig`` names it as ``core.redaction.RedactingFilter``);
- :class:`RedactingFormatter`, a formatter whose whole output is redacted;
- :func:`install_redacting_record_factory`, for processes where libraries install handlers
  of their own later (Sanic, coloredlogs): every record is redacted when it is made.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

__all__ = [
    "RedactingFilter",
    "RedactingFormatter",
    "install_redacting_filter",
    "install_redacting_record_factory",
    "redact",
    "redact_record",
]

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
    # A token in a URL's query (the Rasa HTTP API takes ?token=...).
    (re.compile(r"(?i)\b((?:auth_|access_)?token=)[^&\s\"'<>]+"), r"\1[secret]"),
)
_PLAIN = logging.Formatter()


def redact(text: str) -> str:
    """``text`` with emails, card numbers, phone numbers, street addresses and URL tokens
    masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact ``record`` in place: its message (arguments merged in), the formatted
    exception (kept as ``exc_text``, which formatters print instead of formatting again)
    and the stack. Idempotent; returns the record."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = None
    if message is not None:
        record.msg = redact(message)
        record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = _PLAIN.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class RedactingFilter(logging.Filter):
    """A logging filter that redacts personal data from every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message, the traceback and the stack; keep the record."""
        redact_record(record)
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose output is redacted as a whole (message, traceback, stack and any
    extra field the format names)."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, redacted."""
        return redact(super().format(record))

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        """The traceback, redacted (also what ``exc_text`` caches)."""
        return redact("".join(traceback.format_exception(*ei)).rstrip("\n"))


def install_redacting_filter(logger: logging.Logger | None = None) -> None:
    """Attach :class:`RedactingFilter` to every handler of ``logger`` (default: root)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())


def install_redacting_record_factory() -> None:
    """Redact every log record of this process when it is made, whichever handler (now or
    installed later by a library) writes it. Idempotent."""
    current = logging.getLogRecordFactory()
    if getattr(current, "shopbot_redacting", False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(current(*args, **kwargs))

    make_record.shopbot_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)
