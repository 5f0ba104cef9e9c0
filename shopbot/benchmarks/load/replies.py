"""Whether the bot's reply to a turn belongs to its own conversation.

The REST channel answers with the bot's messages, each addressed to a ``recipient_id``:
every one must be the turn's own sender. Order numbers are the other mark: a reply may name
only the orders its own conversation asked about (another run conversation's number in it
means replies got crossed), and the verification turn of an order status must name the
conversation's order (the bot found it: "I've found order 104980").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any, Final

__all__ = [
    "ANOTHER_CONVERSATION",
    "ANOTHER_ORDER",
    "NOT_A_REPLY",
    "NO_REPLY",
    "OWN_ORDER_MISSING",
    "order_numbers",
    "reply_problems",
    "reply_texts",
]

NO_REPLY: Final = "no reply"
NOT_A_REPLY: Final = "not a list of messages"
ANOTHER_CONVERSATION: Final = "addressed to another conversation"
ANOTHER_ORDER: Final = "names another conversation's order"
OWN_ORDER_MISSING: Final = "does not name the conversation's order"
#: Turns whose reply must name the conversation's order.
NAMES_THE_ORDER: Final = frozenset({"order_verify"})
_NUMBER = re.compile(r"(?<![\w.,])\d{4,12}(?![\w])")


def order_numbers(text: str) -> set[str]:
    """The numbers in ``text`` that could be order numbers (4-12 digits, standing alone)."""
    return set(_NUMBER.findall(text))


def reply_texts(messages: Any) -> list[str]:
    """The text of each of the bot's messages ("" for one without text, as a product card)."""
    if not isinstance(messages, list):
        return []
    return [str(message.get("text") or "") for message in messages if isinstance(message, dict)]


def _texts(messages: Sequence[Any]) -> str:
    return "\n".join(reply_texts(messages))


def reply_problems(
    kind: str,
    sender: str,
    messages: Any,
    own_orders: Collection[str],
    run_orders: Collection[str],
) -> list[str]:
    """What is wrong with the reply ``messages`` to a turn of ``kind`` of ``sender``.

    ``own_orders``: the orders this conversation asks about; ``run_orders``: those of every
    conversation of the run (a number among them that is not its own is a crossed reply).
    """
    if not isinstance(messages, list):
        return [NOT_A_REPLY]
    if not messages:
        return [NO_REPLY]
    problems = []
    recipients = {
        message.get("recipient_id") if isinstance(message, dict) else None for message in messages
    }
    if recipients != {sender}:
        problems.append(ANOTHER_CONVERSATION)
    named = order_numbers(_texts(messages))
    if named & (set(run_orders) - set(own_orders)):
        problems.append(ANOTHER_ORDER)
    if kind in NAMES_THE_ORDER and not named & set(own_orders):
        problems.append(OWN_ORDER_MISSING)
    return problems
