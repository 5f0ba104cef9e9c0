"""Sends notices through the Rasa server's HTTP API (``trigger_intent``)."""

from __future__ import annotations

import httpx

from shop.proactive.ledger import NoticeRecord
from shop.proactive.notice import NOTICE_INTENT, notice_entities
from shop.proactive.recipients import Recipient
from shop.proactive.scan import NoticeDeliveryError
from shop.rasa_api import RasaClient

__all__ = ["RasaNoticeSender"]


class RasaNoticeSender:
    """Writes into the shopper's conversation on the channel they last wrote on."""

    def __init__(self, client: RasaClient) -> None:
        self._client = client

    def send(self, recipient: Recipient, notice: NoticeRecord) -> None:
        """Trigger the notice intent; :class:`NoticeDeliveryError` when the server refuses,
        cannot be reached, or a person has the conversation."""
        try:
            if self._client.tracker(recipient.conversation_id).get("paused"):
                raise NoticeDeliveryError("a person has the conversation")
            self._client.trigger_intent(
                recipient.conversation_id, NOTICE_INTENT, notice_entities(notice)
            )
        except httpx.HTTPStatusError as error:
            raise NoticeDeliveryError(
                f"the Rasa server answered {error.response.status_code}"
            ) from None
        except httpx.HTTPError as error:
            raise NoticeDeliveryError(
                f"the Rasa server could not be reached ({type(error).__name__})"
            ) from None
