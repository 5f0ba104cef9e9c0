"""Which listed product a message means: a position ("the second one", "number 3", "the
last one"), a brand, title or colour word that picks exactly one listed product ("the
Fjellmark boots", "the blue one"), else the product in focus. Pure helpers, no Rasa."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from actions.product_words import (
    COLOUR_WORDS,
    STOPWORDS,
    colour_key,
    lower_text,
    stems_of,
    words_of,
)
from actions.shopper_words import colour_forms, find_foreign_position, strip_foreign_position
from core.languages import OTHER_REPLY_LANGUAGES, UNSPACED_LANGUAGES
from core.text import fold
from knowledge.catalog.schema import CatalogProduct
from knowledge.words import words_for

__all__ = [
    "Reference",
    "ReferenceSource",
    "colour_reference",
    "find_position",
    "lookup_products",
    "resolve_product",
    "strip_position",
]

ReferenceSource = Literal[
    "position", "name", "focused", "only", "out_of_range", "ambiguous", "none"
]
_ENGLISH = words_for("en")
_ORDINALS = _ENGLISH.positions
_NUMBERS = _ENGLISH.numbers
_NUMBERED = re.compile(
    rf"(?:\b(?:{'|'.join(_ENGLISH.number_cues)})\.?\s*|#\s*)"
    rf"(\d{{1,2}}|{'|'.join(_NUMBERS)})\b"
)
_ORDINAL = re.compile(
    "".join(rf"(?<!\b{word} )" for word in _ENGLISH.not_ordinal_after)
    + r"\b("
    + "|".join(_ORDINALS)
    + r")\b"
)
_LAST_WORD = "|".join(_ENGLISH.last_words)
_LAST = re.compile(
    rf"\bthe\s+(?:very\s+)?(?:{_LAST_WORD})\b"
    rf"|\b(?:{_LAST_WORD})\s+(?:one|ones|item|product|option)\b"
)
_ONLY_NUMBER = re.compile(r"^\s*(?:the\s+)?(\d{1,2})\s*(?:one|please|pls)?\s*[.?!]*\s*$")


@dataclass(frozen=True)
class Reference:
    """Which product a message means; ``product_id`` is None when it cannot tell."""

    product_id: str | None
    source: ReferenceSource
    position: int | None = None


def find_position(text: str | None) -> int | None:
    """The list position a message names (1-based; -1 for "the last one"), else None.

    Bare numbers count only alone ("2", "the 3"): "is the 42 in stock?" names a size.
    """
    lowered = lower_text(text)
    if not lowered:
        return None
    numbered = _NUMBERED.search(lowered)
    if numbered:
        value = numbered.group(1)
        return int(value) if value.isdigit() else _NUMBERS[value]
    ordinal = _ORDINAL.search(lowered)
    if ordinal:
        return _ORDINALS[ordinal.group(1)]
    if _LAST.search(lowered):
        return -1
    foreign = find_foreign_position(lowered)
    if foreign is not None:
        return foreign
    alone = _ONLY_NUMBER.match(lowered)
    if alone:
        return int(alone.group(1))
    return None


def strip_position(text: str | None) -> str:
    """``text`` without the words that name a list position (so "number 2" is no size)."""
    lowered = lower_text(text)
    for pattern in (_NUMBERED, _ORDINAL, _LAST, _ONLY_NUMBER):
        lowered = pattern.sub(" ", lowered)
    return strip_foreign_position(" ".join(lowered.split()))


def _name_stems(product: CatalogProduct) -> tuple[set[str], set[str], set[str]]:
    """Brand, title and colour stems of a product (brand words weigh more)."""
    brand = {w for w in stems_of(product.brand) if len(w) >= 3 and w not in STOPWORDS}
    title = {w for w in stems_of(product.title) if len(w) >= 3 and w not in STOPWORDS} - brand
    colours = {colour_key(w) for c in product.colours for w in words_of(c)}
    return brand, title, colours


#: Articles and demonstratives before a colour that points at a product ("la azul", "le
#: bleu", "das blaue", "quello nero", "o preto", "de blauwe"); in Chinese, after it ("蓝色的").
_ARTICLES = "|".join(
    dict.fromkeys(
        word
        for language in OTHER_REPLY_LANGUAGES
        if language not in UNSPACED_LANGUAGES
        for word in words_for(language).pointer_words
    )
)
_FOREIGN_POINTER = re.compile(rf"(?<![\w'])(?:{_ARTICLES})\s+((?:[^\W\d_]+\s+){{0,2}}?)([^\W\d_]+)")
_ZH_POINTER = re.compile(
    r"([\u4e00-\u9fff]{1,4}色)(?:" + "|".join(words_for("zh").pointer_words) + ")"
)


def _foreign_colour_reference(lowered: str, language: str) -> set[str]:
    forms = colour_forms(language)
    words: set[str] = set()
    if language == "zh":
        for match in _ZH_POINTER.finditer(lowered):
            english = forms.get(match.group(1))
            if english:
                words.update(colour_key(word) for word in english.split())
        return words
    folded = fold(lowered)
    for match in _FOREIGN_POINTER.finditer(folded):
        said = [*match.group(1).split(), match.group(2)]
        for start in range(len(said)):
            for end in (start + 2, start + 1):  # "azul marino" before "azul"
                english = forms.get(" ".join(said[start:end]))
                if english and end <= len(said):
                    words.update(colour_key(word) for word in english.split())
                    break
    return words


_ENGLISH_POINTER = re.compile(
    rf"\b(?:{'|'.join(_ENGLISH.pointer_words)})\s+((?:[a-z]+\s+){{0,2}}?)([a-z]+)\b"
)


def colour_reference(lowered: str, language: str = "en") -> set[str]:
    """Colour words used to point at a product: "the blue one", "the black boots" (and
    "la azul", "das blaue", "蓝色的" in the conversation's language), as English keys."""
    words: set[str] = set()
    if language != "en":
        words |= _foreign_colour_reference(lowered, language)
    for match in _ENGLISH_POINTER.finditer(lowered):
        for word in [*match.group(1).split(), match.group(2)]:
            if word in COLOUR_WORDS:
                words.add(colour_key(word))
    for match in re.finditer(r"\b([a-z]+)\s+ones?\b", lowered):
        if match.group(1) in COLOUR_WORDS:
            words.add(colour_key(match.group(1)))
    return words


_PRONOUN = re.compile(rf"\b({'|'.join(_ENGLISH.pronouns)})\b")


def _pronoun(lowered: str) -> bool:
    return bool(_PRONOUN.search(lowered))


def _named(text: str, shown: Sequence[CatalogProduct], language: str = "en") -> int | None:
    """The index of the one listed product the message names by brand, title or colour."""
    lowered = lower_text(text)
    said = {w for w in stems_of(lowered) if len(w) >= 3 and w not in STOPWORDS}
    colour_words = colour_reference(lowered, language)
    if not said and not colour_words:
        return None
    names = [_name_stems(product) for product in shown]
    pronoun = _pronoun(lowered)

    def spread(word: str, part: int) -> int:
        return sum(1 for stems in names if word in stems[part])

    scores: list[int] = []
    for brand, title, colours in names:
        score = sum(2 for word in said & brand if spread(word, 0) < len(shown))
        if not pronoun:
            score += sum(1 for word in said & title if spread(word, 1) < len(shown))
        score += sum(2 for word in colour_words & colours if spread(word, 2) < len(shown))
        scores.append(score)
    best = max(scores, default=0)
    if best <= 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


def resolve_product(
    text: str | None,
    shown: Sequence[CatalogProduct],
    focused_id: str | None,
    language: str = "en",
) -> Reference:
    """Which product ``text`` means among the ``shown`` ones (in list order), else the
    focused one. ``out_of_range`` when a position beyond the list is named, ``ambiguous``
    when products were shown but none is named or focused, ``none`` when nothing was.
    Positions are read in every reply language; colour pointers in ``language`` too."""
    position = find_position(text)
    if position is not None and shown:
        index = len(shown) - 1 if position == -1 else position - 1
        if 0 <= index < len(shown):
            return Reference(shown[index].id, "position", index + 1)
        return Reference(None, "out_of_range", position)
    if shown:
        named = _named(text or "", shown, language)
        if named is not None:
            return Reference(shown[named].id, "name", named + 1)
    if focused_id:
        return Reference(focused_id, "focused")
    if len(shown) == 1:
        return Reference(shown[0].id, "only", 1)
    if shown:
        return Reference(None, "ambiguous")
    return Reference(None, "none")


def lookup_products(
    ids: Iterable[Any], lookup: Callable[[str], CatalogProduct | None]
) -> list[CatalogProduct]:
    """The products of ``ids`` that ``lookup(id)`` still finds, in order."""
    products = []
    for product_id in ids:
        product = lookup(str(product_id))
        if product is not None:
            products.append(product)
    return products
