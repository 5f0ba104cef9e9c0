"""The store policy document: facts from ``store.yml``, text from ``<language>.md``.

Each ``## topic`` section of a policy document answers one kind of question; ``{name}``
and ``{group.name}`` fields are filled from the facts, so the text and the bot's decisions
(return window, refund times) come from the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from shopbot.errors import PolicyError

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

    def lookup(self, dotted: str) -> Any:
        """The fact at ``dotted`` (``"shipping.standard_cost"``); PolicyError if missing."""
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


def _fill(text: str, facts: StoreFacts) -> str:
    return _FIELD.sub(lambda match: str(facts.lookup(match.group(1))), text)


def _parse_sections(markdown: str, facts: StoreFacts) -> dict[str, str]:
    parts = _SECTION.split(markdown)
    # parts = [preamble, topic1, body1, topic2, body2, ...]
    return {
        topic: _fill(" ".join(body.split()), facts)
        for topic, body in zip(parts[1::2], parts[2::2], strict=True)
    }


@lru_cache(maxsize=16)
def load_policy(directory: Path, language: str = DEFAULT_LANGUAGE) -> PolicyDocument:
    """Load the policy of ``language`` from ``directory``, falling back to English."""
    facts_path = directory / "store.yml"
    document_path = directory / f"{language}.md"
    if not document_path.exists():
        document_path = directory / f"{DEFAULT_LANGUAGE}.md"
        language = DEFAULT_LANGUAGE
    try:
        facts = StoreFacts(yaml.safe_load(facts_path.read_text(encoding="utf-8")))
        sections = _parse_sections(document_path.read_text(encoding="utf-8"), facts)
    except (OSError, yaml.YAMLError) as error:
        raise PolicyError(f"cannot read the store policy in {directory}: {error}") from error
    missing = [topic for topic in TOPICS if topic not in sections]
    if missing:
        raise PolicyError(f"policy {language!r} lacks sections: {', '.join(missing)}")
    return PolicyDocument(language=language, facts=facts, sections=sections)
