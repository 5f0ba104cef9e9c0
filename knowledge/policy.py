"""The store policy document: facts from ``store.yml``, text from ``<language>.md``.

A document in another language reads ``{support.hours}`` from
``support.hours_by_language`` and decimals with its locale's separator ("4,95").

Each ``## topic`` section of a policy document answers one kind of question; ``{name}``
and ``{group.name}`` fields are filled from the facts, so the text and the bot's decisions
(return window, refund times) come from the same numbers. A language written in two
registers may have its other register in ``<language>.<register>.md`` (``de.formal.md``),
read when the shop chose that register (docs/language.md, "Formal or informal").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal

from core.errors import PolicyError
from core.i18n import LOCALES

__all__ = ["DEFAULT_LANGUAGE", "TOPICS", "PolicyDocument", "StoreFacts", "load_policy"]

DEFAULT_LANGUAGE = "en"
TOPICS = (
    "shipping",
    "returns",
    "return_instructions",
    "payment",
    "warranty",
    "contact",
    "refund_note",
)
_SECTION = re.compile(r"^## +(\w+)\s*$", re.MULTILINE)
_FIELD = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


@dataclass(frozen=True)
class StoreFacts:
    """The numbers and names the policy is made of."""

    raw: dict[str, Any]

    @property
    def return_window_days(self) -> int:
        """Days after delivery during which items may be returned."""
        return int(self.raw["return_window_days"])

    @property
    def support(self) -> dict[str, Any]:
        """Support contact details and opening hours."""
        return dict(self.raw["support"])

    def support_hours(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The opening hours as ``language`` writes them (``support.hours_by_language``),
        else as ``support.hours`` does (English)."""
        support = self.support
        localised = support.get("hours_by_language") or {}
        text = localised.get(language) if language != DEFAULT_LANGUAGE else None
        return str(text or support["hours"])

    def lookup(self, dotted: str, language: str = DEFAULT_LANGUAGE) -> Any:
        """The fact at ``dotted`` (``"shipping.standard_cost"``); PolicyError if missing.
        ``support.hours`` is read in ``language``."""
        support = self.raw.get("support")
        if dotted == "support.hours" and isinstance(support, dict) and "hours" in support:
            return self.support_hours(language)
        value: Any = self.raw
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                raise PolicyError(f"store.yml has no fact {dotted!r}")
            value = value[part]
        return value


@dataclass(frozen=True)
class PolicyDocument:
    """The policy text of one language, by topic, with its facts filled in."""

    language: str
    facts: StoreFacts
    sections: dict[str, str]

    def answer(self, topic: str) -> str:
        """The text of ``topic``; PolicyError when the document lacks it."""
        try:
            return self.sections[topic]
        except KeyError:
            raise PolicyError(f"policy {self.language!r} has no section {topic!r}") from None


def _fact_text(value: Any, language: str) -> str:
    """A fact as ``language`` writes it: decimals with the locale's separator ("4,95")."""
    if language != DEFAULT_LANGUAGE and isinstance(value, float):
        return format_decimal(value, format="0.00", locale=LOCALES.get(language, language))
    return str(value)


def _fill(text: str, facts: StoreFacts, language: str = DEFAULT_LANGUAGE) -> str:
    return _FIELD.sub(
        lambda match: _fact_text(facts.lookup(match.group(1), language), language), text
    )


def _parse_sections(
    markdown: str, facts: StoreFacts, language: str = DEFAULT_LANGUAGE
) -> dict[str, str]:
    parts = _SECTION.split(markdown)
    # parts = [preamble, topic1, body1, topic2, body2, ...]
    return {
        topic: _fill(" ".join(body.split()), facts, language)
        for topic, body in zip(parts[1::2], parts[2::2], strict=True)
    }


@lru_cache(maxsize=16)
def load_policy(
    directory: Path, language: str = DEFAULT_LANGUAGE, register: str | None = None
) -> PolicyDocument:
    """Load the policy of ``language`` from ``directory``, falling back to English.

    ``register`` is the shop's choice for the language (``Settings.response_registers``):
    ``<language>.<register>.md`` when there is one (``de.formal.md``), else ``<language>.md``,
    which is written in the register of ``responses/<language>.yml``."""
    facts_path = directory / "store.yml"
    document_path = directory / f"{language}.md"
    chosen = directory / f"{language}.{register}.md"
    if register and chosen.exists():
        document_path = chosen
    if not document_path.exists():
        document_path = directory / f"{DEFAULT_LANGUAGE}.md"
        language = DEFAULT_LANGUAGE
    try:
        facts = StoreFacts(yaml.safe_load(facts_path.read_text(encoding="utf-8")))
        sections = _parse_sections(document_path.read_text(encoding="utf-8"), facts, language)
    except (OSError, yaml.YAMLError) as error:
        raise PolicyError(f"cannot read the store policy in {directory}: {error}") from error
    missing = [topic for topic in TOPICS if topic not in sections]
    if missing:
        raise PolicyError(f"policy {language!r} lacks sections: {', '.join(missing)}")
    return PolicyDocument(language=language, facts=facts, sections=sections)
