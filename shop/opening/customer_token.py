"""The signed customer token a shop page gives the widget of a logged-in customer.

``v1.<customer id>.<expiry, Unix seconds>.<signature>``, the signature being
``hex(HMAC-SHA256(SHOPBOT_CUSTOMER_TOKEN_SECRET, "shopbot-customer:v1:<id>:<expiry>"))``.
The shop's server makes it (docs/widget.md shows how, in a few lines of any language); the
widget passes it in every message's metadata; the action server believes it only when the
signature matches (compared in constant time), it has not expired and its expiry is not
further ahead than ``max_lifetime`` (a token that never ends is a leaked password). Anything
else is ignored: the shopper is then simply not known.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta

__all__ = ["METADATA_KEY", "make_customer_token", "verify_customer_token"]

#: The key of the token in a message's metadata.
METADATA_KEY = "shop_customer_token"
_VERSION = "v1"
_SHAPE = re.compile(r"^v1\.([1-9][0-9]{0,17})\.([0-9]{1,12})\.([0-9a-f]{64})$")
_MAX_TOKEN_CHARACTERS = 120


def _signature(secret: str, customer_id: int, expires: int) -> str:
    message = f"shopbot-customer:{_VERSION}:{customer_id}:{expires}"
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def make_customer_token(secret: str, customer_id: int, expires_at: datetime) -> str:
    """The token of ``customer_id`` valid until ``expires_at`` (timezone-aware)."""
    if customer_id < 1:
        raise ValueError("a customer id is a positive integer")
    expires = int(expires_at.timestamp())
    return f"{_VERSION}.{customer_id}.{expires}.{_signature(secret, customer_id, expires)}"


def verify_customer_token(
    secret: str | None, token: object, now: datetime, max_lifetime: timedelta
) -> int | None:
    """The customer id ``token`` vouches for at ``now``, else ``None`` (no secret, not a
    string, malformed, wrong signature, expired, or expiring too far ahead)."""
    if not secret or not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARACTERS:
        return None
    shape = _SHAPE.match(token)
    if shape is None:
        return None
    customer_id, expires = int(shape.group(1)), int(shape.group(2))
    expected = _signature(secret, customer_id, expires)
    if not hmac.compare_digest(expected.encode("ascii"), shape.group(3).encode("ascii")):
        return None
    moment = now.timestamp()
    if expires <= moment or expires > moment + max_lifetime.total_seconds():
        return None
    return customer_id
