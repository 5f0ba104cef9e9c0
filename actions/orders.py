"""Answers about a verified order: status and tracking, delivery date, carrier, contents,
and its cancellation. Each function utters named responses and returns slot events.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk.events import SlotSet

from actions.formatting import format_day, format_lines
from actions.order_form import CANCELLABLE
from actions.services import Services
from core.errors import NotCancellable
from core.i18n import DEFAULT_LANGUAGE, ORDER_STATUS_NAMES, SHIPMENT_EVENTS, word
from core.money import format_money
from core.views import CancelOutcome, OrderStatus, OrderView, ShipmentEventView
from shop.pseudonyms import conversation_key

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher

__all__ = [
    "answer_cancellation",
    "answer_carrier",
    "answer_delivery_date",
    "answer_items",
    "answer_status",
    "event_text",
    "order_values",
    "status_name",
]

logger = logging.getLogger(__name__)
_NOT_YET_SHIPPED = {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PACKED}
_AFTER_DELIVERY = {
    OrderStatus.DELIVERED,
    OrderStatus.RETURN_REQUESTED,
    OrderStatus.RETURNED,
    OrderStatus.REFUNDED,
}


def order_values(order: OrderView, language: str) -> dict[str, Any]:
    """The template values every order response may use."""
    shipment = order.shipment
    latest = shipment.latest_event if shipment else None
    return {
        "order_number": order.order_number,
        "placed_date": format_day(order.placed_at, language),
        "expected_date": format_day(shipment.promised_date if shipment else None, language),
        "delivered_date": format_day(order.delivered_at, language),
        "total": format_money(order.total, order.currency, language),
        "carrier": shipment.carrier if shipment else "-",
        "tracking_number": shipment.tracking_number if shipment else "-",
        "tracking_url": shipment.tracking_url if shipment else "-",
        "latest_event": event_text(latest, language) if latest else "-",
        "latest_event_date": format_day(latest.occurred_at, language) if latest else "-",
        "status_name": status_name(order.status, language),
    }


def status_name(status: OrderStatus, language: str) -> str:
    """``"in transit"``; ``"en camino"`` for a Spanish shopper."""
    return word(ORDER_STATUS_NAMES, status.value, language, status.value.replace("_", " "))


def event_text(event: ShipmentEventView, language: str) -> str:
    """The carrier's description in English; elsewhere its status in the shopper's language
    (the carrier's own text when the status is not a known one)."""
    own = SHIPMENT_EVENTS.get(language)
    if language == DEFAULT_LANGUAGE or own is None or event.status not in own:
        return event.description
    return own[event.status]


def answer_status(dispatcher: CollectingDispatcher, order: OrderView, language: str) -> None:
    """Status of the order, then tracking details once it has shipped."""
    values = order_values(order, language)
    dispatcher.utter_message(response=f"utter_order_status_{order.status.value}", **values)
    shipment = order.shipment
    if shipment and order.status.has_shipped and order.status not in _AFTER_DELIVERY:
        has_events = shipment.latest_event is not None
        response = "utter_tracking_details" if has_events else "utter_tracking_no_events"
        dispatcher.utter_message(response=response, **values)


def answer_delivery_date(dispatcher: CollectingDispatcher, order: OrderView, language: str) -> None:
    """When the order arrives (or arrived)."""
    values = order_values(order, language)
    status = order.status
    if status is OrderStatus.CANCELLED:
        response = "utter_eta_cancelled"
    elif order.delivered_at or status in _AFTER_DELIVERY:
        response = "utter_eta_delivered"
    elif status is OrderStatus.DELAYED:
        response = "utter_eta_delayed"
    elif status in _NOT_YET_SHIPPED:
        response = "utter_eta_not_shipped"
    else:
        response = "utter_eta_expected"
    dispatcher.utter_message(response=response, **values)


def answer_carrier(dispatcher: CollectingDispatcher, order: OrderView, language: str) -> None:
    """Carrier and tracking number, or that it has not shipped yet."""
    values = order_values(order, language)
    if order.shipment and order.status.has_shipped:
        dispatcher.utter_message(response="utter_carrier_details", **values)
    elif order.status is OrderStatus.CANCELLED:
        dispatcher.utter_message(response="utter_eta_cancelled", **values)
    else:
        dispatcher.utter_message(response="utter_carrier_not_shipped", **values)


def answer_items(dispatcher: CollectingDispatcher, order: OrderView, language: str) -> None:
    """What the order contains."""
    values = order_values(order, language)
    values["items"] = format_lines(order.lines, order.currency, language)
    dispatcher.utter_message(response="utter_order_items", **values)


def answer_cancellation(
    dispatcher: CollectingDispatcher,
    services: Services,
    order: OrderView,
    confirmed: bool | None,
    conversation_id: str,
    language: str,
) -> list[dict[str, Any]]:
    """Cancel when the shopper confirmed; explain why not when it has shipped."""
    values = order_values(order, language)
    if order.status is OrderStatus.CANCELLED:
        dispatcher.utter_message(response="utter_order_already_cancelled", **values)
        return []
    if order.status not in CANCELLABLE:
        response = (
            "utter_cannot_cancel_shipped"
            if order.status.has_shipped
            else "utter_cannot_cancel_closed"
        )
        facts = services.policy(language).facts
        dispatcher.utter_message(
            response=response, return_window_days=facts.return_window_days, **values
        )
        return []
    if not confirmed:
        dispatcher.utter_message(response="utter_cancel_kept", **values)
        return []
    try:
        secret = services.settings.require_secret("client_key_secret")
        outcome = services.orders.cancel(
            order.order_number, conversation_key(secret, conversation_id)
        )
    except NotCancellable as refusal:
        logger.info("cancellation refused: %s", refusal.reason)
        dispatcher.utter_message(response="utter_cannot_cancel_shipped", **values)
        return []
    if outcome is CancelOutcome.ALREADY_CANCELLED:
        dispatcher.utter_message(response="utter_order_already_cancelled", **values)
    else:
        paid = order.status is not OrderStatus.PENDING_PAYMENT
        refund_note = services.policy(language).answer("refund_note") if paid else ""
        dispatcher.utter_message(
            response="utter_order_cancelled", refund_note=refund_note, **values
        )
    return [SlotSet("cancel_confirmed", None)]
