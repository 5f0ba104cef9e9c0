"""Showing a list of products and paging through it, for every action that lists some.

A listing is a numbered text message (named header response + ``{products}``) followed, in
the same turn, by the ``product_cards`` custom payload, and by ``utter_prices_converted``
when a price was converted into the storefront currency. Three slots remember it:

- ``shown_products``: the ids listed so far, in list order (pages append, numbering goes on);
- ``focused_product``: the first product of the latest page;
- ``product_listing``: how to fetch the list again for "show me more"
  (``{"kind": "search", "query": ...}``, ``{"kind": "similar", "product": ...}``,
  ``bought_together``, ``history`` or ``top_rated``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rasa_sdk.events import SlotSet

from actions.conversation import language_of
from actions.feedback import SATISFACTION_DUE
from actions.product_format import any_converted, format_list, product_cards
from actions.product_reference import Reference, lookup_products, resolve_product
from actions.services import Services

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from knowledge.catalog.schema import CatalogProduct
    from knowledge.search import ProductSearch

__all__ = [
    "FOCUS_SLOT",
    "LISTING_SLOT",
    "MAX_LISTED",
    "MAX_QUERY_CHARACTERS",
    "PAGE_SIZE",
    "SHOWN_SLOT",
    "listing_products",
    "message_text",
    "referenced_product",
    "show_listing",
    "shown_ids",
    "top_rated",
]

logger = logging.getLogger(__name__)
SHOWN_SLOT = "shown_products"
FOCUS_SLOT = "focused_product"
LISTING_SLOT = "product_listing"
PAGE_SIZE = 5
#: No listing pages beyond this many products ("that's everything I found").
MAX_LISTED = 50
#: What is kept of a message for searching (the engine reads at most its own limit).
MAX_QUERY_CHARACTERS = 500
#: Past purchases that make up a customer's history.
MAX_HISTORY = 20
Listing = dict[str, Any]


def message_text(tracker: Tracker) -> str:
    """The shopper's latest message, cut at :data:`MAX_QUERY_CHARACTERS`; empty for a
    button's intent payload ("/search_product"), which holds no words to search for."""
    text = str((tracker.latest_message or {}).get("text") or "")
    if text.startswith("/"):
        return ""
    return text[:MAX_QUERY_CHARACTERS]


def shown_ids(tracker: Tracker) -> list[str]:
    """The ids in ``shown_products`` (empty when nothing was listed)."""
    value = tracker.get_slot(SHOWN_SLOT)
    if not isinstance(value, list | tuple):
        return []
    return [str(item) for item in value if item]


def referenced_product(
    tracker: Tracker, catalog: ProductSearch
) -> tuple[CatalogProduct | None, Reference]:
    """The product the latest message points at (a position, a name, else the focus)."""
    shown = lookup_products(shown_ids(tracker), catalog.get)
    focused = tracker.get_slot(FOCUS_SLOT)
    reference = resolve_product(
        message_text(tracker), shown, str(focused) if focused else None, language_of(tracker)
    )
    product = catalog.get(reference.product_id) if reference.product_id else None
    return product, reference


def show_listing(
    dispatcher: CollectingDispatcher,
    services: Services,
    products: Sequence[CatalogProduct],
    header: str,
    listing: Listing,
    language: str,
    previous: Sequence[str] = (),
    **values: Any,
) -> list[dict[str, Any]]:
    """Utter ``header`` with the numbered list (numbers go on after ``previous``), the
    sold-out legend when needed, the cards and, when a price was converted into the
    storefront currency, the note that says so; return the slot events."""
    template = services.settings.shop_product_url
    storefront = services.catalog.storefront
    text = format_list(products, template, language, len(previous) + 1, storefront)
    dispatcher.utter_message(response=header, products=text, **values)
    if any(not product.in_stock() for product in products):
        dispatcher.utter_message(response="utter_sold_out_legend")
    cards = product_cards(products, template, language, storefront)
    dispatcher.utter_message(json_message=cards)
    if any_converted(products, storefront):
        dispatcher.utter_message(response="utter_prices_converted")
    served = [SlotSet(SATISFACTION_DUE, True)] if services.settings.ask_satisfaction else []
    return [
        SlotSet(SHOWN_SLOT, [*previous, *(product.id for product in products)]),
        SlotSet(FOCUS_SLOT, products[0].id),
        SlotSet(LISTING_SLOT, listing),
        *served,
    ]


def top_rated(
    products: Sequence[CatalogProduct],
    k: int,
    category_path: str | None = None,
    exclude: Sequence[str] = (),
) -> list[CatalogProduct]:
    """The best-rated products in stock (of one category path when given), best first."""
    skip = set(exclude)
    chosen = [
        product
        for product in products
        if product.id not in skip
        and product.in_stock()
        and product.price is not None
        and product.rating is not None
        and (category_path is None or product.category_path == category_path)
    ]
    chosen.sort(key=lambda product: (-(product.rating or 0.0), product.id))
    return chosen[:k]


def listing_products(
    services: Services, listing: Listing, count: int, language: str
) -> list[CatalogProduct]:
    """The first ``count`` products of a listing, fetched again (for paging)."""
    catalog = services.catalog
    kind = listing.get("kind")
    if kind == "search":
        query = str(listing.get("query") or "")
        result = catalog.search(query, language=language, k=count)
        return [hit.product for hit in result.hits]
    if kind == "similar":
        return [hit.product for hit in catalog.similar(str(listing.get("product")), k=count)]
    if kind == "history":
        history = [str(item) for item in listing.get("products") or []][:MAX_HISTORY]
        return [hit.product for hit in catalog.for_history(history, k=count)]
    if kind == "bought_together":
        pairs = services.recommendations.bought_together(str(listing.get("product")), count)
        return lookup_products((product_id for product_id, _count in pairs), catalog.get)
    if kind == "top_rated":
        category = listing.get("category")
        exclude = [str(item) for item in listing.get("exclude") or []]
        return top_rated(catalog.products, count, str(category) if category else None, exclude)
    logger.warning("unknown product listing kind %r", kind)
    return []
