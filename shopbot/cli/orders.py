"""``shopbot orders``: look at orders of the database (sample them, show one)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from core.money import format_money
from core.views import OrderStatus
from shop.orders import OrderService
from shop.sampling import sample_orders
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import fail, print_json, shopbot_errors, stdout

__all__ = ["app"]

app = typer.Typer(
    help="Look at orders: sample them across statuses, show one.", no_args_is_help=True
)


@app.command("sample")
def sample(
    n: Annotated[int, typer.Option("--n", min=1, help="How many orders.")] = 10,
    status: Annotated[
        OrderStatus | None, typer.Option("--status", help="Only orders in this status.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Sampling seed.")] = 0,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Sample orders spread over statuses (with the customer's email, for demos and tests)."""
    with shopbot_errors():
        db = open_database(database_url)
        try:
            orders = sample_orders(db, n, seed=seed, status=status)
        finally:
            db.dispose()
    if json_output:
        print_json({"orders": orders})
        return
    table = Table("order", "status", "email", "total", "placed", "lines", "carrier", "tracking")
    for order in orders:
        table.add_row(
            order["order_number"],
            order["status"],
            order["email"],
            format_money(Decimal(str(order["total"])), str(order["currency"])),
            order["placed_at"][:10],
            str(len(order["lines"])),
            order["carrier"] or "",
            order["tracking_number"] or "",
        )
    stdout.print(table)


@app.command("show")
def show(
    order_number: Annotated[str, typer.Argument(help="The order number, e.g. 100234.")],
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show one order with its lines and parcel events (as the bot sees it)."""
    with shopbot_errors():
        db = open_database(database_url)
        try:
            view = OrderService(db).find(order_number)
        finally:
            db.dispose()
    if view is None:
        fail("no order has this number")
    data = dataclasses.asdict(view)
    if json_output:
        print_json(data)
        return
    stdout.print(
        f"[bold]{view.order_number}[/]  {view.status.value}  "
        f"{format_money(view.total, view.currency)}  "
        f"placed {view.placed_at:%Y-%m-%d %H:%M} UTC"
    )
    lines = Table("line", "sku", "title", "qty", "unit price", "final sale", "returned")
    for line in view.lines:
        lines.add_row(
            str(line.line_id),
            line.sku,
            line.title,
            str(line.quantity),
            format_money(line.unit_price, view.currency),
            "yes" if line.final_sale else "",
            str(line.returned_quantity or ""),
        )
    stdout.print(lines)
    if view.shipment is not None:
        parcel = view.shipment
        stdout.print(
            f"{parcel.carrier} {parcel.tracking_number}  promised {parcel.promised_date}  "
            f"{parcel.tracking_url}",
            markup=False,
        )
        for event in parcel.events:
            stdout.print(
                f"  {event.occurred_at:%Y-%m-%d %H:%M}  {event.status:<17} {event.description}"
                f"  ({event.location or '-'})",
                markup=False,
            )
