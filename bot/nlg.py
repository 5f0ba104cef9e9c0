"""Responses rendered inside the Rasa server, in the conversation's language.

Rasa 3.6 loads a natural-language generator named by its class in ``endpoints.yml``::

    nlg:
      type: bot.nlg.CatalogNaturalLanguageGenerator
      responses_dir: responses      # optional; relative to the project, this is the default

Each language is written in the register the shop chose in ``SHOPBOT_RESPONSE_REGISTERS``
(``{"de": "formal"}`` reads ``responses/de.formal.yml``), read from this process's
environment by the function the action side's settings use
(:func:`core.languages.parse_response_registers`; the Rasa side may not import the
settings). An unknown language or register stops the server at start-up (``bot/server.py``
checks it before Rasa starts).

This one serves every response Rasa utters (the rules' ``utter_*`` and the custom actions'
``utter_message(response=...)`` alike) from :mod:`knowledge.responses`: English from the
trained model's domain, the other reply languages from ``responses/<language>.yml``, with
the same renderer and completeness test as before. A known shopper's greeting gets their
opening offers as its buttons (:mod:`bot.opening`). Doing it here rather than over HTTP on
the action server saves one local call per response, each carrying the whole tracker (a cost
that grew with the conversation; docs/benchmarks.md, "Fast turns").
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.opening import GREETING, KNOWN_GREETING, known_greeting
from bot.reply_language import reply_language, with_reply_language
from core.errors import ResponseError
from core.languages import (
    REPLY_LANGUAGES,
    RESPONSE_REGISTERS_VARIABLE,
    parse_response_registers,
)
from knowledge.responses import ResponseCatalog, Variation, render

__all__ = ["DEFAULT_RESPONSES_DIR", "CatalogNaturalLanguageGenerator", "tracker_view"]

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Where the translations live unless ``endpoints.yml`` names another folder.
DEFAULT_RESPONSES_DIR = PROJECT_ROOT / "responses"


class CatalogNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Named responses in the ``language`` slot's language (English when missing).

    A subclass of Rasa's templated generator because Rasa hands that one the responses of
    each model it loads (``Agent.load_model`` sets ``responses``; the server creates its
    generator before the model is loaded, with an empty domain): setting them here rebuilds
    the catalog, translations included."""

    def __init__(self, endpoint_config: EndpointConfig | None, domain: Domain | None) -> None:
        options = (endpoint_config.kwargs if endpoint_config else None) or {}
        folder = Path(str(options.get("responses_dir") or DEFAULT_RESPONSES_DIR))
        self.responses_dir = folder if folder.is_absolute() else PROJECT_ROOT / folder
        #: The shop's register per language (ConfigurationError when it names an unknown one).
        self.registers = parse_response_registers(os.environ.get(RESPONSE_REGISTERS_VARIABLE))
        super().__init__(domain.responses if domain else {})

    @property
    def responses(self) -> dict[str, list[dict[str, Any]]]:
        """The English responses (the model's domain)."""
        return self._responses

    @responses.setter
    def responses(self, responses: dict[str, list[dict[str, Any]]]) -> None:
        self._responses = responses
        english: dict[str, list[Variation]] = {name: list(v) for name, v in responses.items()}
        self.catalog = ResponseCatalog.with_english(
            english, self.responses_dir, REPLY_LANGUAGES, self.registers
        )
        if responses:
            logger.info(
                "responses rendered in-process: %d names in %s (registers: %s)",
                len(self.catalog.names()),
                ", ".join(self.catalog.languages),
                ", ".join(f"{k} {v}" for k, v in self.catalog.registers.items()) or "none",
            )

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """The message for ``utter_action`` with the language it is written in
        (:mod:`bot.reply_language`); None (Rasa then sends nothing) when unknown.

        ``kwargs`` are the action's arguments, plus the domain's responses for a rule's
        ``utter_*`` (Rasa's own generators read them; the catalog already holds them)."""
        kwargs.pop("domain_responses", None)
        view = tracker_view(tracker)
        try:
            message = None
            if utter_action == GREETING:
                message = self._known_greeting(view, output_channel)
            if message is None:
                message = render(self.catalog, utter_action, kwargs, view, output_channel)
        except ResponseError:
            logger.warning("no response named %s", utter_action[:80])
            return None
        language = reply_language(view["slots"].get("language"), self.catalog.languages)
        return with_reply_language(message, language)

    def _known_greeting(self, view: dict[str, Any], channel: str) -> dict[str, Any] | None:
        """The known shopper's greeting (:mod:`bot.opening`), or ``None``. Only the greeting's
        own text may carry the once-only language notice, not its buttons' titles."""
        quiet = {"slots": view["slots"], "events": []}

        def render_one(name: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
            seen = view if name == KNOWN_GREETING else quiet
            return render(self.catalog, name, arguments, seen, channel)

        return known_greeting(render_one, view["slots"])


def tracker_view(tracker: DialogueStateTracker) -> dict[str, Any]:
    """What the renderer reads of a tracker: the slots, and the events since the shopper's
    latest message (the once-only notice looks no further back)."""
    recent: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        recent.append(event.as_dict())
        if isinstance(event, UserUttered):
            break
    recent.reverse()
    return {"slots": tracker.current_slot_values(), "events": recent}
