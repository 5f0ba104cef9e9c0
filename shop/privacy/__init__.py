"""Personal data's lifetime: erase one shopper or conversation, remove old conversations.

- :class:`PrivacyService`: ``erase_email``, ``erase_conversation`` (``shopbot privacy
  erase``) and ``retention`` (``shopbot privacy retention``), over the shop database and
  Rasa's event stores (the SQL tracker store, the SQL event broker);
- :func:`register_eraser`: how a part that adds tables about conversations makes erasure
  and retention reach them (other tables with a ``conversation_id`` column are swept);
- :mod:`shop.privacy.retention`: the daily counts that retention keeps.
"""

from shop.privacy.erasers import Eraser, EraserFactory, PrivacyContext, register_eraser
from shop.privacy.event_stores import EventStore
from shop.privacy.service import ErasureReport, PrivacyService, RetentionReport
from shop.privacy.subject import ErasureSubject

__all__ = [
    "Eraser",
    "EraserFactory",
    "ErasureReport",
    "ErasureSubject",
    "EventStore",
    "PrivacyContext",
    "PrivacyService",
    "RetentionReport",
    "register_eraser",
]
