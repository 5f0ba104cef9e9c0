"""Products as the shopper reads them: numbered list lines, variant summaries, links and the
card payload. Pure helpers without words of any language (the words are in domain.yml).

Catalog text is shop data: :func:`clean` strips control characters and neutralises the
characters chat channels read as markup before it goes into a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from core.money import format_money
from core.text import ELLIPSIS, cut
from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "CARDS_TYPE",
    "MAX_TITLE_CHARACTERS",
    "SOLD_OUT_MARK",
    "clean",
    "format_list",
    "format_price",
    "join_values",
    "product_card",
    "product_cards",
    "product_line",
    "product_url",
    "summarise_colours",
    "summarise_sizes",
]

#: ``type`` of the custom payload with product cards (the web widget renders it).
CARDS_TYPE = "product_cards"
#: Marks a listed product that is sold out (``utter_sold_out_legend`` explains it).
SOLD_OUT_MARK = "✕"
MAX_TITLE_CHARACTERS = 120
MAX_COLOURS_SHOWN = 4
MAX_SIZES_SHOWN = 8
#: A run of at least this many consecutive sizes is shown as a range ("36-46", en dash).
RANGE_MIN = 3
#: Characters that chat channels read as markup, and what replaces them.
_MARKUP = str.maketrans(
    {"<": "\u2039", ">": "\u203a", "[": "(", "]": ")", "`": "'", "*": "\u00b7", "_": " "}
)
RANGE_DASH = "\u2013"
NO_PRICE = "\u2013"
_SPACES = re.compile(r"\s+")


def clean(text: object, limit: int = 500) -> str:
    """``text`` on one line, without control characters or markup, at most ``limit`` long."""
    raw = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char
        for char in str(text or "")[: limit * 2]
    )
    cleaned = _SPACES.sub(" ", raw.translate(_MARKUP)).strip()
    return cut(cleaned, limit, marker=ELLIPSIS, at_word=False)


def join_values(values: Iterable[str], limit: int | None = None) -> str:
    """``"Black, Brown, Olive"``; past ``limit`` values, ``"+N"`` counts the rest."""
    items = [clean(value, 60) for value in values if str(value).strip()]
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" +{len(items) - limit}"
    return ", ".join(items)


def summarise_sizes(all_sizes: Sequence[str], available: Iterable[str]) -> str:
    """The available sizes, runs of consecutive catalog sizes as ranges (``"36-39, 41-46"``
    with en dashes)."""
    wanted = set(available)
    runs: list[list[str]] = []
    previous_kept = False
    for size in all_sizes:
        if size in wanted:
            if previous_kept:
                runs[-1].append(size)
            else:
                runs.append([size])
        previous_kept = size in wanted
    parts: list[str] = []
    for run in runs:
        if len(run) >= RANGE_MIN:
            parts.append(f"{clean(run[0], 30)}{RANGE_DASH}{clean(run[-1], 30)}")
        else:
            parts.extend(clean(size, 30) for size in run)
    if len(parts) > MAX_SIZES_SHOWN:
        return ", ".join(parts[:MAX_SIZES_SHOWN]) + f" +{len(parts) - MAX_SIZES_SHOWN}"
    return ", ".join(parts)


def summarise_colours(product: CatalogProduct) -> str:
    """The colours with stock, at most four and a count of the rest."""
    return join_values(product.available_colours(), MAX_COLOURS_SHOWN)


def format_price(product: CatalogProduct, language: str | None = None) -> str:
    """The price in the shopper's locale (``"€91.95"``), an en dash without a price."""
    if product.price is None:
        return NO_PRICE
    return format_money(product.price, product.currency, language)


def product_url(template: str, product_id: str) -> str | None:
    """The product page (``template`` has ``{id}``); None unless it is an http(s) link."""
    try:
        url = template.format(id=quote(product_id, safe=""))
    except (KeyError, IndexError, ValueError):
        return None
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def product_line(
    position: int, product: CatalogProduct, url: str | None, language: str | None = None
) -> str:
    """``"1. Title · €91.95"``, then the colours and sizes in stock, then the link."""
    title = clean(product.title, MAX_TITLE_CHARACTERS)
    lines = [f"{position}. {title} · {format_price(product, language)}"]
    if product.in_stock():
        variants = [
            part
            for part in (
                summarise_colours(product),
                summarise_sizes(product.sizes, product.available_sizes()),
            )
            if part
        ]
        if variants:
            lines.append("   " + " · ".join(variants))
    else:
        lines[0] += f" {SOLD_OUT_MARK}"
    if url:
        lines.append(f"   {url}")
    return "\n".join(lines)


def format_list(
    products: Sequence[CatalogProduct],
    url_template: str,
    language: str | None = None,
    start: int = 1,
) -> str:
    """The numbered list of ``products``, numbered from ``start``."""
    return "\n".join(
        product_line(start + offset, product, product_url(url_template, product.id), language)
        for offset, product in enumerate(products)
    )


def product_card(
    product: CatalogProduct, url_template: str, language: str | None = None
) -> dict[str, Any]:
    """One card of the ``product_cards`` payload (catalog colours and sizes, stock flag)."""
    return {
        "id": product.id,
        "title": clean(product.title, MAX_TITLE_CHARACTERS),
        "price": None if product.price is None else float(product.price),
        "currency": product.currency,
        "price_text": format_price(product, language),
        "image_url": product.image_url,
        "url": product_url(url_template, product.id),
        "colours": [clean(colour, 60) for colour in product.colours],
        "sizes": [clean(size, 30) for size in product.sizes],
        "in_stock": product.in_stock(),
    }


def product_cards(
    products: Sequence[CatalogProduct], url_template: str, language: str | None = None
) -> dict[str, Any]:
    """The custom payload: ``{"type": "product_cards", "cards": [...]}``."""
    return {
        "type": CARDS_TYPE,
        "cards": [product_card(product, url_template, language) for product in products],
    }
