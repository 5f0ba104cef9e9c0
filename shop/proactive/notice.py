"""How a notice enters a conversation: Rasa's external event and what it carries.

The scan triggers :data:`NOTICE_INTENT` in the shopper's conversation with the entities
:data:`NOTICE_ENTITY` (the ledger id), ``notice_kind``, ``order_number`` and
``notice_language``; a rule (data/rules.yml) runs ``action_order_notice``, which reads the
ledger and the order and says the notice (actions/order_notices.py). domain.yml names the
intent too.
"""

from __future__ import annotations

from core.db.proactive_models import NOTICE_KINDS
from shop.proactive.ledger import NoticeRecord

__all__ = [
    "NOTICE_ENTITY",
    "NOTICE_INTENT",
    "NOTICE_RESPONSES",
    "is_notice_response",
    "notice_entities",
]

NOTICE_INTENT = "EXTERNAL_order_notice"
NOTICE_ENTITY = "notice_id"
#: The responses that say a notice (``utter_notice_<kind>``): the console marks them.
NOTICE_RESPONSES: frozenset[str] = frozenset(f"utter_notice_{kind}" for kind in NOTICE_KINDS)


def is_notice_response(response: str | None) -> bool:
    """Whether the bot's message with this response name was a proactive notice."""
    return response in NOTICE_RESPONSES


def notice_entities(notice: NoticeRecord) -> dict[str, str]:
    """The external event's entities for ``notice``."""
    return {
        NOTICE_ENTITY: str(notice.id),
        "notice_kind": notice.kind,
        "order_number": notice.order_number,
        "notice_language": notice.language,
    }
