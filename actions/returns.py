"""Returns and refunds of a verified order: eligibility, the RMA, and refund status."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from actions.formatting import format_day
from actions.orders import order_values
from actions.services import Services
from core.errors import NotReturnable
from core.money import format_money
from core.views import OrderView, RefundStatus, ReturnView
from knowledge.policy import PolicyDocument
from shop.pseudonyms import conversation_key

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher

__all__ = ["answer_refund", "answer_return", "chosen_line_ids"]

logger = logging.getLogger(__name__)
# The order in which a refusal reason is reported when lines differ.
_REASON_PRIORITY = ("not_delivered", "window_expired", "final_sale", "already_returned")


def chosen_line_ids(slot_value: Any, eligible_ids: list[int]) -> list[int]:
    """Line ids from the ``return_lines`` slot, or the only eligible line."""
    if slot_value:
        chosen = [int(part) for part in str(slot_value).split(",") if part.strip().isdigit()]
        return [line_id for line_id in chosen if line_id in eligible_ids]
    return eligible_ids if len(eligible_ids) == 1 else []


def answer_return(
    dispatcher: CollectingDispatcher,
    services: Services,
    order: OrderView,
    selection: Any,
    reason: str | None,
    conversation_id: str,
    language: str,
) -> None:
    """Create the RMA (once) or say why the order cannot be returned."""
    values = order_values(order, language)
    policy = services.policy(language)
    values["return_window_days"] = policy.facts.return_window_days
    eligibility = services.returns.eligibility(order.order_number)
    eligible_ids = [item.line.line_id for item in eligibility if item.eligible]
    if not eligible_ids:
        reasons = {item.reason for item in eligibility if item.reason}
        code = next((code for code in _REASON_PRIORITY if code in reasons), "already_returned")
        open_returns = [
            r for r in services.returns.returns_for(order.order_number) if r.status == "requested"
        ]
        if "already_returned" in reasons and open_returns:
            # The shopper asks again for what is already on its way back: the same RMA, even
            # when the order's other lines could never be returned (final sale).
            _utter_rma(dispatcher, "utter_return_exists", open_returns[-1], order, policy, values)
        else:
            dispatcher.utter_message(response=f"utter_return_not_eligible_{code}", **values)
        return
    line_ids = chosen_line_ids(selection, eligible_ids)
    if not line_ids or not reason:
        dispatcher.utter_message(response="utter_invalid_return_selection", **values)
        return
    try:
        key = conversation_key(
            services.settings.require_secret("client_key_secret"), conversation_id
        )
        rma = services.returns.create_return(order.order_number, line_ids, reason, key)
    except NotReturnable as refusal:
        dispatcher.utter_message(response=f"utter_return_not_eligible_{refusal.reason}", **values)
        return
    response = "utter_return_created" if rma.created else "utter_return_exists"
    _utter_rma(dispatcher, response, rma, order, policy, values)


def _utter_rma(
    dispatcher: CollectingDispatcher,
    response: str,
    rma: ReturnView,
    order: OrderView,
    policy: PolicyDocument,
    values: dict[str, Any],
) -> None:
    titles = [line.title for line in order.lines if line.line_id in rma.line_ids]
    dispatcher.utter_message(
        response=response,
        rma_number=rma.rma_number,
        items=", ".join(titles),
        instructions=policy.answer("return_instructions"),
        **values,
    )


def answer_refund(
    dispatcher: CollectingDispatcher, services: Services, order: OrderView, language: str
) -> None:
    """Where the order's refund stands."""
    values = order_values(order, language)
    refund = services.returns.refund_status(order.order_number)
    if refund is None:
        dispatcher.utter_message(response="utter_no_refund", **values)
        return
    amount = format_money(refund.amount, refund.currency, language)
    response = {
        RefundStatus.COMPLETED: "utter_refund_completed",
        RefundStatus.PROCESSING: "utter_refund_processing",
        RefundStatus.PENDING: "utter_refund_pending",
    }[refund.status]
    dispatcher.utter_message(
        response=response,
        amount=amount,
        refund_date=format_day(refund.issued_at, language),
        refund_expected_date=format_day(refund.expected_by, language),
        **values,
    )
