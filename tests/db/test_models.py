"""The models on SQLite and PostgreSQL: types, constraints, indexes, cascades."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import func, insert, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError

from core.db.database import Database
from core.db.models import (
    Customer,
    HandoverTicket,
    Order,
    OrderLine,
    Product,
    ProductVariant,
    Shipment,
    ShipmentEvent,
    VerificationAttempt,
)

NOW = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
_numbers = count(1)


def _customer(db: Database, email: str | None = None) -> int:
    with db.session() as session:
        customer = Customer(
            email=email or f"Shopper{next(_numbers)}@Example.com ",
            first_name="Ada",
            last_name="Lovelace",
            locale="en-GB",
            created_at=NOW,
        )
        session.add(customer)
        session.flush()
        return customer.id


def _order(db: Database, customer_id: int, number: str | None = None) -> int:
    with db.session() as session:
        order = Order(
            order_number=number or str(200000 + next(_numbers)),
            customer_id=customer_id,
            status="paid",
            currency="EUR",
            total=Decimal("59.90"),
            placed_at=NOW,
            updated_at=NOW,
            lines=[
                OrderLine(
                    product_sku="APP-1",
                    title="Shirt",
                    quantity=2,
                    unit_price=Decimal("29.95"),
                    final_sale=False,
                )
            ],
        )
        session.add(order)
        session.flush()
        return order.id


def test_timestamps_come_back_aware_in_utc(database: Database) -> None:
    customer_id = _customer(database)
    order_id = _order(database, customer_id)
    berlin = timezone(timedelta(hours=2))
    with database.session() as session:
        order = session.get_one(Order, order_id)
        order.updated_at = datetime(2026, 5, 1, 16, 0, tzinfo=berlin)
    with database.session() as session:
        order = session.get_one(Order, order_id)
        assert order.placed_at == NOW
        assert order.placed_at.tzinfo is not None
        assert order.placed_at.utcoffset() == timedelta(0)
        assert order.updated_at == datetime(2026, 5, 1, 14, 0, tzinfo=UTC)
        found = session.scalar(
            select(func.count()).select_from(Order).where(Order.placed_at >= NOW)
        )
        assert found is not None and found >= 1


def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.session() as session:
        session.execute(
            insert(VerificationAttempt).values(
                client_key="a" * 64,
                conversation_key="b" * 64,
                email_key="c" * 64,
                order_number="1",
                success=False,
                created_at=datetime(2026, 1, 1),
            )
        )


def test_emails_are_stored_lower_case(database: Database) -> None:
    customer_id = _customer(database, email="  Grace.Hopper@Example.ORG ")
    with database.session() as session:
        assert session.get_one(Customer, customer_id).email == "grace.hopper@example.org"
    with pytest.raises(IntegrityError), database.session() as session:  # bypasses the ORM
        session.execute(
            insert(Customer).values(
                email="UPPER@example.com",
                first_name="A",
                last_name="B",
                locale="en-US",
                created_at=NOW,
            )
        )


def test_unique_and_check_constraints(database: Database) -> None:
    customer_id = _customer(database)
    _order(database, customer_id, number="300001")
    with pytest.raises(IntegrityError):
        _order(database, customer_id, number="300001")
    with pytest.raises(IntegrityError), database.session() as session:
        session.execute(
            insert(Order).values(
                order_number="300002",
                customer_id=customer_id,
                status="lost_in_space",
                currency="EUR",
                total=Decimal(1),
                placed_at=NOW,
                updated_at=NOW,
            )
        )
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            VerificationAttempt(
                client_key="a" * 64,
                conversation_key="raw-sender-id",
                email_key="c" * 64,
                order_number="1",
                success=False,
                created_at=NOW,
            )
        )


def test_foreign_keys_are_enforced_and_orders_cascade(database: Database) -> None:
    with pytest.raises(IntegrityError):
        _order(database, customer_id=999_999)
    order_id = _order(database, _customer(database))
    with database.session() as session:
        session.add(
            Shipment(
                order_id=order_id,
                carrier="DHL",
                tracking_number="1234567890",
                tracking_url="https://example.com/t",
                promised_date=date(2026, 5, 4),
                events=[
                    ShipmentEvent(
                        status="label_created", description="Label", location=None, occurred_at=NOW
                    )
                ],
            )
        )
    with database.session() as session:
        session.delete(session.get_one(Order, order_id))
    with database.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(OrderLine).where(OrderLine.order_id == order_id)
            )
            == 0
        )
        assert (
            session.scalar(
                select(func.count()).select_from(Shipment).where(Shipment.order_id == order_id)
            )
            == 0
        )


def test_catalog_columns_round_trip(database: Database) -> None:
    with database.session() as session:
        session.add(
            Product(
                sku="TEST-1",
                title="Trail Runner",
                description="Light.",
                brand="Stride Theory",
                category_path="Footwear > Shoes",
                price=Decimal("89.99"),
                currency="EUR",
                colours=["Black", "Sand"],
                sizes=["42", "43"],
                materials=["mesh"],
                rating=4.5,
                tags=["shoes"],
                image_url="https://images.example.com/t.jpg",
                final_sale=True,
                active=True,
                updated_at=NOW,
                variants=[ProductVariant(colour="Black", size="42", stock=3)],
            )
        )
        session.add(Product(sku="TEST-2", title="Gift card", price=None, updated_at=NOW))
    with database.session() as session:
        product = session.get_one(Product, "TEST-1")
        assert product.price == Decimal("89.99")
        assert product.colours == ["Black", "Sand"]
        assert product.final_sale is True
        assert [variant.stock for variant in product.variants] == [3]
        assert session.get_one(Product, "TEST-2").price is None


def test_one_open_ticket_per_conversation(database: Database) -> None:
    def ticket(number: str, status: str) -> HandoverTicket:
        return HandoverTicket(
            ticket_number=number,
            conversation_id="conv-1",
            reason="asked",
            summary="",
            status=status,
            created_at=NOW,
        )

    with database.session() as session:
        session.add_all([ticket("T-9001", "closed"), ticket("T-9002", "closed")])
        session.add(ticket("T-9003", "open"))
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(ticket("T-9004", "assigned"))


def test_indexes_cover_the_service_queries(database: Database) -> None:
    with database.begin() as connection:
        inspector = inspect(connection)
        indexed = {
            table: [tuple(index["column_names"]) for index in inspector.get_indexes(table)]
            for table in (
                "orders",
                "order_lines",
                "verification_attempts",
                "handover_tickets",
                "returns",
                "refunds",
                "shipment_events",
            )
        }
    assert ("customer_id",) in indexed["orders"]
    assert ("order_id",) in indexed["order_lines"]
    assert ("client_key", "success", "created_at") in indexed["verification_attempts"]
    assert ("order_number", "success", "created_at") in indexed["verification_attempts"]
    assert ("email_key", "success", "created_at") in indexed["verification_attempts"]
    assert ("conversation_key", "success", "created_at") in indexed["verification_attempts"]
    assert ("success", "created_at") in indexed["verification_attempts"]
    assert ("conversation_id",) in indexed["handover_tickets"]
    assert ("order_id",) in indexed["returns"]
    assert ("order_id",) in indexed["refunds"]
    assert ("shipment_id",) in indexed["shipment_events"]
