"""Log redaction reaches tracebacks, URL tokens and handlers installed after it."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from core.redaction import (
    RedactingFilter,
    RedactingFormatter,
    install_redacting_record_factory,
    redact,
)

EMAIL = "anna.berg@example.com"
PHONE = "+44 7700 900059"


def _failing_log(logger: logging.Logger) -> None:
    try:
        raise ValueError(f"cannot parse {{'email': '{EMAIL}', 'phone': '{PHONE}'}}")
    except ValueError:
        logger.exception("payload from %s refused", EMAIL)


@pytest.fixture
def capture() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(f"shopbot.test.redaction.{id(stream)}")
    logger.propagate = False
    logger.addHandler(handler)
    yield logger, stream, handler
    logger.removeHandler(handler)


def test_a_token_in_a_url_is_masked() -> None:
    assert redact("GET /status?token=s3cr3t&x=1") == "GET /status?token=[secret]&x=1"
    assert redact("/conversations/x/tracker?auth_token=abc") == (
        "/conversations/x/tracker?auth_token=[secret]"
    )


def test_the_filter_redacts_the_traceback_too(
    capture: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, stream, handler = capture
    handler.addFilter(RedactingFilter())
    _failing_log(logger)
    written = stream.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert EMAIL not in written and PHONE not in written
    assert "[email]" in written and "[phone]" in written


def test_the_formatter_redacts_everything_it_writes(
    capture: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, stream, handler = capture
    handler.setFormatter(RedactingFormatter("%(levelname)s %(message)s"))
    _failing_log(logger)
    written = stream.getvalue()
    assert "Traceback" in written
    assert EMAIL not in written and PHONE not in written


def test_the_record_factory_covers_handlers_without_a_filter(
    capture: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, stream, _handler = capture
    previous = logging.getLogRecordFactory()
    try:
        install_redacting_record_factory()
        install_redacting_record_factory()  # idempotent: one wrapper
        _failing_log(logger)
    finally:
        logging.setLogRecordFactory(previous)
    written = stream.getvalue()
    assert "Traceback" in written
    assert EMAIL not in written and PHONE not in written
