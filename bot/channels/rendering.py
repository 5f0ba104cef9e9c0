"""Degrading the bot's replies to what a messaging platform can show (pure helpers).

The bot's messages reach an output channel as Rasa's dicts (``text``, ``buttons``,
``quick_replies``, ``image``, ``custom``, ...). Every platform module renders them with
these helpers:

- buttons become :class:`Button` values; where a platform has no buttons they become
  numbered options in the text (:func:`numbered_options`), and :class:`OptionMemory`
  remembers the last options sent to each recipient, so that a reply of just ``"2"`` (or a
  button's exact title) maps back to the second button's payload;
- the ``product_cards`` custom payload (``actions/product_format.py``) becomes
  :class:`ProductCard` values: native cards where the platform has them, otherwise one text
  block per product, ``"Trail Runner 2 — €89.00"`` and its link (:func:`cards_as_text`);
  only http(s) links ever go out (:func:`http_url`);
- other custom payloads are ignored (the caller logs them at debug level);
- long texts are split at paragraph, line or word boundaries (:func:`split_text`).

Nothing here adds words of any language: the bot's words come from its responses.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from core.text import ELLIPSIS, cut

__all__ = [
    "CARDS_TYPE",
    "DEFAULT_MAX_RECIPIENTS",
    "DEFAULT_OPTION_TTL_SECONDS",
    "SOLD_OUT_MARK",
    "BotMessage",
    "Button",
    "ExpiringLRU",
    "OptionMemory",
    "ProductCard",
    "card_line",
    "cards_as_text",
    "escape_slack",
    "http_url",
    "links_in",
    "numbered_options",
    "option_number",
    "parse_buttons",
    "parse_product_cards",
    "shorten",
    "slack_link",
    "split_text",
]

CARDS_TYPE = "product_cards"
"""``type`` of the custom payload with product cards (``actions/product_format.py``)."""

SOLD_OUT_MARK = "✕"
"""Marks a sold-out product, as in the bot's numbered product lists."""

DEFAULT_MAX_RECIPIENTS = 10_000
DEFAULT_OPTION_TTL_SECONDS = 60 * 60
"""Numbered options stay answerable as long as a conversation session (60 minutes)."""

_K = TypeVar("_K")
_V = TypeVar("_V")

_OPTION_REPLY = re.compile(r"\s*#?\s*(\d{1,3})\s*[.)]?\s*")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Button:
    """One button of a bot message: what the shopper sees and what the bot receives."""

    title: str
    payload: str


@dataclass(frozen=True)
class ProductCard:
    """One product of the ``product_cards`` payload; links are http(s) or ``None``."""

    title: str
    price_text: str
    url: str | None
    image_url: str | None
    in_stock: bool


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut (the one
    cutter, :func:`core.text.cut`, at the limit itself: titles and labels)."""
    return cut(text, limit, marker=ELLIPSIS, at_word=False)


def http_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL without spaces or control characters."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(char.isspace() for char in url) or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def links_in(text: str) -> set[str]:
    """The http(s) links written in ``text`` (trailing punctuation dropped)."""
    return {match.rstrip(".,;:!?)]}") for match in _URL_IN_TEXT.findall(text or "")}


def parse_buttons(raw: object) -> list[Button]:
    """Rasa's ``buttons`` / ``quick_replies`` as :class:`Button` values.

    An entry without a title is dropped; one without a payload sends its title.
    """
    if not isinstance(raw, list):
        return []
    buttons: list[Button] = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            continue
        title = str(entry.get("title") or "").strip()
        payload = entry.get("payload")
        payload_text = str(payload).strip() if payload not in (None, "") else title
        if title and payload_text:
            buttons.append(Button(title=title, payload=payload_text))
    return buttons


def numbered_options(text: str, buttons: Iterable[Button]) -> str:
    """``text``, a blank line, then ``"1. Title"`` per button (for platforms without buttons)."""
    lines = [f"{number}. {button.title}" for number, button in enumerate(buttons, start=1)]
    return "\n\n".join(part for part in ((text or "").strip(), "\n".join(lines)) if part)


def option_number(reply: str) -> int | None:
    """The number a reply consists of (``"2"``, ``" 2."``, ``"#2"``, ``"２"``), else ``None``."""
    match = _OPTION_REPLY.fullmatch(reply or "")
    return int(match.group(1)) if match else None


class ExpiringLRU(Generic[_K, _V]):
    """A bounded mapping: least recently used entries go first, every entry expires."""

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_RECIPIENTS,
        ttl_seconds: float = DEFAULT_OPTION_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``max_entries`` at most, each for ``ttl_seconds`` after it was last set."""
        if max_entries < 1 or ttl_seconds <= 0:
            raise ValueError("max_entries and ttl_seconds must be positive")
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[_K, tuple[float, _V]] = OrderedDict()

    def __len__(self) -> int:
        """The number of entries, expired ones included until they are touched."""
        return len(self._entries)

    def set(self, key: _K, value: _V) -> None:
        """Stores ``value`` under ``key``, dropping the least recently used entry if full."""
        self._entries.pop(key, None)
        self._entries[key] = (self._clock() + self.ttl_seconds, value)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def get(self, key: _K) -> _V | None:
        """The value under ``key`` unless missing or expired (an expired one is dropped)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self._clock() >= expires:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def pop(self, key: _K) -> _V | None:
        """Removes ``key``; its value unless missing or expired."""
        value = self.get(key)
        self._entries.pop(key, None)
        return value


class OptionMemory:
    """The last buttons sent to each recipient as numbered options (bounded, expiring).

    Any later message to the same recipient without options forgets them, so a ``"2"``
    typed after, say, a product list is never taken for a stale option.
    """

    def __init__(
        self,
        max_recipients: int = DEFAULT_MAX_RECIPIENTS,
        ttl_seconds: float = DEFAULT_OPTION_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """At most ``max_recipients`` recipients, each entry for ``ttl_seconds``."""
        self._options: ExpiringLRU[str, tuple[Button, ...]] = ExpiringLRU(
            max_recipients, ttl_seconds, clock
        )

    def __len__(self) -> int:
        """How many recipients have options."""
        return len(self._options)

    def remember(self, recipient: str, buttons: Iterable[Button]) -> None:
        """The options just sent to ``recipient`` (none: forget the previous ones)."""
        options = tuple(buttons)
        if options:
            self._options.set(recipient, options)
        else:
            self._options.pop(recipient)

    def forget(self, recipient: str) -> None:
        """Drops ``recipient``'s options."""
        self._options.pop(recipient)

    def options(self, recipient: str) -> tuple[Button, ...]:
        """The options ``recipient`` can answer now."""
        return self._options.get(recipient) or ()

    def resolve(self, recipient: str, reply: str) -> str | None:
        """The payload ``reply`` picks (its number or a button's exact title), else ``None``.

        A reply that picks an option uses the options up.
        """
        options = self.options(recipient)
        if not options:
            return None
        number = option_number(reply)
        chosen: Button | None = None
        if number is not None and 1 <= number <= len(options):
            chosen = options[number - 1]
        else:
            wanted = (reply or "").strip().casefold()
            chosen = next((b for b in options if b.title.casefold() == wanted), None)
        if chosen is None:
            return None
        self.forget(recipient)
        return chosen.payload


def _text(value: object, limit: int) -> str:
    """A card field as one line of at most ``limit`` characters."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return shorten(" ".join(str(value).split()), limit)


def parse_product_cards(custom: object, max_title: int = 120) -> list[ProductCard] | None:
    """The cards of a ``product_cards`` payload; ``None`` for any other custom payload."""
    if not isinstance(custom, Mapping) or custom.get("type") != CARDS_TYPE:
        return None
    raw_cards = custom.get("cards")
    if not isinstance(raw_cards, list):
        return []
    cards: list[ProductCard] = []
    for raw in raw_cards:
        if not isinstance(raw, Mapping):
            continue
        title = _text(raw.get("title"), max_title)
        if not title:
            continue
        cards.append(
            ProductCard(
                title=title,
                price_text=_text(raw.get("price_text"), 40),
                url=http_url(raw.get("url")),
                image_url=http_url(raw.get("image_url")),
                in_stock=raw.get("in_stock") is not False,
            )
        )
    return cards


def card_line(card: ProductCard) -> str:
    """``"Trail Runner 2 — €89.00"``, ``" ✕"`` added when the product is sold out."""
    line = f"{card.title} — {card.price_text}" if card.price_text else card.title
    return line if card.in_stock else f"{line} {SOLD_OUT_MARK}"


def cards_as_text(cards: Iterable[ProductCard]) -> str:
    """One block per card: :func:`card_line`, then its link on the next line if it has one."""
    blocks = [card_line(card) + (f"\n{card.url}" if card.url else "") for card in cards]
    return "\n\n".join(blocks)


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at a paragraph, line or word
    boundary where one lies in the second half of the piece, else hard."""
    rest = (text or "").strip()
    pieces: list[str] = []
    while len(rest) > limit:
        head = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = head.rfind(separator)
            if cut >= limit // 2:
                break
        if cut < limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def escape_slack(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped as Slack requires in message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link(url: str, label: str) -> str:
    """``<url|label>`` in Slack's markup, both parts escaped (``|`` cannot end the URL)."""
    safe_url = escape_slack(url).replace("|", "%7C")
    return f"<{safe_url}|{escape_slack(label)}>"


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot's, as Rasa hands it to an output channel, checked."""

    text: str
    buttons: tuple[Button, ...]
    image: str | None
    custom: Any

    @classmethod
    def of(cls, message: Mapping[str, Any]) -> BotMessage:
        """Reads Rasa's dict: ``quick_replies`` count as buttons, only http(s) images."""
        text = message.get("text")
        buttons = parse_buttons(message.get("buttons")) or parse_buttons(
            message.get("quick_replies")
        )
        return cls(
            text=text.strip() if isinstance(text, str) else "",
            buttons=tuple(buttons),
            image=http_url(message.get("image")),
            custom=message.get("custom"),
        )
