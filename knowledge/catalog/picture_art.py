"""The demo catalog's product pictures, drawn: one simple shape per top category (a jacket,
a boot, a tent, ...), filled with the product's colour on a tint of it, as a small SVG.

Deterministic and offline (no files, no fonts, no network): the web server draws a picture
when asked (:mod:`shopbot.web.pictures`) and browsers cache it. Names come from
:mod:`knowledge.catalog.pictures` (category and colour slugs).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from knowledge.catalog.pictures import PLAIN, slug

__all__ = ["CATEGORY_SHAPES", "COLOURS", "HEIGHT", "WIDTH", "picture_svg"]

WIDTH, HEIGHT = 480, 360  # 4:3, the widget's card picture

#: Every colour of the demo vocabulary (and "plain"), as #rrggbb.
COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "Amber": "#d98e04", "Berry": "#8e2c5a", "Black": "#26282b", "Blue": "#2f6fd0",
        "Brown": "#7a4f2c", "Brown Black": "#3b2a20", "Burgundy Red": "#7c1f2e",
        "Burnt Orange": "#c4571b", "Charcoal Grey": "#45494e", "Chocolate Brown": "#5a3521",
        "Classic Red": "#c8202f", "Clear": "#dfe9ee", "Cobalt Blue": "#1f4fb8",
        "Cognac Brown": "#9a4f22",
        "Cool Smoky": "#6d7480", "Copper": "#b36a3c", "Coral": "#f07a62", "Coral Pink": "#f3897f",
        "Cream": "#efe4c8", "Dark Brown": "#4b3020", "Deep": "#6b4530", "Dusty Pink": "#d59a9f",
        "Fair": "#f1d4bd", "Forest Green": "#2e5e3e", "Glacier Blue": "#8fc3dc", "Gold": "#c9a227",
        "Graphite Grey": "#4a4e55", "Green": "#3a8f4b", "Grey": "#8a9096",
        "Gunmetal Grey": "#53575e",
        "Hot Pink": "#e23a8f", "Indigo Blue": "#34408f", "Lavender": "#a897d4", "Light": "#e8c3a2",
        "Light Blue": "#8dbbe6", "Light Grey": "#c3c8cc", "Lime Green": "#8cc63f",
        "Matte Blue": "#4b6a8f", "Mauve": "#a7798f", "Medium": "#c48e66", "Mid Blue": "#4a84c4",
        "Midnight Blue": "#1f2a4d", "Mint Green": "#98d8bd", "Mirror Silver": "#b7bec5",
        "Multicolour": "#d6553b", "Mustard Yellow": "#d1a11c", "Natural": "#d8c7a6",
        "Navy Blue": "#22325c", "Neon Yellow": "#e5f23a", "Nude Beige": "#d9b8a0", "Oat": "#d9ccb0",
        "Ocean Blue": "#1f6f9f", "Off-White": "#f1ede4", "Olive Green": "#6b7434",
        "Orange": "#ec7a1c", "Pastel": "#b9d7ea", "Pink": "#ef8fb3", "Plum": "#6f2f5f",
        "Powder Blue": "#aecbe6", "Purple": "#7645a8", "Red": "#d2302c", "Rose Gold": "#d4a08f",
        "Rosewood": "#8a4b4b", "Rust Red": "#a4432a", "Sage Green": "#9caf88", "Sand": "#d7c18f",
        "Silver": "#b8bec4", "Slate Grey": "#5f6b75", "Smoke Grey": "#8d9299",
        "Stone Beige": "#cbbb9f", "Sunflower Yellow": "#f2c12e", "Sunset": "#ef7d4f",
        "Tan": "#c29563", "Taupe": "#8b7d70", "Terracotta": "#c26a47", "Turquoise": "#2bb3b1",
        "Warm Neutrals": "#c7a88a", "White": "#f7f7f5", "Yellow": "#f4d03f",
        "Plain": "#6f8f83",
    }
)  # fmt: skip
_BY_SLUG = {slug(name): hex_colour for name, hex_colour in COLOURS.items()}
#: Colours drawn as stripes of several (the first is the colour above).
_STRIPES = {"multicolour": ("#d6553b", "#f2c12e", "#3a8f4b", "#2f6fd0"),
            "sunset": ("#ef7d4f", "#e85a7a", "#f4b942")}  # fmt: skip

# Shapes in a 120 x 120 box: (fill paths, detail paths in the darker shade).
_Shape = tuple[tuple[str, ...], tuple[str, ...]]
_SHAPES: dict[str, _Shape] = {
    "apparel": (  # a jacket
        ("M42 18h36l12 7 16 32-12 6-6-12v55H32V51l-6 12-12-6 16-32z",),
        ("M58.5 20h3v84h-3z", "M48 18c2 9 22 9 24 0z", "M38 64h12v3H38zM70 64h12v3H70z"),
    ),
    "footwear": (  # a boot
        ("M30 18h28v44l34 12c9 3 14 9 14 17v7H24v-7c0-6 6-8 6-14z",),
        ("M24 98h82v8H24z", "M58 38h-12v3h12zM58 48h-12v3h12z"),
    ),
    "outdoor-camping": (  # a tent
        ("M60 20 108 100H12z",),
        ("M60 20 74 100H46z", "M8 100h104v4H8z"),
    ),
    "sports-fitness": (  # a ball
        ("M60 20a40 40 0 1 1 0 80a40 40 0 1 1 0-80z",),
        (
            "M60 40l15 11-6 18H51l-6-18z",
            "M58 20h4v20h-4zM22 52l19 3-1 4-19-3zM79 55l19-3 1 4-19 3z",
            "M50 69l4 2-10 18-4-2zM66 71l4-2 10 18-4 2z",
        ),
    ),
    "electronics-accessories": (  # headphones
        ("M20 70a40 40 0 0 1 80 0v6h-8v-6a32 32 0 0 0-64 0v6h-8z",),
        ("M14 68h22v36H14zM84 68h22v36H84z",),
    ),
    "home-kitchen": (  # a mug
        ("M24 34h60v52a16 16 0 0 1-16 16H40a16 16 0 0 1-16-16z",),
        ("M84 46h8a14 14 0 0 1 0 28h-8v-7h8a7 7 0 0 0 0-14h-8z", "M20 30h68v6H20z"),
    ),
    "beauty-personal-care": (  # a bottle
        ("M40 42h40a8 8 0 0 1 8 8v50a8 8 0 0 1-8 8H40a8 8 0 0 1-8-8V50a8 8 0 0 1 8-8z",),
        ("M50 16h20v26H50z", "M44 64h32v22H44z"),
    ),
    "toys-games": (  # stacked blocks
        ("M18 66h40v40H18zM62 66h40v40H62zM40 24h40v40H40z",),
        ("M32 80h12v12H32zM76 80h12v12H76zM54 38h12v12H54z",),
    ),
    "bags-luggage": (  # a bag
        ("M22 44h76l-8 62H30z",),
        ("M42 44v-8a18 18 0 0 1 36 0v8h-6v-8a12 12 0 0 0-24 0v8z", "M22 44h76v8H22z"),
    ),
    "watches-jewellery": (  # a watch
        ("M60 32a28 28 0 1 1 0 56a28 28 0 1 1 0-56z",),
        ("M46 8h28l-4 26H50zM50 86h20l4 26H46z", "M58.5 44h3v18h-3zM60 59l12 6-1.5 2.6L59 62z"),
    ),
}
#: Top-category slugs the demo catalog uses, and the shape drawn for each.
CATEGORY_SHAPES: Mapping[str, _Shape] = MappingProxyType(_SHAPES)


def _mix(hex_colour: str, other: tuple[int, int, int], share: float) -> str:
    """``hex_colour`` moved ``share`` of the way towards the RGB colour ``other``."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (o - c) * share) for c, o in zip(rgb, other, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _fill(colour: str) -> tuple[str, str]:
    """``(defs, fill)``: a gradient definition and its reference for striped colours."""
    stops = _STRIPES.get(colour)
    if not stops:
        return "", _BY_SLUG[colour]
    step = 100 / len(stops)
    parts = "".join(
        f'<stop offset="{i * step:.0f}%" stop-color="{c}"/><stop offset="{(i + 1) * step:.0f}%" '
        f'stop-color="{c}"/>'
        for i, c in enumerate(stops)
    )
    gradient = f'<linearGradient id="f" x1="0" y1="0" x2="1" y2="1">{parts}</linearGradient>'
    return f"<defs>{gradient}</defs>", "url(#f)"


@lru_cache(maxsize=1024)
def picture_svg(category: str, colour: str) -> str | None:
    """The picture of top-category slug ``category`` in colour slug ``colour`` (or
    :data:`knowledge.catalog.pictures.PLAIN`); None when either is unknown."""
    shape = CATEGORY_SHAPES.get(category)
    base = _BY_SLUG.get(colour or PLAIN)
    if shape is None or base is None:
        return None
    defs, fill = _fill(colour)
    background = _mix(base, (255, 255, 255), 0.82)
    detail = _mix(base, (0, 0, 0), 0.35)
    outline = _mix(base, (0, 0, 0), 0.5)
    fills, details = shape
    body = "".join(
        f'<path d="{d}" fill="{fill}" stroke="{outline}" stroke-width="1.5" '
        'stroke-linejoin="round"/>'
        for d in fills
    ) + "".join(f'<path d="{d}" fill="{detail}"/>' for d in details)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 160 120">{defs}<rect width="160" height="120" fill="{background}"/>'
        '<ellipse cx="80" cy="110" rx="46" ry="5" fill="#000" opacity=".08"/>'
        f'<g transform="translate(24 4) scale(.93)">{body}</g></svg>'
    )
