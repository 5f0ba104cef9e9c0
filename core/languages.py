"""Which languages the bot speaks: the one list of reply languages, and their locales.

Everything that needs the list imports it from here: the settings' default
(``SHOPBOT_REPLY_LANGUAGES``), the words the bot writes (:mod:`core.i18n`), the language
detector's spoken languages (:mod:`knowledge.language`), the words the bot reads
(:mod:`knowledge.words`) and the tests. The chat widget (``web/widget/shopbot-widget.js``)
keeps its own copy for its interface strings; ``tests/web/test_widget_languages.py`` fails
when the two differ. Pure Python: the Rasa server imports it too.

It also holds the shop's choice of register (formal or informal address) per language,
``SHOPBOT_RESPONSE_REGISTERS``, read by the settings on the action side and by the response
generator inside the Rasa server (``bot/nlg.py``), both through
:func:`parse_response_registers` (docs/language.md, "Formal or informal").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType

from core.errors import ConfigurationError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LOCALES",
    "OTHER_REPLY_LANGUAGES",
    "REGISTERS",
    "REGISTER_LANGUAGES",
    "REPLY_LANGUAGES",
    "RESPONSE_REGISTERS_VARIABLE",
    "UNSPACED_LANGUAGES",
    "parse_response_registers",
]

#: The languages the bot answers in, English first. Any other language gets English.
REPLY_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "it", "pt", "nl", "zh")

#: The language of the reference texts, and of every answer in a language not spoken.
DEFAULT_LANGUAGE = "en"

#: The reply languages other than English.
OTHER_REPLY_LANGUAGES: tuple[str, ...] = tuple(
    language for language in REPLY_LANGUAGES if language != DEFAULT_LANGUAGE
)

#: The reply languages written without spaces between words: their words are found
#: anywhere in a message, the others' as whole words.
UNSPACED_LANGUAGES: frozenset[str] = frozenset({"zh"})

#: The CLDR locale of each reply language (numbers, currencies, dates).
LOCALES: Mapping[str, str] = MappingProxyType({
    "en": "en_GB", "es": "es_ES", "fr": "fr_FR", "de": "de_DE", "it": "it_IT", "pt": "pt_PT",
    "nl": "nl_NL", "zh": "zh_CN",
})  # fmt: skip

#: The two ways of addressing the shopper: "formal" (Sie, vous, u, usted, Lei, você) and
#: "informal" (du, tu, je, tú, tu, tu).
REGISTERS: tuple[str, ...] = ("formal", "informal")

#: The reply languages written in either register; the shop chooses one per language
#: (``responses/<language>.yml`` is the default one, ``<language>.<register>.yml`` the other).
#: English has one form of address; Chinese is always written with the polite 您.
REGISTER_LANGUAGES: tuple[str, ...] = ("de", "es", "fr", "it", "nl", "pt")

#: The environment variable that holds the shop's choice, a JSON object such as
#: ``{"de": "formal"}``. The settings read it (``Settings.response_registers``) and so does
#: the Rasa server's response generator, which may not import the settings.
RESPONSE_REGISTERS_VARIABLE = "SHOPBOT_RESPONSE_REGISTERS"


def parse_response_registers(value: str | Mapping[str, object] | None) -> dict[str, str]:
    """The shop's register per language from ``SHOPBOT_RESPONSE_REGISTERS`` (a JSON object,
    or the mapping already decoded); empty or unset: every language's default file.

    Raises :class:`ConfigurationError` naming the variable when it is not a JSON object,
    names a language that is not written in two registers (:data:`REGISTER_LANGUAGES`), or
    a register other than :data:`REGISTERS`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    choice: object = value
    if isinstance(value, str):
        try:
            choice = json.loads(value)
        except ValueError:
            choice = None
    if not isinstance(choice, Mapping):
        raise ConfigurationError(
            f'{RESPONSE_REGISTERS_VARIABLE} must be a JSON object such as {{"de": "formal"}}'
        )
    registers: dict[str, str] = {}
    for language, register in choice.items():
        code = str(language).strip().lower()
        if code not in REGISTER_LANGUAGES:
            # Only a language-like code is repeated (settings never echo arbitrary values).
            named = repr(code) if code.isalpha() and len(code) <= 3 else "a key"
            raise ConfigurationError(
                f"{RESPONSE_REGISTERS_VARIABLE}: {named} is not a language written in two "
                f"registers (one of {', '.join(REGISTER_LANGUAGES)})"
            )
        if not isinstance(register, str) or register.strip().lower() not in REGISTERS:
            raise ConfigurationError(
                f"{RESPONSE_REGISTERS_VARIABLE}: the register of {code!r} must be "
                f"{' or '.join(REGISTERS)}"
            )
        registers[code] = register.strip().lower()
    return registers
