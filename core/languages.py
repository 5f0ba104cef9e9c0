"""Which languages the bot speaks: the one list of reply languages, and their locales.

Everything that needs the list imports it from here: the settings' default
(``SHOPBOT_REPLY_LANGUAGES``), the words the bot writes (:mod:`core.i18n`), the language
detector's spoken languages (:mod:`knowledge.language`), the words the bot reads
(:mod:`knowledge.words`) and the tests. The chat widget (``web/widget/shopbot-widget.js``)
keeps its own copy for its interface strings; ``tests/web/test_widget_languages.py`` fails
when the two differ. Pure Python: the Rasa server imports it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "DEFAULT_LANGUAGE",
    "LOCALES",
    "OTHER_REPLY_LANGUAGES",
    "REPLY_LANGUAGES",
    "UNSPACED_LANGUAGES",
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
