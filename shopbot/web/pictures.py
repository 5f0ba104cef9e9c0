"""The demo catalog's product pictures on the web server:
``GET /images/products/<category>/<colour>.svg`` (:mod:`knowledge.catalog.pictures`).

Each picture is drawn on first request (:mod:`knowledge.catalog.picture_art`) and is the
same for the same name, so browsers may keep it a week and revalidate with its ETag. Shop
pages on other origins show them in the widget: ``Cross-Origin-Resource-Policy:
cross-origin`` lets them. Unknown names are 404.
"""

from __future__ import annotations

import hashlib

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty, json, raw

from knowledge.catalog.picture_art import picture_svg
from knowledge.catalog.pictures import PICTURES_PATH

__all__ = ["CACHE_CONTROL", "CONTENT_TYPE", "pictures_blueprint"]

CONTENT_TYPE = "image/svg+xml"
CACHE_CONTROL = "public, max-age=604800"


def pictures_blueprint() -> Blueprint:
    """The blueprint serving the demo pictures."""
    blueprint = Blueprint("demo_pictures")
    blueprint.add_route(
        _picture, PICTURES_PATH + "<category:str>/<name:str>", methods=["GET", "HEAD"]
    )
    return blueprint


async def _picture(request: Request, category: str, name: str) -> HTTPResponse:
    """The picture ``<category>/<name>`` (``<colour>.svg``), 304 when the browser has it."""
    colour = name[: -len(".svg")] if name.endswith(".svg") else None
    drawing = picture_svg(category, colour) if colour else None
    if drawing is None:
        return json({"error": "not found"}, status=404)
    body = drawing.encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    headers = {
        "Cache-Control": CACHE_CONTROL,
        "ETag": tag,
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if request.headers.get("if-none-match") == tag:
        return empty(status=304, headers=headers)
    return raw(body, content_type=CONTENT_TYPE, headers=headers)
