"""The words of query understanding: one table per language, plus a common one.

Each table maps a role to the phrases that play it (lower case, several words allowed; the
parser tokenises them with the language's own tokenizer). The language tables are the
``QUERY`` of each language's module in :mod:`knowledge.words` (to teach a language a word,
add it to a role there); :data:`COMMON` holds the symbols, codes and units of every language.

Price roles: ``max_before`` / ``min_before`` / ``around_before`` come before an amount
("under 50"), ``max_after`` / ``min_after`` / ``around_after`` after it ("50 or less",
"100元以下"); ``between`` + ``between_joiners`` ("between 50 and 100"), ``range_joiners``
("50 to 100"), ``between_after`` ("之间"); ``currencies`` maps a word to its ISO code (None:
a money word that names no currency, like "元", used for any money). A number next to
``units`` or after ``age_words`` is not a price. Sizes: ``size_cues`` ("size 43"),
``size_after`` ("43码", "king size"), ``in_words`` and ``articles`` ("in a 42"). Colours:
``colours`` maps local forms (alternatives joined by ``|``) to an English colour,
``colour_endings`` are appended to each form ("schwarz" + "e"), ``colour_after`` makes a
context ("cream colour"). Text: ``stock`` ("in stock"), ``filler`` ("show me"),
``lead_ins`` (removed with a price, size or stock phrase right after them: "for under
50"), ``connectors`` (dropped when left dangling: "and").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from knowledge.words import WORDS, LanguageTable

__all__ = [
    "AMBIGUOUS_COLOURS",
    "BASE_COLOURS",
    "COMMON",
    "PHRASE_ROLES",
    "TABLES",
    "LanguageTable",
    "Lexicon",
    "lexicon_for",
]

#: The roles whose values are phrases.
PHRASE_ROLES = (
    "max_before", "min_before", "around_before", "max_after", "min_after", "around_after",
    "between", "between_joiners", "range_joiners", "between_after", "units", "age_words",
    "size_cues", "size_after", "in_words", "articles", "colour_after", "stock", "filler",
    "lead_ins", "connectors", "colour_endings",
)  # fmt: skip

#: A plain base colour maps to every catalog colour that has it as a word ("blue" -> "Blue",
#: "Navy Blue", ...). Other single-word colours ("Turquoise") map to themselves only.
BASE_COLOURS = ("black", "white", "grey", "blue", "green", "red", "pink", "purple", "yellow",
                "orange", "brown", "beige", "gold", "silver")  # fmt: skip

#: Catalog colours that are also everyday words ("light jacket", "face cream"): they count
#: as colours only in a colour context ("in cream", "cream colour").
AMBIGUOUS_COLOURS = ("light", "medium", "deep", "fair", "natural", "clear", "cream", "sand",
                     "oat", "pastel", "sunset", "berry", "plum", "amber", "copper", "tan",
                     "rosewood", "classic", "mirror")  # fmt: skip

# fmt: off
#: Symbols, ISO codes and units understood in every language.
COMMON: LanguageTable = {
    "max_before": ("<", "≤", "<="),
    "min_before": (">", "≥", ">="),
    "around_before": ("~", "≈", "ca.", "ca"),
    "min_after": ("+",),
    "range_joiners": ("-", "\u2013", "\u2014", "~"),
    "size_cues": ("eu", "uk", "us", "eur"),
    "units": ("l", "ml", "cl", "dl", "gb", "tb", "mb", "mah", "wh", "w", "kw", "v", "cm", "mm",
              "km", "m", "kg", "g", "mg", "lb", "lbs", "oz", "mp", "%", "x", "hz", "db", "°",
              "°c", "°f", "ft", "yo", "yrs", "yr", "pcs", "pc", "h", "hrs", "min"),
    "currencies": {"€": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
                   "£": "GBP", "gbp": "GBP"},
}
# fmt: on

#: The per-language tables by ISO 639-1 code (English is the reference): each language's
#: ``QUERY`` in :mod:`knowledge.words`.
TABLES: dict[str, LanguageTable] = {language: words.query for language, words in WORDS.items()}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """:data:`COMMON` merged with one language's table, colour forms spelled out."""

    language: str
    phrases: Mapping[str, tuple[str, ...]]
    currencies: Mapping[str, str | None]
    colours: Mapping[str, str]

    def get(self, role: str) -> tuple[str, ...]:
        """The phrases of ``role`` (empty when the language has none)."""
        return self.phrases.get(role, ())


def _phrases(table: LanguageTable, role: str) -> tuple[str, ...]:
    values = table.get(role, ())
    return values if isinstance(values, tuple) else ()


def _mapping(table: LanguageTable, role: str) -> dict[str, str | None]:
    values = table.get(role, {})
    return values if isinstance(values, dict) else {}


def _colour_forms(table: LanguageTable) -> dict[str, str]:
    """Every spelled-out form of the table's colours ("schwarz" + endings) -> English."""
    endings = ("", *_phrases(table, "colour_endings"))
    forms: dict[str, str] = {}
    for alternatives, english in _mapping(table, "colours").items():
        for form in alternatives.split("|"):
            for ending in endings:
                forms.setdefault(form.strip().lower() + ending, str(english))
    return forms


@cache
def lexicon_for(language: str) -> Lexicon:
    """The merged lexicon of ``language`` (ISO 639-1); only :data:`COMMON` for others."""
    own = TABLES.get(language, {})
    phrases = {
        role: tuple(dict.fromkeys(_phrases(COMMON, role) + _phrases(own, role)))
        for role in PHRASE_ROLES
    }
    currencies = {**_mapping(COMMON, "currencies"), **_mapping(own, "currencies")}
    return Lexicon(language, phrases, currencies, _colour_forms(own))
