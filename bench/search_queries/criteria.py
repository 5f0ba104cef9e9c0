"""Relevance criteria over the catalog's structured fields, independent of any search system.

A labelled query says *what* a right answer is, as a mapping of criteria; the products that
meet every criterion are its relevant set. Keys (all given keys must hold; a list value
means "any of"):

``category``
    a category name (or list); matches any level of ``category_path``, whole level,
    case-insensitive ("Footwear", "Hiking boots"; "Boots" does not match "Hiking boots").
``title_any`` / ``title_all``
    phrases of which any / all occur in the title as whole words.
``text_any`` / ``text_all``
    the same over title, description and tags.
``tags_any`` / ``tags_all``
    tags (equal, case-insensitive).
``brand``
    a brand name (or list), equal, case-insensitive.
``material``
    a phrase (or list) occurring as whole words in one of the product's materials
    ("leather" matches "full-grain leather").
``colour`` / ``size``
    a shop filter: the product must have a variant in stock (units > 0, or untracked stock
    and the colour/size listed) whose colour contains the colour word as whole words
    ("blue" matches "Navy Blue") and whose size equals the size. Given together, the same
    variant must satisfy both. A list means any of its values.
``in_stock``
    ``true``: some variant has units; ``false``: sold out.
``price_min`` / ``price_max``
    inclusive bounds on the displayed price as is, whatever its currency; with ``currency``
    (the query names one), prices are first converted to that currency with the reference
    rates of ``knowledge.catalog.currencies`` (EUR 1, USD 1.08, GBP 0.86, ...).
``rating_min``
    the average rating is at least this (unrated products fail).
``age``
    an "ages A-B" / "ages A+" tag covers this age in years ("6 months+" is 0.5).
``any_of``
    a list of criteria mappings; at least one must hold.
``not``
    a criteria mapping that must not hold.

"Whole words": case-insensitive, and not directly preceded or followed by a letter, digit,
underscore or hyphen ("shirt" does not match "T-Shirt"; "t-shirt" does). There is no
stemming: list plural and singular forms when both matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from knowledge.catalog.currencies import RATES
from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct

__all__ = [
    "CRITERIA_KEYS",
    "RATES",
    "CriteriaError",
    "Predicate",
    "compile_criteria",
    "select_ids",
]

Predicate = Callable[[CatalogProduct], bool]

_AGE_TAG = re.compile(r"^ages (\d+)( months)?(?:-(\d+)|\+)$")


class CriteriaError(ValueError):
    """A criteria mapping uses an unknown key or a value of the wrong type."""


# --- Value helpers ---------------------------------------------------------------------------


def _strings(key: str, value: object) -> tuple[str, ...]:
    """A non-empty string or list of non-empty strings, stripped and case-folded."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise CriteriaError(f"{key}: expected a string or a non-empty list of strings")
    result = []
    for item in values:
        if not isinstance(item, str | int) or isinstance(item, bool) or not str(item).strip():
            raise CriteriaError(f"{key}: {item!r} is not a non-empty string")
        result.append(str(item).strip().casefold())
    return tuple(result)


def _number(key: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CriteriaError(f"{key}: expected a number, got {value!r}")
    return Decimal(str(value))


def _flag(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise CriteriaError(f"{key}: expected true or false, got {value!r}")
    return value


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for ``phrase`` (see the module docstring)."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


def _has_phrase(text: str, phrase: str) -> bool:
    return _phrase_pattern(phrase).search(text) is not None


def _full_text(product: CatalogProduct) -> str:
    return "\n".join((product.title, product.description, "; ".join(product.tags)))


def _age_range(tag: str) -> tuple[float, float] | None:
    """(low, high) years of an "ages ..." tag, or None for another tag."""
    match = _AGE_TAG.match(tag.casefold())
    if match is None:
        return None
    low = float(match.group(1)) / (12 if match.group(2) else 1)
    high = float(match.group(3)) if match.group(3) else float("inf")
    return low, high


def _in_currency(product: CatalogProduct, currency: str | None) -> Decimal | None:
    """The product's price as displayed, or converted to ``currency``."""
    if product.price is None:
        return None
    if currency is None or currency == product.currency:
        return product.price
    if product.currency not in RATES:
        return None
    return product.price / RATES[product.currency] * RATES[currency]


# --- One predicate per key -------------------------------------------------------------------


def _category(value: object) -> Predicate:
    wanted = set(_strings("category", value))

    def test(product: CatalogProduct) -> bool:
        levels = {
            level.strip().casefold()
            for level in product.category_path.split(CATEGORY_SEPARATOR.strip())
        }
        return bool(levels & wanted) or product.category_path.casefold() in wanted

    return test


def _phrases(key: str, value: object, text: Callable[[CatalogProduct], str]) -> Predicate:
    phrases = _strings(key, value)
    combine = all if key.endswith("_all") else any

    def test(product: CatalogProduct) -> bool:
        body = text(product)
        return combine(_has_phrase(body, phrase) for phrase in phrases)

    return test


def _tags(key: str, value: object) -> Predicate:
    wanted = _strings(key, value)
    combine = all if key.endswith("_all") else any

    def test(product: CatalogProduct) -> bool:
        tags = {tag.casefold() for tag in product.tags}
        return combine(tag in tags for tag in wanted)

    return test


def _brand(value: object) -> Predicate:
    wanted = set(_strings("brand", value))
    return lambda product: product.brand.casefold() in wanted


def _material(value: object) -> Predicate:
    phrases = _strings("material", value)
    return lambda product: any(
        _has_phrase(material, phrase) for material in product.materials for phrase in phrases
    )


def _variant(colours: object, sizes: object) -> Predicate:
    """Colour and/or size with stock, on the same variant (see the module docstring)."""
    colour_words = _strings("colour", colours) if colours is not None else None
    wanted_sizes = _strings("size", sizes) if sizes is not None else None

    def test(product: CatalogProduct) -> bool:
        colour_options: Iterable[str | None] = (
            [None]
            if colour_words is None
            else [c for c in product.colours if any(_has_phrase(c, w) for w in colour_words)]
        )
        size_options: Iterable[str | None] = (
            [None]
            if wanted_sizes is None
            else [s for s in product.sizes if s.strip().casefold() in wanted_sizes]
        )
        return any(
            product.in_stock(colour=colour, size=size)
            for colour in colour_options
            for size in list(size_options)
        )

    return test


def _in_stock(value: object) -> Predicate:
    wanted = _flag("in_stock", value)
    return lambda product: product.in_stock() == wanted


def _price(key: str, value: object, currency: str | None) -> Predicate:
    bound = _number(key, value)

    def test(product: CatalogProduct) -> bool:
        price = _in_currency(product, currency)
        if price is None:
            return False
        return price >= bound if key == "price_min" else price <= bound

    return test


def _rating_min(value: object) -> Predicate:
    bound = float(_number("rating_min", value))
    return lambda product: product.rating is not None and product.rating >= bound


def _age(value: object) -> Predicate:
    age = float(_number("age", value))

    def test(product: CatalogProduct) -> bool:
        ranges = (_age_range(tag) for tag in product.tags)
        return any(r is not None and r[0] <= age <= r[1] for r in ranges)

    return test


def _any_of(value: object) -> Predicate:
    if not isinstance(value, list) or not value:
        raise CriteriaError("any_of: expected a non-empty list of criteria")
    options = [compile_criteria(option) for option in value]
    return lambda product: any(option(product) for option in options)


def _not(value: object) -> Predicate:
    inner = compile_criteria(value)
    return lambda product: not inner(product)


def _currency(value: object) -> str:
    if not isinstance(value, str) or value.upper() not in RATES:
        raise CriteriaError(f"currency: expected one of {', '.join(RATES)}, got {value!r}")
    return value.upper()


_SIMPLE: Mapping[str, Callable[[object], Predicate]] = {
    "category": _category,
    "title_any": lambda v: _phrases("title_any", v, lambda p: p.title),
    "title_all": lambda v: _phrases("title_all", v, lambda p: p.title),
    "text_any": lambda v: _phrases("text_any", v, _full_text),
    "text_all": lambda v: _phrases("text_all", v, _full_text),
    "tags_any": lambda v: _tags("tags_any", v),
    "tags_all": lambda v: _tags("tags_all", v),
    "brand": _brand,
    "material": _material,
    "in_stock": _in_stock,
    "rating_min": _rating_min,
    "age": _age,
    "any_of": _any_of,
    "not": _not,
}

#: Every key a criteria mapping may use.
CRITERIA_KEYS: frozenset[str] = frozenset(
    {*_SIMPLE, "colour", "size", "price_min", "price_max", "currency"}
)


def compile_criteria(spec: object) -> Predicate:
    """The predicate of a criteria mapping; raises :class:`CriteriaError` when it is malformed."""
    if not isinstance(spec, Mapping) or not spec:
        raise CriteriaError("criteria must be a non-empty mapping")
    unknown = sorted(str(key) for key in spec if key not in CRITERIA_KEYS)
    if unknown:
        raise CriteriaError(f"unknown criteria key(s): {', '.join(unknown)}")
    if "currency" in spec and not {"price_min", "price_max"} & set(spec):
        raise CriteriaError("currency: only meaningful with price_min or price_max")
    currency = _currency(spec["currency"]) if "currency" in spec else None
    tests: list[Predicate] = [make(spec[key]) for key, make in _SIMPLE.items() if key in spec]
    if "colour" in spec or "size" in spec:
        tests.append(_variant(spec.get("colour"), spec.get("size")))
    tests.extend(
        _price(key, spec[key], currency) for key in ("price_min", "price_max") if key in spec
    )
    return lambda product: all(test(product) for test in tests)


def select_ids(products: Sequence[CatalogProduct], spec: Mapping[str, Any]) -> list[str]:
    """The ids (sorted) of the products that meet ``spec``."""
    test = compile_criteria(spec)
    return sorted(product.id for product in products if test(product))
