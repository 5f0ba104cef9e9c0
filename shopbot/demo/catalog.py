"""Demo products, variants and customers, composed from :mod:`demo_vocabulary`.

Pure functions of a ``random.Random`` and a reference time: the same seed gives the same
rows. Rows are plain dicts keyed by column name, ready for Core bulk inserts.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from shopbot.demo.vocabulary import CATEGORIES, CURRENCY_RATES, LOCALES, Category, LocaleNames

__all__ = [
    "PRODUCTS_PER_CATEGORY",
    "CatalogItem",
    "locale_names",
    "make_customers",
    "make_products",
    "price_in",
]

PRODUCTS_PER_CATEGORY = 30
Row = dict[str, Any]

_TRANSLITERATE = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae"})


@dataclass(frozen=True)
class CatalogItem:
    """What an order line needs to know about a product."""

    sku: str
    title: str
    price: Decimal
    final_sale: bool
    colours: tuple[str, ...]
    sizes: tuple[str, ...]


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    whole = int(low + (high - low) * rng.random() ** 1.6)
    return Decimal(f"{whole}.{rng.choice(('99', '99', '95', '00', '50'))}")


def price_in(price_eur: Decimal, currency: str) -> Decimal:
    """A shop price in another currency, rounded the way shops round (x.99, or whole SEK)."""
    converted = price_eur * Decimal(str(CURRENCY_RATES[currency]))
    if currency == "SEK":
        return Decimal(max(1, round(converted / 10) * 10 - 1)).quantize(Decimal("0.01"))
    if currency == "EUR":
        return price_eur
    return max(Decimal("0.99"), Decimal(round(converted)) - Decimal("0.01"))


def _description(
    rng: random.Random, category: Category, brand: str, noun: str, material: str
) -> str:
    first, second = rng.sample(category.features, 2)
    return (
        f"The {noun.lower()} from {brand}, made with {material}. "
        f"It has {first}, and {second}. "
        f"Part of our {category.path.split(' > ')[-1].lower()} range."
    )


def make_products(
    rng: random.Random, now: datetime
) -> tuple[list[Row], list[Row], list[CatalogItem]]:
    """About 300 products over every category, their variants, and the sellable items."""
    products: list[Row] = []
    variants: list[Row] = []
    items: list[CatalogItem] = []
    for number_base, category in enumerate(CATEGORIES, start=1):
        combos = [
            (brand, adjective, noun)
            for brand in category.brands
            for adjective in category.adjectives
            for noun in category.nouns
        ]
        for index, (brand, adjective, noun) in enumerate(
            rng.sample(combos, PRODUCTS_PER_CATEGORY), start=1
        ):
            sku = f"{category.prefix}-{number_base}{index:04d}"
            material = rng.choice(category.materials)
            colours = rng.sample(category.colours, min(len(category.colours), rng.randint(1, 4)))
            sizes = list(category.sizes)
            if sizes and category.prefix == "BTY":
                sizes = [rng.choice(sizes)]
            final_sale = rng.random() < category.final_sale_rate
            price = _price(rng, *category.price_range)
            tags = [*category.tags, material.split()[-1]]
            if final_sale:
                tags.append("final-sale")
            if rng.random() < 0.15:
                tags.append("bestseller")
            products.append(
                {
                    "sku": sku,
                    "title": f"{brand} {adjective} {noun}",
                    "description": _description(rng, category, brand, noun, material),
                    "brand": brand,
                    "category_path": category.path,
                    "price": price,
                    "currency": "EUR",
                    "colours": colours,
                    "sizes": sizes,
                    "materials": [material],
                    "rating": None
                    if rng.random() < 0.05
                    else round(rng.triangular(2.6, 5.0, 4.4), 1),
                    "tags": tags,
                    "image_url": f"https://images.example.com/products/{sku.lower()}.jpg",
                    "final_sale": final_sale,
                    "active": rng.random() > 0.04,
                    "updated_at": now
                    - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1439)),
                }
            )
            colour_options: list[str | None] = [*colours] or [None]
            size_options: list[str | None] = [*sizes] or [None]
            for colour in colour_options:
                for size in size_options:
                    stock = 0 if rng.random() < 0.08 else rng.randint(1, 150)
                    variants.append(
                        {"product_sku": sku, "colour": colour, "size": size, "stock": stock}
                    )
            items.append(
                CatalogItem(
                    sku,
                    f"{brand} {adjective} {noun}",
                    price,
                    final_sale,
                    tuple(colours),
                    tuple(sizes),
                )
            )
    for variant_id, variant in enumerate(variants, start=1):
        variant["id"] = variant_id
    return products, variants, items


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    kept = "".join(
        char for char in decomposed if char.isascii() and (char.isalnum() or char == " ")
    )
    return kept.replace(" ", "").lower()


def _email(rng: random.Random, names: LocaleNames, first: str, last: str, taken: set[str]) -> str:
    first_part, last_part = _ascii(first), _ascii(last)
    pattern = rng.randrange(5)
    local = (
        f"{first_part}.{last_part}",
        f"{first_part}{last_part}",
        f"{first_part[0]}.{last_part}",
        f"{first_part}_{last_part}{rng.randint(1, 99)}",
        f"{last_part}.{first_part}{rng.randint(70, 99)}",
    )[pattern]
    domain = rng.choice(names.domains)
    email = f"{local}@{domain}"
    suffix = 2
    while email in taken:
        email = f"{local}{suffix}@{domain}"
        suffix += 1
    taken.add(email)
    return email


def _phone(rng: random.Random, locale: str) -> str | None:
    """A number from a range reserved for fiction (US, GB, FR, AU), else none."""
    if rng.random() < 0.3:
        return None
    if locale == "en-US":
        return f"+1 202-555-01{rng.randint(0, 99):02d}"
    if locale == "en-GB":
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    if locale == "fr-FR":
        return f"+33 6 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    if locale == "en-AU":
        return f"+61 491 570 {rng.randint(100, 999)}"
    return None


def make_customers(rng: random.Random, count: int) -> list[Row]:
    """``count`` customers from varied locales; ``created_at`` is filled in later."""
    weights = [names.weight for names in LOCALES]
    taken: set[str] = set()
    customers: list[Row] = []
    for customer_id in range(1, count + 1):
        names = rng.choices(LOCALES, weights=weights)[0]
        first, last = rng.choice(names.first_names), rng.choice(names.last_names)
        customers.append(
            {
                "id": customer_id,
                "email": _email(rng, names, first, last, taken),
                "first_name": first,
                "last_name": last,
                "phone": _phone(rng, names.locale),
                "locale": names.locale,
            }
        )
    return customers


def locale_names(locale: str) -> LocaleNames:
    """The vocabulary of one locale."""
    return next(names for names in LOCALES if names.locale == locale)
