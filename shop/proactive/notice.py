"""How a notice enters a conversation: Rasa's external event and what it carries.

The scan triggers :data:`NOTICE_INTENT` in the shopper's conversation with the entities
:data:`NOTICE_ENTITY` (the ledger id), ``notice_kind``, ``order_number`` and
``notice_language``; a rule (data/rules.yml) runs ``action_order_notice``, which reads the
ledger and the order and says the notice (actions/order_notices.py). domain.yml names the
intent too.
"""

from __future__ import annotations

from shop.proactive.ledger import NoticeRecord

__all__ = ["NOTICE_ENTITY", "NOTICE_INTENT", "notice_entities"]

NOTICE_INTENT = "EXTERNAL_order_notice"
NOTICE_ENTITY = "notice_id"


def notice_entities(notice: NoticeRecord) -> dict[str, str]:
    """The external event's entities for ``notice``."""
    return {
        NOTICE_ENTITY: str(notice.id),
        "notice_kind": notice.kind,
        "order_number": notice.order_number,
        "notice_language": notice.language,
    }
