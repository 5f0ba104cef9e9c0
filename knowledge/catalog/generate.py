"""The demo catalog: a deterministic, realistic shop catalog composed from :mod:`vocabulary`.

>>> products = generate_catalog()  # 2,400 products, seed 13
>>> generate_catalog(50, seed=1) == generate_catalog(50, seed=1)
True

Products are spread evenly over the ten top categories, then over sub-categories and
product types by their weights. Each product gets a brand, an optional line name, 0-2
modifiers compatible with its material ("Waterproof", "Vegan", ...), a description of
2-4 sentences that backs up every claim of its title, sizes and colours fitting its
category, stock per variant (some at zero), a rating, tags and a picture of its category in
its first colour (:mod:`knowledge.catalog.pictures`). The same ``size`` and
``seed`` always give the same products (one ``random.Random(seed)``, nothing global).

This is the one generator of demo products: ``shopbot catalog demo`` saves its catalog and
``shopbot db seed`` draws the demo orders from it, pricing their lines in the customer's
currency with :func:`price_in`. Prices follow the reference rates of
:mod:`knowledge.catalog.currencies`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import product as cartesian

from knowledge.catalog.currencies import RATES, convert_price
from knowledge.catalog.pictures import picture_path
from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct
from knowledge.catalog.vocabulary import CATEGORIES
from knowledge.catalog.vocabulary.common import (
    APPAREL_SIZES,
    INTROS,
    LINE_NAMES,
    MATERIAL_SENTENCES,
    MATERIALS,
    MODIFIERS,
    ONE_SIZE,
    SHOE_SIZES,
    Brand,
    ProductType,
    SubCategory,
    TopCategory,
)

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "GenerateProgress",
    "generate_catalog",
    "price_in",
    "product_types",
]

DEFAULT_SIZE = 2400
DEFAULT_SEED = 13
_CENT = Decimal("0.01")

#: progress(done, total), called every few hundred products.
GenerateProgress = Callable[[int, int], None]

_ANIMAL = {"leather", "nubuck", "suede", "veg_leather", "merino", "wool", "cashmere", "down",
           "pearl"}  # fmt: skip
_ORGANIC_OK = {"cotton", "linen", "percale", "shea", "aloe", "jojoba", "argan", "wool"}
_SYNTHETIC = {"mesh", "knit", "fleece", "recycled_poly", "nylon", "recycled_nylon", "plastic",
              "recycled_plastic", "polycarbonate", "aluminium", "electronics", "abs", "tpe",
              "softshell", "synthetic_fill", "cardboard", "plush", "rubber"}  # fmt: skip
_NOT_IN_DISHWASHER = {"cast_iron", "oak", "bamboo", "beech", "wool"}
_KEEP_CASE = {"Bluetooth", "Chelsea", "French", "Python"}


def _compatible(modifier: str, material: str) -> bool:
    """Whether a title modifier can be true of a product made of ``material``."""
    if modifier in ("vegan", "cruelty_free"):
        return material not in _ANIMAL
    if modifier == "organic":
        return material in _ORGANIC_OK
    if modifier == "recycled":
        return material in _SYNTHETIC
    if modifier in ("dishwasher_safe", "non_stick"):
        return material not in _NOT_IN_DISHWASHER
    return True


def _lower_noun(noun: str) -> str:
    """ "USB-C Charging Cable" -> "USB-C charging cable" (acronyms and names kept)."""

    def lower_part(part: str) -> str:
        if part in _KEEP_CASE or part.isupper() or not part[1:].islower():
            return part
        return part.lower()

    return " ".join("-".join(lower_part(p) for p in word.split("-")) for word in noun.split())


def product_types() -> list[tuple[TopCategory, SubCategory, ProductType]]:
    """Every product type with its categories, in catalog order."""
    return [
        (top, sub, kind) for top in CATEGORIES for sub in top.subcategories for kind in sub.types
    ]


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split by ``weights`` with the largest-remainder rule (ties: first wins)."""
    shares = [total * weight / sum(weights) for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _allocate(size: int) -> list[int]:
    """Products per type (catalog order): top categories equal, then by weights."""
    counts: list[int] = []
    for top, top_count in zip(CATEGORIES, _split(size, [1.0] * len(CATEGORIES)), strict=True):
        subs = top.subcategories
        for sub, sub_count in zip(subs, _split(top_count, [s.weight for s in subs]), strict=True):
            counts += _split(sub_count, [kind.weight for kind in sub.types])
    return counts


def _shop_price(rng: random.Random, value: float) -> Decimal:
    """A price the way shops write them: 9.99, 24.95, 49.00, 149.99."""
    if value < 20:
        whole = max(1, round(value))
        cents = rng.choice(("99", "99", "49", "95"))
        return Decimal(f"{whole - 1 if whole > 1 else 0}.{cents}")
    if value < 100:
        whole = round(value)
        return Decimal(f"{whole - 1}.{rng.choice(('99', '99', '95', '00'))}")
    whole = round(value / 5) * 5
    return Decimal(f"{whole - 1}.99") if rng.random() < 0.7 else Decimal(f"{whole}.00")


def _price(rng: random.Random, kind: ProductType, brand: Brand) -> Decimal:
    low, high = kind.price
    value = (low + (high - low) * rng.random() ** 1.35) * brand.tier
    value = min(max(value, low * 0.9), high * 1.2) * float(RATES[brand.currency])
    return _shop_price(rng, value)


def price_in(price: Decimal, currency: str, target: str) -> Decimal:
    """A catalog price in another currency, rounded the way shops round: x.99, or whole
    kronor ending in 9 for SEK (a demo order's line price). Raises ``ValueError`` when
    either currency has no rate."""
    if currency.strip().upper() == target.strip().upper():
        return price
    converted = convert_price(price, currency, target)
    if target.strip().upper() == "SEK":
        return Decimal(max(1, round(converted / 10) * 10 - 1)).quantize(_CENT)
    return max(Decimal("0.99"), Decimal(round(converted)) - _CENT)


def _run(rng: random.Random, values: Sequence[str], shortest: int) -> tuple[str, ...]:
    """A contiguous run of ``values`` at least ``shortest`` long."""
    length = rng.randint(min(shortest, len(values)), len(values))
    start = rng.randint(0, len(values) - length)
    return tuple(values[start : start + length])


def _sizes(rng: random.Random, kind: ProductType, audience: str) -> tuple[str, ...]:
    sizes = kind.sizes
    if not sizes or sizes == ONE_SIZE:
        return sizes
    if sizes == SHOE_SIZES:
        first, last = {"Women's": ("36", "42"), "Men's": ("40", "47")}.get(audience, ("36", "46"))
        span = SHOE_SIZES[SHOE_SIZES.index(first) : SHOE_SIZES.index(last) + 1]
        return _run(rng, span, len(span) - 1)
    if sizes == APPAREL_SIZES:
        return _run(rng, sizes, 4)
    return _run(rng, sizes, max(1, (len(sizes) + 1) // 2))


def _stock(
    rng: random.Random, colours: Sequence[str], sizes: Sequence[str]
) -> dict[tuple[str | None, str | None], int]:
    sold_out = rng.random() < 0.03
    stock: dict[tuple[str | None, str | None], int] = {}
    colour_options: list[str | None] = [*colours] or [None]
    size_options: list[str | None] = [*sizes] or [None]
    for colour, size in cartesian(colour_options, size_options):
        if sold_out or rng.random() < 0.12:
            stock[(colour, size)] = 0
        else:
            stock[(colour, size)] = min(250, 1 + int(rng.expovariate(1 / 20)))
    return stock


def _context(
    kind: ProductType, brand: Brand, line: str, audience: str, material: str, use: str
) -> dict[str, str]:
    plural = kind.is_plural
    noun = _lower_noun(kind.noun)
    line_noun = " ".join(part for part in (line, _lower_noun(audience), noun) if part)
    article = "an" if noun[0].lower() in "aeiou" else "a"
    return {
        "It": "They" if plural else "It",
        "it": "they" if plural else "it",
        "is": "are" if plural else "is",
        "has": "have" if plural else "has",
        "its": "their" if plural else "its",
        "obj": "them" if plural else "it",
        "s": "" if plural else "s",
        "es": "" if plural else "es",
        "This": "These" if plural else "This",
        "this_lower": "these" if plural else "this",
        "noun": noun,
        "a_noun": noun if plural else f"{article} {noun}",
        "line_noun": line_noun,
        "brand": brand.name,
        "brand_s": f"{brand.name}'" if brand.name.endswith("s") else f"{brand.name}'s",
        "material": material,
        "use": use,
    }


def _description(
    rng: random.Random,
    kind: ProductType,
    context: dict[str, str],
    modifiers: Sequence[str],
) -> str:
    intro = rng.choice(INTROS)
    sentences = [intro]
    required = [MODIFIERS[key].sentence for key in modifiers]
    if kind.specs:
        required.append(rng.choice(kind.specs))
    sentences += required
    target = rng.choice((3, 3, 4, 4))
    extras = rng.sample(kind.features, len(kind.features))
    if "{material}" not in intro and rng.random() < 0.5:
        extras.insert(rng.randint(0, 1), rng.choice(MATERIAL_SENTENCES))
    while len(sentences) < max(target, 2) and extras:
        sentences.append(extras.pop())
    text = " ".join(sentences[:4]).format(**context)
    return text[0].upper() + text[1:]


def _title(brand: str, parts: Sequence[str], noun: str) -> str:
    """Brand, the parts that add a word the title lacks, then the noun."""
    said = {word.casefold() for word in f"{brand} {noun}".split()} - {"&"}
    kept = [brand]
    for part in parts:
        words = {word.casefold() for word in part.split()}
        if part and not words & said:
            kept.append(part)
            said |= words
    return " ".join((*kept, noun))


def _make_product(
    rng: random.Random, top: TopCategory, sub: SubCategory, kind: ProductType, product_id: str
) -> CatalogProduct:
    brand = rng.choice(top.brands)
    audience = rng.choice(kind.audiences) if kind.audiences else ""
    line = rng.choice(LINE_NAMES) if rng.random() < 0.55 else ""
    material_key = rng.choice(kind.materials)
    material = MATERIALS[material_key]
    allowed = [key for key in kind.modifiers if _compatible(key, material_key)]
    count = min(len(allowed), rng.choices((0, 1, 2), (0.3, 0.5, 0.2))[0])
    chosen = sorted(rng.sample(allowed, count), key=allowed.index)
    numbers = {name: rng.choice(values) for name, values in kind.numbers}
    context = _context(kind, brand, line, audience, material.phrase, rng.choice(kind.uses))
    context.update(numbers, material_label=top.material_label)
    material_word = material.title if rng.random() < 0.45 else ""
    title = _title(
        brand.name,
        (
            line,
            audience,
            *(MODIFIERS[key].word for key in chosen),
            material_word,
            kind.title_spec.format(**numbers),
        ),
        kind.noun,
    )
    sizes = _sizes(rng, kind, audience)
    colours = tuple(rng.sample(kind.colours, min(len(kind.colours), rng.randint(1, 4))))
    final_sale = rng.random() < sub.final_sale_rate
    tags = [*sub.tags, *kind.tags]
    for key in chosen:
        tags += MODIFIERS[key].tags
    tags += material.tags
    if numbers.get("ages", "").startswith("ages"):
        tags.append(numbers["ages"])
    for tag, rate in (("gift", top.gift_rate), ("bestseller", 0.1), ("new", 0.07)):
        if rng.random() < rate:
            tags.append(tag)
    if final_sale:
        tags.append("final-sale")
    rating = None if rng.random() < 0.04 else round(rng.triangular(2.5, 5.0, 4.4), 1)
    return CatalogProduct(
        id=product_id,
        title=title,
        description=_description(rng, kind, context, chosen),
        brand=brand.name,
        category_path=f"{top.name}{CATEGORY_SEPARATOR}{sub.name}",
        price=_price(rng, kind, brand),
        currency=brand.currency,
        colours=colours,
        sizes=sizes,
        materials=(material.phrase,),
        tags=tuple(tag.lower() for tag in tags),
        stock=_stock(rng, colours, sizes),
        rating=rating,
        image_url=picture_path(f"{top.name}{CATEGORY_SEPARATOR}{sub.name}", colours),
        final_sale=final_sale,
    )


def generate_catalog(
    size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED, *, progress: GenerateProgress | None = None
) -> list[CatalogProduct]:
    """``size`` products over every category; the same arguments give the same catalog.

    Titles and descriptions are distinct (each product is redrawn a few times on a clash;
    at very large sizes some repeats remain).
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    rng = random.Random(seed)
    attempts = 12 if size <= 20_000 else 2
    titles: set[str] = set()
    descriptions: set[str] = set()
    products: list[CatalogProduct] = []
    numbers: dict[str, int] = {}
    for (top, sub, kind), count in zip(product_types(), _allocate(size), strict=True):
        for _ in range(count):
            prefix = f"{top.code}-{sub.code}"
            numbers[prefix] = numbers.get(prefix, 0) + 1
            product_id = f"{prefix}-{numbers[prefix]:04d}"
            for _attempt in range(attempts):
                item = _make_product(rng, top, sub, kind, product_id)
                if item.title not in titles and item.description not in descriptions:
                    break
            titles.add(item.title)
            descriptions.add(item.description)
            products.append(item)
            if progress is not None and (len(products) % 500 == 0 or len(products) == size):
                progress(len(products), size)
    return products
