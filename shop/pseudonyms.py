"""Keyed pseudonyms: HMAC-SHA256 of ids under the server's ``client_key_secret``.

An unkeyed SHA-256 of a conversation id is reversible wherever ids are guessable (a phone
number behind a ``twilio:`` id has few enough values to try them all); a keyed hash is not,
without the secret. Two shapes:

- :func:`network_client_id`: the 32-hex id of a network client, the formula the channels
  use for ``metadata["shopbot_client"]`` (``HMAC(secret, "<channel>:<address>")``), also
  used for a sender id when a message carries none;
- :func:`pseudonym`: a 64-hex key of one kind of value (``client``, ``conversation``,
  ``email``, ...), the kind mixed in so equal strings of different kinds never collide.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["CLIENT_ID_LENGTH", "conversation_key", "network_client_id", "pseudonym"]

#: Hex characters of a network client id (128 bits).
CLIENT_ID_LENGTH = 32


def _hmac(secret: str, message: str) -> str:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def network_client_id(secret: str, source: str) -> str:
    """The pseudonymous id of ``source`` (``"<channel>:<address>"`` or a sender id)."""
    return _hmac(secret, source)[:CLIENT_ID_LENGTH]


def pseudonym(secret: str, kind: str, value: str) -> str:
    """The 64-hex key under which ``value`` (of ``kind``) is stored."""
    return _hmac(secret, f"{kind}\x00{value}")


def conversation_key(secret: str, conversation_id: str) -> str:
    """The key a conversation is referred to by outside the tracker store (verification
    attempts, orders' audit columns): ``pseudonym(secret, "conversation", id)``."""
    return pseudonym(secret, "conversation", conversation_id)
