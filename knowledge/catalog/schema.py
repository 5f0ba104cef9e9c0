"""The catalog product as the knowledge layer sees it, and its JSON form.

A :class:`CatalogProduct` is immutable and self-contained: the generator makes them, the
ingestion reads them from a shop's CSV or JSON Lines file, the store writes them to (and
reads them back from) the order database, and the search index embeds
:meth:`CatalogProduct.text_for_embedding`. The file formats are documented in
``docs/catalog.md``.

Stock is kept per variant: ``stock[(colour, size)] = units``, where ``colour`` or ``size``
is ``None`` for a product that has no colours or no sizes. An empty ``stock`` means the
shop does not track stock for the product (it counts as available).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from knowledge.catalog.pictures import is_picture_path

__all__ = [
    "CATEGORY_SEPARATOR",
    "LIST_SEPARATOR",
    "CatalogProduct",
    "Stock",
    "StockKey",
    "catalog_stats",
    "format_stock",
    "is_image_url",
    "parse_stock",
]

#: Separator of the levels of a category path ("Footwear > Hiking boots").
CATEGORY_SEPARATOR = " > "
#: Separator of list values in CSV cells ("Black|Brown").
LIST_SEPARATOR = "|"

StockKey = tuple[str | None, str | None]
Stock = Mapping[StockKey, int]

_CENT = Decimal("0.01")


def is_image_url(url: str) -> bool:
    """Whether ``url`` may be a product's image: an https URL, or the path of a demo picture
    the web server serves (:mod:`knowledge.catalog.pictures`)."""
    return url.startswith("https://") or is_picture_path(url)


def _same(left: str | None, right: str | None) -> bool:
    return (left or "").strip().casefold() == (right or "").strip().casefold()


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    """Stripped, non-empty strings without duplicates, in their first order."""
    seen: dict[str, None] = {}
    for value in values:
        text = str(value).strip()
        if text and text not in seen:
            seen[text] = None
    return tuple(seen)


def _stock_sort_key(item: tuple[StockKey, int]) -> tuple[str, str]:
    (colour, size), _units = item
    return (colour or "", size or "")


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    """One product of the catalog (see the module docstring for ``stock``).

    ``price`` is ``None`` for a product without a price (never sold by the bot); it is
    kept to the cent. ``image_url`` must be an https URL, the path of a demo picture
    (:mod:`knowledge.catalog.pictures`) or ``None``.
    """

    id: str
    title: str
    description: str = ""
    brand: str = ""
    category_path: str = ""
    price: Decimal | None = None
    currency: str = "EUR"
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    stock: Stock = field(default_factory=dict, hash=False)
    rating: float | None = None
    image_url: str | None = None
    final_sale: bool = False

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("a catalog product needs an id")
        if self.image_url is not None and not is_image_url(self.image_url):
            raise ValueError(f"image_url of {self.id} is not an https URL or a demo picture")
        if self.price is not None:
            price = Decimal(self.price).quantize(_CENT)
            if price < 0:
                raise ValueError(f"price of {self.id} is negative")
            object.__setattr__(self, "price", price)
        for name in ("colours", "sizes", "materials", "tags"):
            object.__setattr__(self, name, _strings(getattr(self, name)))
        stock: dict[StockKey, int] = {}
        for (colour, size), units in sorted(dict(self.stock).items(), key=_stock_sort_key):
            if int(units) < 0:
                raise ValueError(f"negative stock for a variant of {self.id}")
            stock[(colour or None, size or None)] = int(units)
        object.__setattr__(self, "stock", stock)
        if self.rating is not None:
            object.__setattr__(self, "rating", float(self.rating))

    # --- Derived views -------------------------------------------------------------------

    @property
    def top_category(self) -> str:
        """The first level of the category path ("Footwear")."""
        return self.category_path.split(CATEGORY_SEPARATOR)[0].strip()

    @property
    def leaf_category(self) -> str:
        """The last level of the category path ("Hiking boots")."""
        return self.category_path.split(CATEGORY_SEPARATOR)[-1].strip()

    @property
    def tracks_stock(self) -> bool:
        """False when the shop gave no stock for this product (then it counts as available)."""
        return bool(self.stock)

    @property
    def total_stock(self) -> int:
        """Units over every variant (0 when stock is not tracked)."""
        return sum(self.stock.values())

    def in_stock(self, colour: str | None = None, size: str | None = None) -> bool:
        """Whether some variant of this colour and/or size has units (case-insensitive).

        Without stock data the product counts as available in the colours and sizes it lists.
        """
        if not self.stock:
            return (colour is None or any(_same(colour, c) for c in self.colours)) and (
                size is None or any(_same(size, s) for s in self.sizes)
            )
        return any(
            units > 0
            and (colour is None or _same(colour, variant_colour))
            and (size is None or _same(size, variant_size))
            for (variant_colour, variant_size), units in self.stock.items()
        )

    def available_sizes(self, colour: str | None = None) -> tuple[str, ...]:
        """The sizes (in catalog order) with units, optionally in one colour."""
        return tuple(size for size in self.sizes if self.in_stock(colour=colour, size=size))

    def available_colours(self, size: str | None = None) -> tuple[str, ...]:
        """The colours (in catalog order) with units, optionally in one size."""
        return tuple(c for c in self.colours if self.in_stock(colour=c, size=size))

    def text_for_embedding(self) -> str:
        """What a semantic index should see: words only, no price or stock.

        Title, brand, category, description, colours, materials and tags. Prices and stock
        change often and are filtered on, not embedded, so a price change keeps the vector.
        """
        parts = [self.title.strip()]
        if self.brand:
            parts.append(f"Brand: {self.brand}")
        if self.category_path:
            parts.append(f"Category: {self.category_path}")
        if self.description:
            parts.append(self.description.strip())
        for label, values in (
            ("Colours", self.colours),
            ("Materials", self.materials),
            ("Tags", self.tags),
        ):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        return "\n".join(parts)

    # --- JSON ----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (one line of a JSON Lines catalog; price as a string)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "brand": self.brand,
            "category_path": self.category_path,
            "price": None if self.price is None else str(self.price),
            "currency": self.currency,
            "colours": list(self.colours),
            "sizes": list(self.sizes),
            "materials": list(self.materials),
            "tags": list(self.tags),
            "stock": [
                {"colour": colour, "size": size, "qty": units}
                for (colour, size), units in self.stock.items()
            ],
            "rating": self.rating,
            "image_url": self.image_url,
            "final_sale": self.final_sale,
        }

    def canonical_json(self) -> str:
        """Compact JSON with sorted keys: the same product always gives the same text."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CatalogProduct:
        """The product of a :meth:`to_json` dict (trusted input; files go through ingest).

        ``stock`` may also be the CSV form ``"colour:size:qty|..."``.
        """
        raw_stock = data.get("stock") or []
        stock = (
            parse_stock(raw_stock)
            if isinstance(raw_stock, str)
            else {
                (entry.get("colour"), entry.get("size")): int(entry["qty"]) for entry in raw_stock
            }
        )
        price = data.get("price")
        rating = data.get("rating")
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            description=str(data.get("description") or ""),
            brand=str(data.get("brand") or ""),
            category_path=str(data.get("category_path") or ""),
            price=None if price is None or price == "" else Decimal(str(price)),
            currency=str(data.get("currency") or "EUR"),
            colours=tuple(data.get("colours") or ()),
            sizes=tuple(data.get("sizes") or ()),
            materials=tuple(data.get("materials") or ()),
            tags=tuple(data.get("tags") or ()),
            stock=stock,
            rating=None if rating is None else float(rating),
            image_url=data.get("image_url") or None,
            final_sale=bool(data.get("final_sale", False)),
        )


def format_stock(stock: Stock) -> str:
    """The CSV form of a stock mapping: ``colour:size:qty`` joined by ``|``."""
    return LIST_SEPARATOR.join(
        f"{colour or ''}:{size or ''}:{units}"
        for (colour, size), units in sorted(stock.items(), key=_stock_sort_key)
    )


def parse_stock(text: str) -> dict[StockKey, int]:
    """Parse ``colour:size:qty|...`` (empty colour or size: none). Raises ``ValueError``."""
    stock: dict[StockKey, int] = {}
    for entry in text.split(LIST_SEPARATOR):
        if not entry.strip():
            continue
        parts = entry.rsplit(":", 2)
        if len(parts) != 3:
            raise ValueError(f"stock entry {entry.strip()!r} is not colour:size:qty")
        colour, size, units = (part.strip() for part in parts)
        if not units.isdigit():
            raise ValueError(f"stock quantity {units!r} is not a whole number >= 0")
        key = (colour or None, size or None)
        if key in stock:
            raise ValueError(f"stock entry {entry.strip()!r} repeats a variant")
        stock[key] = int(units)
    return stock


def catalog_stats(products: Iterable[CatalogProduct]) -> dict[str, Any]:
    """Counts per top category, price ranges per currency and category, in-stock share."""
    items = list(products)
    categories: dict[str, dict[str, Any]] = {}
    per_category = Counter(product.top_category for product in items)
    for name in sorted(per_category):
        members = [p for p in items if p.top_category == name]
        prices = [p.price for p in members if p.price is not None and p.currency == "EUR"]
        categories[name] = {
            "products": per_category[name],
            "subcategories": len({p.category_path for p in members}),
            "price_min_eur": str(min(prices)) if prices else None,
            "price_max_eur": str(max(prices)) if prices else None,
            "in_stock": sum(1 for p in members if p.in_stock()),
        }
    currencies: dict[str, dict[str, Any]] = {}
    for currency in sorted({p.currency for p in items}):
        prices = [p.price for p in items if p.currency == currency and p.price is not None]
        currencies[currency] = {
            "products": sum(1 for p in items if p.currency == currency),
            "price_min": str(min(prices)) if prices else None,
            "price_max": str(max(prices)) if prices else None,
        }
    in_stock = sum(1 for p in items if p.in_stock())
    return {
        "products": len(items),
        "variants": sum(len(p.stock) for p in items),
        "in_stock_share": round(in_stock / len(items), 4) if items else 0.0,
        "without_price": sum(1 for p in items if p.price is None),
        "categories": categories,
        "currencies": currencies,
    }
