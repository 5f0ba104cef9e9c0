"""The intents and entities a correction may name: the domain's (``domain.yml``).

A correction that names an intent the model cannot learn (a typo, an intent dropped from
the domain) would only break the next training run, so it is refused at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.errors import AnnotationError, ConfigurationError

__all__ = ["Vocabulary"]


def _names(entries: Any) -> tuple[str, ...]:
    """The names of a domain list: plain names, or one-key mappings (``{name: {...}}``)."""
    names: list[str] = []
    for entry in entries or ():
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            names.append(str(next(iter(entry))))
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Vocabulary:
    """The intents and entities of the domain, in the domain's order."""

    intents: tuple[str, ...]
    entities: tuple[str, ...]

    @classmethod
    def of(cls, intents: Iterable[str], entities: Iterable[str]) -> Vocabulary:
        """A vocabulary of these names (tests, other domains)."""
        return cls(tuple(dict.fromkeys(intents)), tuple(dict.fromkeys(entities)))

    @classmethod
    def from_domain(cls, domain_file: Path) -> Vocabulary:
        """Read ``domain_file``; :class:`ConfigurationError` when it cannot be read."""
        try:
            domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigurationError(f"cannot read the domain {domain_file.name}") from error
        if not isinstance(domain, dict):
            raise ConfigurationError(f"the domain {domain_file.name} is not a mapping")
        return cls(_names(domain.get("intents")), _names(domain.get("entities")))

    def intent(self, name: Any) -> str:
        """``name`` when it is an intent of the domain, else :class:`AnnotationError`."""
        if not isinstance(name, str) or name not in self.intents:
            raise AnnotationError("choose an intent of the domain")
        return name

    def entity(self, name: Any) -> str:
        """``name`` when it is an entity of the domain, else :class:`AnnotationError`."""
        if not isinstance(name, str) or name not in self.entities:
            raise AnnotationError("choose an entity of the domain")
        return name
