"""Products as the shopper reads them: numbered list lines, variant summaries, links and the
card payload. Pure helpers without words of any language (the words are in domain.yml).

Catalog text is shop data: :func:`clean` strips control characters and neutralises the
characters chat channels read as markup before it goes into a message.

Prices are shown in the shop's storefront currency
(:class:`~knowledge.catalog.currencies.Storefront`, one conversion for every reply): a price
converted from the catalog's currency is marked :data:`CONVERTED_MARK` ("≈ €91.95"), and
the reply then says so once (``utter_prices_converted``, see :func:`any_converted`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from core.money import format_money
from core.text import ELLIPSIS, cut
from knowledge.catalog.currencies import ShownPrice, Storefront
from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "CARDS_TYPE",
    "CONVERTED_MARK",
    "MAX_TITLE_CHARACTERS",
    "SOLD_OUT_MARK",
    "any_converted",
    "clean",
    "format_list",
    "format_price",
    "join_values",
    "product_card",
    "product_cards",
    "product_line",
    "product_url",
    "shown_price",
    "summarise_colours",
    "summarise_sizes",
]

#: ``type`` of the custom payload with product cards (the web widget renders it).
CARDS_TYPE = "product_cards"
#: Marks a listed product that is sold out (``utter_sold_out_legend`` explains it).
SOLD_OUT_MARK = "✕"
#: Marks a price converted from the catalog's currency (``utter_prices_converted`` explains it).
CONVERTED_MARK = "\u2248"
_DEFAULT_STOREFRONT = Storefront()
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


def shown_price(product: CatalogProduct, storefront: Storefront | None = None) -> ShownPrice | None:
    """The product's price in the storefront currency (``None`` without a price); the
    default storefront is euros at the reference rates."""
    return (storefront or _DEFAULT_STOREFRONT).product_price(product)


def any_converted(products: Iterable[CatalogProduct], storefront: Storefront | None = None) -> bool:
    """Whether any of ``products`` shows a converted price (the reply then says so)."""
    return any(
        shown is not None and shown.converted
        for shown in (shown_price(product, storefront) for product in products)
    )


def format_price(
    product: CatalogProduct, language: str | None = None, storefront: Storefront | None = None
) -> str:
    """The price in the storefront currency and the shopper's locale (``"€91.95"``;
    ``"≈ €106.47"`` when converted), an en dash without a price."""
    shown = shown_price(product, storefront)
    if shown is None:
        return NO_PRICE
    text = format_money(shown.amount, shown.currency, language)
    return f"{CONVERTED_MARK}\u00a0{text}" if shown.converted else text


def product_url(template: str, product_id: str) -> str | None:
    """The product page (``template`` has ``{id}``); None unless it is an http(s) link."""
    try:
        url = template.format(id=quote(product_id, safe=""))
    except (KeyError, IndexError, ValueError):
        return None
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def product_line(
    position: int,
    product: CatalogProduct,
    url: str | None,
    language: str | None = None,
    storefront: Storefront | None = None,
) -> str:
    """``"1. Title · €91.95"``, then the colours and sizes in stock, then the link."""
    title = clean(product.title, MAX_TITLE_CHARACTERS)
    lines = [f"{position}. {title} · {format_price(product, language, storefront)}"]
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
    storefront: Storefront | None = None,
) -> str:
    """The numbered list of ``products``, numbered from ``start``, priced in ``storefront``."""
    return "\n".join(
        product_line(
            start + offset, product, product_url(url_template, product.id), language, storefront
        )
        for offset, product in enumerate(products)
    )


def product_card(
    product: CatalogProduct,
    url_template: str,
    language: str | None = None,
    storefront: Storefront | None = None,
) -> dict[str, Any]:
    """One card of the ``product_cards`` payload (catalog colours and sizes, stock flag);
    the price in the storefront currency, ``price_converted`` when it was converted."""
    shown = shown_price(product, storefront)
    return {
        "id": product.id,
        "title": clean(product.title, MAX_TITLE_CHARACTERS),
        "price": None if shown is None else float(shown.amount),
        "currency": product.currency if shown is None else shown.currency,
        "price_converted": shown is not None and shown.converted,
        "price_text": format_price(product, language, storefront),
        "image_url": product.image_url,
        "url": product_url(url_template, product.id),
        "colours": [clean(colour, 60) for colour in product.colours],
        "sizes": [clean(size, 30) for size in product.sizes],
        "in_stock": product.in_stock(),
    }


def product_cards(
    products: Sequence[CatalogProduct],
    url_template: str,
    language: str | None = None,
    storefront: Storefront | None = None,
) -> dict[str, Any]:
    """The custom payload: ``{"type": "product_cards", "cards": [...]}``."""
    return {
        "type": CARDS_TYPE,
        "cards": [
            product_card(product, url_template, language, storefront) for product in products
        ],
    }
