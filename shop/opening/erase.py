"""Erasing known channel ids: ``shopbot privacy erase`` and the retention remove the links
of the conversations they remove, and all of an erased customer's
(:func:`shop.privacy.register_eraser`)."""

from __future__ import annotations

from core.db.opening_models import ChannelIdentity
from shop.opening.identity import IdentityService
from shop.privacy import ErasureSubject, PrivacyContext, register_eraser

__all__ = ["ChannelIdentityEraser"]


@register_eraser
class ChannelIdentityEraser:
    """The channel ids linked to the erased conversations or customer."""

    tables: tuple[str, ...] = (str(ChannelIdentity.__tablename__),)

    def __init__(self, context: PrivacyContext) -> None:
        """Works on the context's shop database, with its key of pseudonyms."""
        self._identities = IdentityService(
            context.database, context.settings.require_secret("client_key_secret")
        )

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Rows removed per table."""
        removed = self._identities.forget(
            conversations=sorted(subject.conversations), customer_id=subject.customer_id
        )
        return {self.tables[0]: removed}
