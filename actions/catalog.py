"""Products in the conversation: search, more results, and questions about a shown product.

- ``action_search_products``: the whole message goes to the search engine; results as a
  numbered list plus product cards; when nothing fits, the filters read from the message
  and how to broaden them (never unrelated products);
- ``action_more_products``: the next page of the latest listing;
- ``action_product_question``: resolves the product meant ("the second one", "the blue
  one", else the one in focus) and answers from its catalog fields only
  (:mod:`actions.product_questions`). An ``inform`` that carries an order number or an
  email (typed right after a product list) is handed on to the order form instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet

from actions.conversation import language_of
from actions.product_format import clean, product_url, shown_price
from actions.product_listing import (
    FOCUS_SLOT,
    LISTING_SLOT,
    MAX_LISTED,
    PAGE_SIZE,
    listing_products,
    message_text,
    referenced_product,
    show_listing,
    shown_ids,
)
from actions.product_questions import answer_question, parse_question
from actions.services import get_services
from core.errors import ShopbotError
from core.i18n import FILTER_WORDS, word

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

    from knowledge.search import SearchResult

__all__ = [
    "BROADEN_FILTERS",
    "ActionMoreProducts",
    "ActionProductQuestion",
    "ActionSearchProducts",
    "has_words",
]

logger = logging.getLogger(__name__)
#: Filter names the engine may suggest dropping; each has ``utter_search_broaden_<name>``.
BROADEN_FILTERS = ("price", "colours", "sizes", "categories", "brands", "in_stock")
MAX_FILTER_TEXT = 300


def has_words(text: str) -> bool:
    """True when ``text`` holds a letter or a digit (in any script)."""
    return any(char.isalnum() for char in text)


def _unavailable(dispatcher: CollectingDispatcher, what: str) -> list[dict[str, Any]]:
    logger.warning("product catalog unavailable while %s", what, exc_info=True)
    dispatcher.utter_message(response="utter_products_unavailable")
    return []


class ActionSearchProducts(Action):
    """Searches the catalog with the shopper's message and lists what fits."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_search_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """List the results, or say why nothing fits and how to broaden the search."""
        text = message_text(tracker)
        if not has_words(text):
            dispatcher.utter_message(response="utter_search_ask_what")
            return []
        language = language_of(tracker)
        services = get_services()
        try:
            result = services.catalog.search(text, language=language, k=PAGE_SIZE)
        except ShopbotError:
            return _unavailable(dispatcher, "searching")
        if result.hits:
            listing = {"kind": "search", "query": text}
            products = [hit.product for hit in result.hits]
            return show_listing(
                dispatcher, services, products, "utter_search_results", listing, language
            )
        self._no_match(dispatcher, result, language)
        return [SlotSet(LISTING_SLOT, None)]

    @staticmethod
    def _no_match(dispatcher: CollectingDispatcher, result: SearchResult, language: str) -> None:
        phrases = result.query.filters.describe(language)
        filters = clean(word(FILTER_WORDS, "list", language).join(phrases), MAX_FILTER_TEXT)
        if result.no_match == "empty":
            dispatcher.utter_message(response="utter_search_ask_what")
        elif result.no_match == "filters":
            dispatcher.utter_message(response="utter_search_no_match_filters", filters=filters)
            broaden = next((name for name in result.broaden if name in BROADEN_FILTERS), None)
            if broaden:
                dispatcher.utter_message(response=f"utter_search_broaden_{broaden}")
            else:
                dispatcher.utter_message(response="utter_search_broaden_fewer")
        elif filters:
            dispatcher.utter_message(response="utter_search_no_match_with_filters", filters=filters)
        else:
            dispatcher.utter_message(response="utter_search_no_match")


class ActionMoreProducts(Action):
    """The next page of the latest product listing."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_more_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """List up to :data:`PAGE_SIZE` products not shown yet, numbered on."""
        listing = tracker.get_slot(LISTING_SLOT)
        if not isinstance(listing, dict) or not listing.get("kind"):
            dispatcher.utter_message(response="utter_more_nothing_listed")
            return []
        previous = shown_ids(tracker)
        if len(previous) >= MAX_LISTED:
            dispatcher.utter_message(response="utter_no_more_results")
            return []
        language = language_of(tracker)
        services = get_services()
        try:
            products = listing_products(services, listing, len(previous) + PAGE_SIZE, language)
        except ShopbotError:
            return _unavailable(dispatcher, "paging")
        seen = set(previous)
        new = [product for product in products if product.id not in seen][:PAGE_SIZE]
        if not new:
            dispatcher.utter_message(response="utter_no_more_results")
            return []
        return show_listing(
            dispatcher, services, new, "utter_more_results", listing, language, previous
        )


_ORDER_ENTITIES = frozenset({"order_number", "email"})


def names_an_order(tracker: Tracker) -> bool:
    """Whether the latest message informs an order number or email (not a product pick)."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != "inform":
        return False
    return any(entity.get("entity") in _ORDER_ENTITIES for entity in message.get("entities") or [])


class ActionProductQuestion(Action):
    """Answers a question about a listed (or the focused) product from the catalog."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_product_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Resolve the product, answer, and keep it in focus."""
        if names_an_order(tracker):
            return [FollowupAction("order_form")]
        if not shown_ids(tracker) and not tracker.get_slot(FOCUS_SLOT):
            dispatcher.utter_message(response="utter_ask_which_product")
            return []
        services = get_services()
        language = language_of(tracker)
        try:
            catalog = services.catalog
            product, reference = referenced_product(tracker, catalog)
        except ShopbotError:
            return _unavailable(dispatcher, "answering a product question")
        if reference.source == "out_of_range":
            dispatcher.utter_message(
                response="utter_product_position_unknown", count=len(shown_ids(tracker))
            )
            return []
        if reference.product_id is None:
            dispatcher.utter_message(response="utter_ask_which_shown_product")
            return []
        if product is None:
            dispatcher.utter_message(response="utter_product_gone")
            return [SlotSet(FOCUS_SLOT, None)]
        text = message_text(tracker)
        url = product_url(services.settings.shop_product_url, product.id)
        question = parse_question(text, product, language)
        storefront = catalog.storefront
        answer = answer_question(product, question, url, language, storefront)
        dispatcher.utter_message(response=answer.response, **answer.values)
        shown = shown_price(product, storefront)
        if answer.shows_price and shown is not None and shown.converted:
            dispatcher.utter_message(response="utter_prices_converted")
        return [SlotSet(FOCUS_SLOT, product.id)]
