"""The bot's responses by name and language.

English is the ``responses:`` section of ``domain.yml`` (Rasa validates and trains on it);
every other reply language has ``responses/<language>.yml`` with the same names::

    language: es
    register: informal          # the form of address of this file: formal or informal
    responses:
      utter_greet:
        - text: "¡Hola! ..."
          buttons: [{title: "...", payload: /order_status}]

A name missing from a translation falls back to English, so a half-translated language
still answers; the translation test (``tests/unit/test_response_translations.py``) keeps
the shipped files complete.

``<language>.yml`` is the language's default register; a language written in both
(:data:`core.languages.REGISTER_LANGUAGES`) has the other one in
``responses/<language>.<register>.yml`` (``de.formal.yml``), used when the shop chose it
(``SHOPBOT_RESPONSE_REGISTERS``, :func:`core.languages.parse_response_registers`). Every
file says which register it is written in; :mod:`knowledge.responses.register` checks that
its words keep to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.errors import ResponseError
from core.languages import REGISTERS

__all__ = ["ResponseCatalog", "Variation"]

Variation = Mapping[str, Any]


@dataclass(frozen=True)
class ResponseCatalog:
    """Variations of each response, per language; English is the fallback."""

    by_language: Mapping[str, Mapping[str, list[Variation]]]
    default_language: str = "en"
    #: The register of each translation in use (``formal`` or ``informal``), as its file says.
    registers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        domain_file: Path,
        responses_dir: Path,
        languages: Iterable[str] = (),
        registers: Mapping[str, str] | None = None,
    ) -> ResponseCatalog:
        """English from ``domain_file``, translations from ``responses_dir`` for each of
        ``languages`` that has a file, in the ``registers`` the shop chose (raises
        :class:`ResponseError`)."""
        return cls.with_english(
            _responses(_read(domain_file), domain_file), responses_dir, languages, registers
        )

    @classmethod
    def with_english(
        cls,
        english: Mapping[str, list[Variation]],
        responses_dir: Path,
        languages: Iterable[str] = (),
        registers: Mapping[str, str] | None = None,
    ) -> ResponseCatalog:
        """``english`` (the domain's responses, as a trained model holds them) with the
        translations from ``responses_dir/<language>.yml`` for each of ``languages`` that
        has a file; for a language whose register in ``registers`` (the shop's choice,
        :func:`core.languages.parse_response_registers`) is not its default file's, from
        ``responses_dir/<language>.<register>.yml``, which must then exist (raises
        :class:`ResponseError`)."""
        catalog: dict[str, Mapping[str, list[Variation]]] = {"en": english}
        used: dict[str, str] = {}
        chosen = registers or {}
        for language in languages:
            path = responses_dir / f"{language}.yml"
            if language == "en" or not path.exists():
                continue
            document = _read(path)
            _check_header(document, path, language)
            wanted = chosen.get(language)
            if wanted and wanted != document.get("register"):
                path = responses_dir / f"{language}.{wanted}.yml"
                if not path.exists():
                    raise ResponseError(
                        f"the shop chose the {wanted} register for {language!r}, but "
                        f"{path.name} does not exist"
                    )
                document = _read(path)
                _check_header(document, path, language, wanted)
            catalog[language] = _responses(document, path)
            if document.get("register"):
                used[language] = str(document["register"])
        return cls(catalog, registers=used)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with responses, English first."""
        return tuple(self.by_language)

    def names(self) -> frozenset[str]:
        """Every response name (the English ones)."""
        return frozenset(self.by_language[self.default_language])

    def variations(self, name: str, language: str) -> tuple[str, list[Variation]]:
        """The language actually used and its variations of ``name`` (English when the
        language or the name is missing there; :class:`ResponseError` for unknown names)."""
        translated = self.by_language.get(language, {})
        if name in translated:
            return language, translated[name]
        english = self.by_language[self.default_language]
        if name not in english:
            raise ResponseError(f"unknown response {name!r}")
        return self.default_language, english[name]


def _read(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ResponseError(f"cannot read {path.name}: {error}") from error
    if not isinstance(document, dict):
        raise ResponseError(f"{path.name} is not a YAML mapping")
    return document


def _check_header(
    document: Mapping[str, Any], path: Path, language: str, register: str | None = None
) -> None:
    """``language:`` must be ``language``; ``register:``, when there (the shipped files all
    have one), one of :data:`REGISTERS`, and ``register`` when that is given."""
    if document.get("language") != language:
        raise ResponseError(f"{path.name}: 'language' must be {language!r}")
    found = document.get("register")
    if register is not None and found != register:
        raise ResponseError(f"{path.name}: 'register' must be {register!r}")
    if found is not None and found not in REGISTERS:
        raise ResponseError(f"{path.name}: 'register' must be {' or '.join(REGISTERS)}")


def _responses(document: Mapping[str, Any], path: Path) -> dict[str, list[Variation]]:
    responses = document.get("responses")
    if not isinstance(responses, dict):
        raise ResponseError(f"{path.name} has no 'responses' mapping")
    result: dict[str, list[Variation]] = {}
    for name, variations in responses.items():
        if not isinstance(variations, list) or not all(isinstance(v, dict) for v in variations):
            raise ResponseError(f"{path.name}: {name} must be a list of variations")
        result[str(name)] = variations
    return result
