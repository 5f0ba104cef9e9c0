"""The language a reply is written in, carried with the reply to the channels.

The response generator (:mod:`bot.nlg`) writes each response in the conversation's language
(the ``language`` slot) when the bot writes that language, else in English. It adds that
language to the message under :data:`REPLY_LANGUAGE_KEY`; Rasa keeps the keys it does not
know as the ``BotUttered`` event's metadata and hands them to the output channel with the
message, where the website channel passes the code to the widget (``"language"``), so the
widget's own words follow the conversation (docs/widget.md, "Languages").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

__all__ = ["REPLY_LANGUAGE_KEY", "language_of", "reply_language", "with_reply_language"]

#: The key of a generated message (and so of its ``BotUttered`` metadata) naming its language.
REPLY_LANGUAGE_KEY = "reply_language"
_CODE = re.compile(r"[a-z]{2,3}")


def reply_language(slot_value: object, written: Collection[str], default: str = "en") -> str:
    """The language replies are written in: the slot's, if the bot writes it, else
    ``default``."""
    return slot_value if isinstance(slot_value, str) and slot_value in written else default


def with_reply_language(message: dict[str, Any], language: str) -> dict[str, Any]:
    """``message`` with its language added (the same dict)."""
    message[REPLY_LANGUAGE_KEY] = language
    return message


def language_of(fields: Mapping[str, Any]) -> str | None:
    """The language code a message's extra fields carry, if it looks like one."""
    value = fields.get(REPLY_LANGUAGE_KEY)
    return value if isinstance(value, str) and _CODE.fullmatch(value) else None
