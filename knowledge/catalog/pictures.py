"""Where the demo catalog's product pictures live: one small picture per top category and
colour, drawn by :mod:`knowledge.catalog.picture_art` and served by the web server
(``shopbot web``) under :data:`PICTURES_PATH`.

A demo product's ``image_url`` is that path, relative to the web server
(``/images/products/footwear/forest-green.svg``), so the data names no host: the widget
resolves it against the address it was loaded from. A shop's own catalog keeps its https
URLs. :data:`LEGACY_DEMO_PREFIX` is where earlier demo catalogs pointed (a host that never
resolved); :func:`knowledge.catalog.picture_upgrade.upgrade_demo_pictures` moves a stored
demo catalog from there to these pictures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "LEGACY_DEMO_PREFIX",
    "PICTURES_PATH",
    "PLAIN",
    "is_picture_path",
    "picture_path",
    "slug",
]

#: The web server's path of the demo pictures: ``<PICTURES_PATH><category>/<colour>.svg``.
PICTURES_PATH = "/images/products/"
#: Where demo catalogs before the shipped pictures pointed (``<sku>.jpg``; never resolved).
LEGACY_DEMO_PREFIX = "https://images.example.com/products/"
#: The colour part of the picture of a product without colours.
PLAIN = "plain"

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PATH = re.compile(re.escape(PICTURES_PATH) + _SLUG + "/" + _SLUG + r"\.svg")


def slug(text: str) -> str:
    """``"Outdoor & camping"`` -> ``"outdoor-camping"``; ``"Off-White"`` -> ``"off-white"``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def picture_path(category_path: str, colours: Sequence[str]) -> str:
    """The demo picture of a product in ``category_path`` (its top category counts) whose
    first colour is ``colours[0]`` (:data:`PLAIN` without colours)."""
    top = category_path.split(">")[0]
    colour = slug(colours[0]) if colours else PLAIN
    return f"{PICTURES_PATH}{slug(top) or 'other'}/{colour or PLAIN}.svg"


def is_picture_path(url: str) -> bool:
    """Whether ``url`` is the path of a demo picture (the shape :func:`picture_path` makes)."""
    return _PATH.fullmatch(url) is not None
