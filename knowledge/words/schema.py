"""The shape of one language's words: :class:`ShopperWords`, and the query lexicon's table.

Each language module (``en.py``, ``es.py``, ...) defines one upper-case constant per field
(``ORDINALS`` for ``ordinals``, ...); :mod:`knowledge.words` builds the container from it.
A field that a language does not need is empty there (English has no ``ordinal_prefixes``,
Chinese no ``stopwords``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["LanguageTable", "ShopperWords"]

#: The query lexicon of one language: role -> phrases, and "currencies" / "colours" -> a
#: mapping (:mod:`knowledge.query.lexicon` documents the roles).
LanguageTable = dict[str, tuple[str, ...] | dict[str, str | None]]


@dataclass(frozen=True, slots=True)
class ShopperWords:
    """The words the bot reads in one language's messages.

    Words of languages other than English are stored without accents where their readers
    compare them with folded text (:func:`core.text.fold`); Chinese words are matched
    anywhere, the others as whole words.
    """

    language: str

    # --- Which listed item a message means ("the second one", "número 3", "第二个") ---
    #: Ordinal forms by position: the i-th entry holds the forms of position i + 1.
    ordinals: tuple[str, ...]
    #: Number words, as written ("fünf"), and their value.
    numbers: Mapping[str, int]
    #: Words before a number that make it a list position ("number 2", "nº 2").
    number_cues: tuple[str, ...]
    #: Words before a number that make it an ordinal ("第" in "第二个").
    ordinal_prefixes: tuple[str, ...]
    #: Measure words after an ordinal ("个" in "第二个"), in the order they are tried.
    counters: tuple[str, ...]
    #: Words after which an ordinal is no position ("a second", "un segundo").
    not_ordinal_after: tuple[str, ...]
    #: Words and phrases that name the last item ("last", "dernier", "最后一个").
    last_words: tuple[str, ...]
    #: Words that select every item of an order ("all", "todos").
    all_words: tuple[str, ...]
    #: Phrases that select every item ("all of them", "les deux", "全部").
    all_phrases: tuple[str, ...]
    #: Articles and demonstratives that point at a product by its colour ("the", "la";
    #: Chinese: what follows the colour, "的", "那个").
    pointer_words: tuple[str, ...]
    #: Pronouns that refer to the product in focus ("it", "this").
    pronouns: tuple[str, ...]

    # --- Questions about a product ---
    #: Question kind ("price", "stock", ...) -> the words and phrases that ask it.
    question_words: Mapping[str, tuple[str, ...]]
    #: Feature words and phrases -> the English word the catalog uses ("impermeable" ->
    #: "waterproof").
    features: Mapping[str, str]
    #: Words that never name a product feature or a product.
    stopwords: frozenset[str]
    #: Colour words a shopper may use (the catalog's own colour names count too).
    colours: frozenset[str]
    #: Colour spellings -> the catalog's spelling ("gray" -> "grey").
    colour_aliases: Mapping[str, str]
    #: Words before a size ("talla 42", "taille M").
    size_cues: tuple[str, ...]
    #: Size words -> the letter size ("medium" -> "M", "mediana" -> "M").
    size_words: Mapping[str, str]
    #: Words after a number that make it no size (a price, an age, a count), read as the
    #: start of the next word ("42 euros", "2 years").
    not_size_after: tuple[str, ...]

    # --- Ratings ("4 out of 5", "cuatro", "四星") ---
    #: Words read as a number only in a rating ("ein Stern"), besides :attr:`numbers`
    #: up to five.
    rating_numbers: Mapping[str, int]
    #: Words between a rating and its scale ("4 out of 5", "4 sur 5").
    out_of: tuple[str, ...]
    #: Words that make a lone number word a rating ("星", stars).
    rating_units: tuple[str, ...]
    #: Whole replies to the rating question that decline it ("skip", "nein danke", "跳过").
    rating_skips: tuple[str, ...]

    # --- Product search ---
    #: The query lexicon table (:mod:`knowledge.query.lexicon`).
    query: LanguageTable
    #: Words after a product noun that name who it is for, not another product ("men").
    audience_words: tuple[str, ...]
    #: Words that make the product word after them describe the one before ("funda de
    #: mochila": a case, for a backpack).
    gloss_links: tuple[str, ...]

    @property
    def positions(self) -> dict[str, int]:
        """Every ordinal form -> its 1-based position ("second" -> 2)."""
        return {
            form: position
            for position, forms in enumerate(self.ordinals, start=1)
            for form in forms.split()
        }
