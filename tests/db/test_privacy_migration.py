"""Migration 0004: conversation ids stored raw in orders' audit columns become keyed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from core.db.database import Database
from core.db.migrate import current_revision, upgrade
from core.errors import ConfigurationError
from shop.pseudonyms import conversation_key

TWILIO_ID = "twilio:+447700900059"
WIDGET_ID = "web-0123456789abcdef0123456789abcdef"


def _at_0003_with_raw_ids(path: Path) -> Database:
    database = Database(f"sqlite:///{path}")
    upgrade(database, "0003")
    now = datetime(2026, 6, 1, tzinfo=UTC).isoformat(" ")
    with database.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customers (id, email, first_name, last_name, phone, locale, "
                "created_at) VALUES (1, 'anna@example.com', 'Anna', 'Berg', NULL, 'en-GB', :at)"
            ),
            {"at": now},
        )
        for number, conversation in (("100001", TWILIO_ID), ("100002", None)):
            connection.execute(
                text(
                    "INSERT INTO orders (order_number, customer_id, status, currency, total, "
                    "placed_at, updated_at, cancel_conversation_id) "
                    "VALUES (:number, 1, 'cancelled', 'EUR', 10, :at, :at, :conversation)"
                ),
                {"number": number, "at": now, "conversation": conversation},
            )
        connection.execute(
            text(
                "INSERT INTO returns (rma_number, order_id, status, reason, conversation_id, "
                "created_at) VALUES ('RMA-100001-1', 1, 'requested', 'too small', :c, :at)"
            ),
            {"c": WIDGET_ID, "at": now},
        )
    return database


def _references(database: Database) -> list[str | None]:
    with database.begin() as connection:
        orders = connection.execute(
            text("SELECT cancel_conversation_id FROM orders ORDER BY order_number")
        ).scalars()
        returns = connection.execute(text("SELECT conversation_id FROM returns")).scalars()
        return [*orders, *returns]


def test_stored_conversation_ids_are_keyed(tmp_path: Path, real_secrets: dict[str, str]) -> None:
    database = _at_0003_with_raw_ids(tmp_path / "shop.db")
    try:
        upgrade(database, "0004")
        secret = real_secrets["SHOPBOT_CLIENT_KEY_SECRET"]
        keyed = [conversation_key(secret, TWILIO_ID), None, conversation_key(secret, WIDGET_ID)]
        assert _references(database) == keyed
        upgrade(database)  # on to the head: keys are left as they are
        assert _references(database) == keyed
    finally:
        database.dispose()


def test_raw_ids_are_never_left_raw_for_want_of_the_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOPBOT_CLIENT_KEY_SECRET")
    database = _at_0003_with_raw_ids(tmp_path / "shop.db")
    try:
        with pytest.raises(ConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET is not set"):
            upgrade(database, "0004")
        assert current_revision(database) == "0003"
        assert _references(database) == [TWILIO_ID, None, WIDGET_ID]
    finally:
        database.dispose()


def test_a_database_without_references_needs_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOPBOT_CLIENT_KEY_SECRET")
    database = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    try:
        assert upgrade(database) == current_revision(database)
    finally:
        database.dispose()
