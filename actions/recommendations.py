"""Recommendations: similar products, what is bought together, and suggestions for a shopper.

- ``action_similar_products``: the nearest neighbours of the referenced or focused product;
- ``action_bought_together``: co-purchase counts from the order database;
- ``action_recommend_products``: for a verified customer, products near their order
  history; otherwise the top-rated products of the focused product's category, saying so,
  or a request to verify an order first.
"""

from __future__ import annotations

import logging
from abc import ABCMeta, abstractmethod
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action

from actions.conversation import language_of, verified_order_number
from actions.product_format import clean
from actions.product_listing import (
    MAX_HISTORY,
    PAGE_SIZE,
    listing_products,
    referenced_product,
    show_listing,
)
from actions.product_reference import Reference
from actions.services import Services, get_services
from core.errors import ShopbotError

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

    from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "ActionBoughtTogether",
    "ActionRecommendProducts",
    "ActionSimilarProducts",
    "ask_which_product",
]

logger = logging.getLogger(__name__)
Events = list[dict[str, Any]]


def ask_which_product(dispatcher: CollectingDispatcher, reference: Reference) -> Events:
    """Ask which product is meant (none shown yet, or none of the listed ones named)."""
    if reference.source in ("out_of_range", "ambiguous"):
        dispatcher.utter_message(response="utter_ask_which_shown_product")
    else:
        dispatcher.utter_message(response="utter_ask_which_product")
    return []


def _unavailable(dispatcher: CollectingDispatcher, what: str) -> Events:
    logger.warning("products or orders unavailable while %s", what, exc_info=True)
    dispatcher.utter_message(response="utter_products_unavailable")
    return []


class _ProductAction(Action, metaclass=ABCMeta):
    """An action about one product: resolves it, then lists the products of its
    ``listing_kind`` (``found_response``), or says there are none (``none_response``).
    (Abstract, so that the action server does not register it.)"""

    what = "recommending"
    listing_kind = ""
    found_response = ""
    none_response = ""

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        """Resolve the product and answer; apologise when the catalog or database fails."""
        services = get_services()
        try:
            product, reference = referenced_product(tracker, services.catalog)
            if product is None:
                return ask_which_product(dispatcher, reference)
            return self.answer(dispatcher, services, product, language_of(tracker))
        except ShopbotError:
            return _unavailable(dispatcher, self.what)

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        services: Services,
        product: CatalogProduct,
        language: str,
    ) -> Events:
        """The products that fit ``product``, or the plain "none" response."""
        listing = {"kind": self.listing_kind, "product": product.id}
        found = listing_products(services, listing, PAGE_SIZE, language)
        title = clean(product.title, 120)
        if not found:
            dispatcher.utter_message(response=self.none_response, title=title)
            return []
        return show_listing(
            dispatcher, services, found, self.found_response, listing, language, title=title
        )


class ActionSimilarProducts(_ProductAction):
    """Products like the one in focus (nearest neighbours in the search index)."""

    what = "finding similar products"
    listing_kind = "similar"
    found_response = "utter_similar_products"
    none_response = "utter_no_similar_products"

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_similar_products"


class ActionBoughtTogether(_ProductAction):
    """Products that other shoppers ordered together with the one in focus (co-purchase
    counts), or "not enough orders to say"."""

    what = "reading co-purchases"
    listing_kind = "bought_together"
    found_response = "utter_bought_together"
    none_response = "utter_no_bought_together"

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_bought_together"


class ActionRecommendProducts(Action):
    """Suggestions from the verified customer's history, else top-rated in the category."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_recommend_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Events:
        """History first; then the focused category's top-rated products, saying so."""
        services = get_services()
        language = language_of(tracker)
        order_number = verified_order_number(tracker)
        try:
            if order_number:
                events = self._from_history(dispatcher, services, order_number, language)
                if events is not None:
                    return events
            product, _reference = referenced_product(tracker, services.catalog)
            return self._top_rated(dispatcher, services, product, language, bool(order_number))
        except ShopbotError:
            return _unavailable(dispatcher, "recommending")

    @staticmethod
    def _from_history(
        dispatcher: CollectingDispatcher, services: Services, order_number: str, language: str
    ) -> Events | None:
        customer = services.recommendations.customer_of_order(order_number)
        if customer is None:
            return None
        history = services.recommendations.purchased_products(customer)[:MAX_HISTORY]
        if not history:
            return None
        listing = {"kind": "history", "products": history}
        found = listing_products(services, listing, PAGE_SIZE, language)
        if not found:
            return None
        return show_listing(
            dispatcher, services, found, "utter_recommendations_history", listing, language
        )

    @staticmethod
    def _top_rated(
        dispatcher: CollectingDispatcher,
        services: Services,
        product: CatalogProduct | None,
        language: str,
        verified: bool,
    ) -> Events:
        if product is None and not verified:
            dispatcher.utter_message(response="utter_recommend_ask_verify")
            return []
        if product is not None:
            listing: dict[str, Any] = {
                "kind": "top_rated",
                "category": product.category_path,
                "exclude": [product.id],
            }
            header = "utter_top_rated_in_category"
            values = {"category": clean(product.leaf_category or product.top_category, 80)}
        else:
            listing = {"kind": "top_rated", "category": None, "exclude": []}
            header, values = "utter_top_rated_overall", {}
        found = listing_products(services, listing, PAGE_SIZE, language)
        if not found:
            dispatcher.utter_message(response="utter_no_recommendations")
            return []
        events = show_listing(dispatcher, services, found, header, listing, language, **values)
        if not verified:
            dispatcher.utter_message(response="utter_recommend_verify_hint")
        return events
