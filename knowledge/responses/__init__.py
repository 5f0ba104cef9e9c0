"""Responses in the shopper's language: the catalog of named responses per language and
the renderer behind Rasa's response generator (``bot/nlg.py``, inside the Rasa server)."""

from knowledge.responses.catalog import ResponseCatalog, Variation
from knowledge.responses.renderer import NOT_SPOKEN, NOTICE_SLOT, render

__all__ = ["NOTICE_SLOT", "NOT_SPOKEN", "ResponseCatalog", "Variation", "render"]
