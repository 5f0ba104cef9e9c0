"""``shopbot privacy erase --email`` against the real stack: a shopper verifies an order,
cancels it, gives a phone number and asks for a person in one conversation, mentions their
email in another; after the erasure nothing of them is found in any table of the shop
database, the tracker store or the event broker, nor in any log file the servers wrote.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Customer, Order, OrderLine
from shop.privacy.subject import phone_forms
from shopbot.runtime import offline_environment
from tests.e2e.conftest import SHOPBOT, Stack
from tests.privacy_scan import found_in_database, found_in_files

pytestmark = pytest.mark.e2e

#: This test's own network client (TEST-NET-2), so no other test's limits are shared.
CLIENT_ADDRESS = "198.51.100.61"


def _new_shopper(stack: Stack) -> tuple[str, str, str]:
    """``(email, phone, paid order)`` of a customer made for this test alone (the demo's
    customers all share orders with the other tests' sample, and erasing one would take
    their email away from those tests)."""
    suffix = secrets.token_hex(4)
    with stack.database.session() as session:
        template = session.execute(
            select(OrderLine.product_sku, OrderLine.title, OrderLine.unit_price).limit(1)
        ).one()
        number = str(max(int(n) for n in session.scalars(select(Order.order_number))) + 1)
        customer = Customer(
            # Six digits in the address, as in many shoppers' own: not an order number.
            email=f"erase.{100000 + int(suffix, 16) % 900000}.{suffix}@example.org",
            first_name="Ines",
            last_name="Ahlgren",
            # Fiction's Australian mobile range, in a block the demo customers never use.
            phone=f"+61 491 571 {int(suffix, 16) % 1000:03d}",
        )
        order = Order(
            order_number=number,
            customer=customer,
            status="paid",
            currency="EUR",
            total=template.unit_price,
            placed_at=utc_now() - timedelta(hours=20),
        )
        order.lines.append(
            OrderLine(
                product_sku=template.product_sku,
                title=template.title,
                quantity=1,
                unit_price=template.unit_price,
            )
        )
        session.add_all([customer, order])
        session.commit()
        return customer.email, str(customer.phone), number


def _say(stack: Stack, sender: str, text: str) -> str:
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        headers={"Authorization": f"Bearer {stack.rasa_token}", "X-Forwarded-For": CLIENT_ADDRESS},
        timeout=60,
    )
    response.raise_for_status()
    return "\n".join(str(message.get("text") or "") for message in response.json())


def _erase(stack: Stack, email: str) -> dict[str, Any]:
    result = subprocess.run(
        [str(SHOPBOT), "privacy", "erase", "--email", email, "--json"],
        env=offline_environment(stack.env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout))


def _databases(stack: Stack) -> list[Database]:
    found = [Database(stack.database_url), Database(stack.tracker_store_url)]
    events = Path(stack.env.get("SHOPBOT_EVENTS_DB", ""))
    if events.is_file():
        found.append(Database(f"sqlite:///{events}"))
    return found


def test_erasing_a_shopper_leaves_nothing_of_them_in_any_table_or_log(stack: Stack) -> None:
    email, phone, order = _new_shopper(stack)
    cancelling = f"e2e-erase-{secrets.token_hex(6)}"
    assert "email" in _say(stack, cancelling, f"I'd like to cancel my order {order}").lower()
    assert "Shall I cancel it now?" in _say(stack, cancelling, email)
    assert "is cancelled" in _say(stack, cancelling, "yes")
    _say(stack, cancelling, f"you can call me on {phone}")
    assert "ticket" in _say(stack, cancelling, "I want to talk to a human").lower()
    mentioning = f"e2e-erase-{secrets.token_hex(6)}"
    _say(stack, mentioning, f"hello, my email is {email.upper()}")
    needles = [email, *phone_forms(phone), cancelling, mentioning]
    databases = _databases(stack)
    try:
        assert all(found_in_database(database, needles) for database in databases[1:])

        report = _erase(stack, email)

        assert report["conversations"] == 2
        removed = report["removed"]
        assert removed["tracker_store.events"] > 0
        assert removed["handover_tickets"] == 1
        assert removed["orders.cancel_conversation_id"] == 1
        assert removed["customers"] == 1
        for database in databases:
            assert found_in_database(database, needles) == [], database.display_url
    finally:
        for database in databases:
            database.dispose()
    logs = sorted(stack.log_dir.glob("*.log"))
    assert logs, "the servers wrote no log"
    assert found_in_files(logs, needles) == []
    tracker = stack.client.tracker(cancelling)
    assert not [event for event in tracker["events"] if event.get("event") == "user"]
