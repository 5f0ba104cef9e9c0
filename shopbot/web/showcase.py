"""The demo page's "Popular right now": products of the shop's own catalog, drawn as tiles.

The tiles are read from the order database's catalog (the one the assistant searches), so
the page shows what the chat shows: each product's picture (a demo picture the web server
draws, or the shop's own https image) and its price in the storefront currency, with the
assistant's mark (≈) where the catalog's price was in another currency and was converted
with the shop's rates (``SHOPBOT_STOREFRONT_CURRENCY``, ``SHOPBOT_EXCHANGE_RATES``).

One product per top category, the best rated in stock first, at most :data:`TILES`. The
tiles are read at most every :data:`REFRESH_SECONDS`; a catalog that cannot be read (or is
empty) leaves the list with a line saying so instead of failing the page.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import SQLAlchemyError

from core.db.base import Base
from core.db.database import Database
from core.errors import DatabaseError
from core.money import format_money
from knowledge.catalog.currencies import Storefront
from knowledge.catalog.schema import is_image_url

__all__ = [
    "CONVERTED_MARK",
    "REFRESH_SECONDS",
    "SHOWCASE_PLACEHOLDER",
    "TILES",
    "Showcase",
    "Tile",
    "pick_tiles",
    "render_tiles",
]

logger = logging.getLogger(__name__)

#: The text in ``web/demo/index.html`` replaced by the tiles.
SHOWCASE_PLACEHOLDER = "<!-- __SHOPBOT_SHOWCASE__ -->"
TILES = 6
REFRESH_SECONDS = 300.0
#: How a converted price is marked, as the assistant marks it (actions/product_format.py).
CONVERTED_MARK = "≈"
#: The page's language (web/demo/index.html is written in English).
PAGE_LANGUAGE = "en"
#: Colours named on a tile before "+n".
COLOURS_SHOWN = 3


@dataclass(frozen=True)
class Tile:
    """One product as the page shows it."""

    sku: str
    title: str
    price_text: str
    converted: bool
    image_url: str | None
    colours: tuple[str, ...]


def _top_category(category_path: str) -> str:
    return category_path.split(">")[0].strip().casefold()


def pick_tiles(db: Database, storefront: Storefront, count: int = TILES) -> list[Tile]:
    """Up to ``count`` active products with a price and stock, one per top category, the
    best rated first (ties by SKU), priced in the storefront currency."""
    products = Base.metadata.tables["products"]
    variants = Base.metadata.tables["product_variants"]
    in_stock = exists().where(variants.c.product_sku == products.c.sku, variants.c.stock > 0)
    query = (
        select(
            products.c.sku,
            products.c.title,
            products.c.category_path,
            products.c.price,
            products.c.currency,
            products.c.colours,
            products.c.image_url,
        )
        .where(products.c.active.is_(True), products.c.price.is_not(None), in_stock)
        .order_by(products.c.rating.desc().nulls_last(), products.c.sku)
    )
    tiles: list[Tile] = []
    seen: set[str] = set()
    with db.begin() as connection:
        for row in connection.execute(query):
            category = _top_category(row.category_path or "")
            if category in seen:
                continue
            seen.add(category)
            tiles.append(_tile(row, storefront))
            if len(tiles) == count:
                break
    return tiles


def _tile(row: Any, storefront: Storefront) -> Tile:
    shown = storefront.price(Decimal(row.price), str(row.currency))
    image = row.image_url or None
    return Tile(
        sku=str(row.sku),
        title=str(row.title),
        price_text=format_money(shown.amount, shown.currency, PAGE_LANGUAGE),
        converted=shown.converted,
        image_url=image if image and is_image_url(image) else None,
        colours=tuple(str(colour) for colour in row.colours or ()),
    )


def _colours(colours: Sequence[str]) -> str:
    shown = " · ".join(colours[:COLOURS_SHOWN])
    rest = len(colours) - COLOURS_SHOWN
    return shown + (f" +{rest}" if rest > 0 else "")


def render_tiles(tiles: Sequence[Tile]) -> str:
    """The tiles as the ``<li>`` items of the page's product list (every value escaped)."""
    if not tiles:
        return (
            '<li class="tile-empty">The catalog has no products in stock yet '
            "(<code>.venv/bin/shopbot catalog demo</code> stores the demo catalog).</li>"
        )
    items = []
    for tile in tiles:
        title = html.escape(tile.title)
        if tile.image_url:
            art = (
                f'<img src="{html.escape(tile.image_url, quote=True)}" alt="" '
                'width="480" height="360" loading="lazy" decoding="async" '
                'referrerpolicy="no-referrer">'
            )
        else:
            art = '<span class="tile-no-picture" aria-hidden="true"></span>'
        price = html.escape(tile.price_text)
        if tile.converted:
            price = (
                f'<abbr title="converted from the catalog\'s currency">{CONVERTED_MARK}</abbr>'
                f"\u00a0{price}"
            )
        colours = (
            f'<p class="colours">{html.escape(_colours(tile.colours))}</p>' if tile.colours else ""
        )
        items.append(
            f'<li class="tile" data-sku="{html.escape(tile.sku, quote=True)}">'
            f'<div class="tile-art">{art}</div><h3>{title}</h3>'
            f'<p class="price">{price}</p>{colours}</li>'
        )
    return "\n          ".join(items)


class Showcase:
    """The rendered tiles of one catalog, read again after :data:`REFRESH_SECONDS`."""

    def __init__(
        self, db: Database, storefront: Storefront, refresh_seconds: float = REFRESH_SECONDS
    ) -> None:
        self.db = db
        self.storefront = storefront
        self.refresh_seconds = refresh_seconds
        self._html: str | None = None
        self._read_at = 0.0

    def html(self) -> str:
        """The tiles' HTML (read from the catalog when older than the refresh time)."""
        now = time.monotonic()
        if self._html is None or now - self._read_at >= self.refresh_seconds:
            self._html = render_tiles(self._read())
            self._read_at = now
        return self._html

    def _read(self) -> list[Tile]:
        try:
            return pick_tiles(self.db, self.storefront)
        except (SQLAlchemyError, DatabaseError) as error:
            logger.warning("the demo page's products could not be read: %s", type(error).__name__)
            return []
