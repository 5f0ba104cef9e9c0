"""What a shopper asks about a product they were shown, in plain Python (no Rasa entities).

Three steps, each a pure function that the tests call directly:

1. :func:`actions.product_reference.resolve_product`: which product the message means (a
   position in the list, a colour, brand or title word that picks exactly one listed
   product, else the product in focus);
2. :func:`parse_question`: what is asked about it (price, rating, materials, colours,
   sizes, stock of a colour and/or size, a feature such as "waterproof", or an overview),
   read against that product's own colours and sizes;
3. :func:`answer_question`: the named response and its values, from the catalog's fields
   only. When no field says (e.g. "machine washable" and nothing mentions washing), the
   answer is ``utter_product_dont_know``, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from babel.numbers import format_decimal

from actions.product_format import (
    MAX_TITLE_CHARACTERS,
    clean,
    format_price,
    join_values,
    summarise_sizes,
)
from actions.product_reference import colour_reference, strip_position
from actions.product_words import (
    COLOUR_WORDS,
    LETTER_SIZES,
    STOPWORDS,
    mentioned_colours,
    mentioned_size,
    stem,
    stems_of,
    words_of,
)
from actions.shopper_words import (
    FEATURE_WORDS,
    QUESTION_WORDS,
    SIZE_WORDS,
    asks,
    colour_forms,
    fold,
)
from actions.shopper_words import STOPWORDS as FOREIGN_STOPWORDS
from core.money import locale_for
from knowledge.catalog.currencies import Storefront
from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "PRICE_RESPONSES",
    "Answer",
    "Question",
    "QuestionKind",
    "answer_question",
    "feature_words",
    "parse_question",
    "product_values",
]

QuestionKind = Literal[
    "overview", "price", "rating", "materials", "colours", "sizes", "stock", "feature"
]
MAX_EVIDENCE = 300
MAX_DESCRIPTION = 700

_RATING = re.compile(r"\b(rating|ratings|rated|stars?|reviews?|reviewed|score)\b")
_PRICE = re.compile(
    r"\b(how much|price|prices|priced|cost|costs|expensive|cheap|cheaper|pricey|afford)\b"
)
_MATERIAL = re.compile(
    r"\b(made of|made from|made out of|material|materials|fabric|fabrics|what'?s it made|"
    r"what is it made|ingredients?|composition)\b"
)
_COLOUR_Q = re.compile(r"\b(colou?rs?|shades?)\b")
_SIZE_Q = re.compile(r"\b(sizes?|sizing|fit|fits|lengths?)\b")
_STOCK_Q = re.compile(
    r"\b(in stock|stock|available|availability|sold out|out of stock|left|have (?:it|them|this|"
    r"that|one|these|those)|got (?:it|them|one)|get (?:it|them|one)|order (?:it|them|one)|"
    r"buy (?:it|them|one)|comes? in|come in|there any)\b"
)
_OVERVIEW = re.compile(
    r"\b(tell me (?:more|about)|more about|more info|more information|details?|describe|"
    r"description|what about|what is it|what's it|what is that|info on|information)\b"
)
_QUESTION_START = re.compile(
    r"^\s*(?:and\s+|but\s+|so\s+)?(is|are|does|do|did|can|could|will|would|has|have|how|what|"
    r"which|whats|what's|any|should)\b"
)
#: Words a question uses and the catalog words that answer it (instead of the word itself:
#: "heavy" is answered by "weighs 860 g", not by "heavy rain").
_FEATURE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "heavy": ("weigh", "weighs", "weight", "kg", "g"),
    "weight": ("weigh", "weighs", "weight", "kg", "g"),
    "weigh": ("weigh", "weighs", "weight", "kg", "g"),
    "light": ("light", "lightweight", "weigh", "weighs", "weight"),
    "big": ("litre", "litres", "capacity", "holds", "cm", "ml"),
    "capacity": ("litre", "litres", "capacity", "holds", "ml"),
    "volume": ("litre", "litres", "capacity", "holds", "ml"),
    "litre": ("litre", "litres"),
    "old": ("age", "ages"),
    "age": ("age", "ages"),
    "long": ("hours", "battery", "cm", "length", "long"),
    "warm": ("warm", "insulated", "insulation", "thermal"),
    "colourful": ("colourful", "colorful"),
}
#: Weaker words that still answer a feature question ("water-resistant" for "waterproof").
_RELATED_FEATURES: dict[str, tuple[str, ...]] = {
    "waterproof": ("water-resistant", "water resistant", "water-repellent", "splash"),
    "water": ("water-resistant", "water resistant", "water-repellent", "waterproof", "splash"),
    "vegan": ("plant-based", "cruelty-free"),
    "warm": ("insulated", "thermal", "fleece"),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Question:
    """What is asked about one product.

    ``colour`` and ``size`` are what the shopper named (``colour_matches`` / ``size_match``
    the product's own values they fit, empty when the product does not come in them);
    ``feature`` holds the words of a feature question ("machine", "washable"), in the
    catalog's English; ``feature_text`` what the shopper called it when they asked in
    another language ("impermeable"; empty in English, where ``feature`` is shown).
    """

    kind: QuestionKind
    colour: str | None = None
    colour_matches: tuple[str, ...] = ()
    size: str | None = None
    size_match: str | None = None
    feature: tuple[str, ...] = ()
    feature_text: str = ""


@dataclass(frozen=True)
class Answer:
    """A named response and the values of its placeholders."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def shows_price(self) -> bool:
        """Whether the answer's text holds the product's price (:data:`PRICE_RESPONSES`)."""
        return self.response in PRICE_RESPONSES


#: The answers whose text shows the price (a converted one is then explained once).
PRICE_RESPONSES = frozenset({"utter_product_price", "utter_product_overview"})


# --- What is asked -------------------------------------------------------------------------
def feature_words(text: str | None, product: CatalogProduct) -> tuple[str, ...]:
    """The words a feature question is about: "is it machine washable?" -> machine, washable.

    Leaves out question words, pronouns, positions, the product's brand and the colours and
    sizes named.
    """
    lowered = strip_position(text)
    brand = stems_of(product.brand)
    skip = COLOUR_WORDS | LETTER_SIZES
    words: list[str] = []
    for word in words_of(lowered):
        root = stem(word)
        if (
            len(word) < 2
            or word in STOPWORDS
            or word in skip
            or root in brand
            or word.isdigit()
            or root in words
        ):
            continue
        words.append(root)
    return tuple(words)


def _foreign_features(
    lowered: str, product: CatalogProduct, language: str
) -> tuple[tuple[str, ...], str]:
    """The English catalog words a question in ``language`` is about, and the shopper's own
    words for them: "¿es impermeable?" -> (("waterproof",), "impermeable"). Other content
    words are kept as they are (the catalog will not know them: "I don't know")."""
    folded = fold(lowered)
    same_length = len(folded) == len(lowered)
    table = FEATURE_WORDS.get(language, {})
    found: list[tuple[int, str, str]] = []  # (position, catalog word, shopper's words)
    rest = folded
    for phrase in sorted(table, key=len, reverse=True):
        boundary = "" if language == "zh" else r"(?<![\w-])"
        end = "" if language == "zh" else r"(?![\w-])"
        for match in re.finditer(boundary + re.escape(phrase) + end, rest):
            start, stop = match.span()
            said = lowered[start:stop] if same_length else phrase
            found.append((start, table[phrase], said))
            rest = rest[:start] + " " * (stop - start) + rest[stop:]
    if language != "zh":
        skip = (
            FOREIGN_STOPWORDS.get(language, frozenset())
            | STOPWORDS
            | set(colour_forms(language))
            | set(SIZE_WORDS)
            | set(QUESTION_WORDS["question"].get(language, ()))
        )
        brand = stems_of(product.brand)
        for match in re.finditer(r"[^\W\d_]{2,}", rest):
            word = match.group()
            if word in skip or stem(word) in brand or any(kind_words(word)):
                continue
            said = lowered[match.start() : match.end()] if same_length else word
            found.append((match.start(), word, said))
    found.sort()
    roots: list[str] = []
    for _position, english, _said in found:
        root = stem(english.split("-")[-1])
        if root not in roots:
            roots.append(root)
    return tuple(roots), " ".join(dict.fromkeys(said for _p, _e, said in found))


def kind_words(word: str) -> list[str]:
    """The question kinds (other than feature) whose words include ``word`` (folded)."""
    return [kind for kind in ("rating", "price", "materials", "colours", "sizes", "stock",
                              "overview") if asks(kind, word)]  # fmt: skip


def parse_question(text: str | None, product: CatalogProduct, language: str = "en") -> Question:
    """What ``text`` asks about ``product`` (see :class:`Question`). In another
    ``language`` its question words count too ("¿cuánto cuesta?", "quelles tailles ?",
    „ist es wasserdicht?“, "有货吗"), accents optional."""
    lowered = strip_position(text)
    foreign = language != "en"
    folded = fold(lowered) if foreign else lowered

    def says(kind: str, english: re.Pattern[str]) -> bool:
        return bool(english.search(lowered)) or (foreign and asks(kind, folded))

    colour, colour_matches = mentioned_colours(lowered, product.colours, language)
    if colour is not None and colour_reference(lowered, language) and not says("stock", _STOCK_Q):
        colour, colour_matches = None, ()  # "tell me about the blue one": a pointer only
    size, size_match = mentioned_size(lowered, product.sizes, language)

    def asking(kind: QuestionKind) -> Question:
        return Question(kind, colour, colour_matches, size, size_match)

    question_shaped = bool(_QUESTION_START.search(lowered)) or "?" in lowered
    if foreign and not question_shaped:
        opening = " ".join(folded.lstrip("¿¡ ").split()[:2])
        question_shaped = "？" in lowered or asks("question", opening)
    if says("rating", _RATING):
        return Question("rating")
    if says("price", _PRICE):
        return Question("price")
    if says("materials", _MATERIAL):
        return Question("materials")
    if says("colours", _COLOUR_Q) and size is None:
        return asking("colours")
    if says("sizes", _SIZE_Q) and size is None:
        return asking("sizes")
    if says("stock", _STOCK_Q) or size is not None:
        return asking("stock")
    if colour is not None and question_shaped:
        return asking("stock")
    if says("overview", _OVERVIEW):
        return Question("overview")
    if foreign:
        features, said = _foreign_features(lowered, product, language)
        if features and question_shaped:
            return Question("feature", feature=features, feature_text=said)
        return Question("overview")
    features = feature_words(lowered, product)
    if features and question_shaped:
        return Question("feature", feature=features)
    return Question("overview")


# --- The answer ----------------------------------------------------------------------------
def _variant_text(question: Question) -> str:
    colour = (
        question.colour_matches[0]
        if len(question.colour_matches) == 1
        else (question.colour or "").capitalize()
    )
    size = question.size_match or question.size
    return ", ".join(clean(part, 40) for part in (colour, size) if part)


def _in_stock(product: CatalogProduct, colours: Sequence[str], size: str | None) -> bool:
    if not colours:
        return product.in_stock(size=size)
    return any(product.in_stock(colour=colour, size=size) for colour in colours)


def _stock_answer(product: CatalogProduct, question: Question, values: dict[str, Any]) -> Answer:
    if question.size is not None and question.size_match is None:
        return Answer(
            "utter_product_size_not_offered" if product.sizes else "utter_product_one_size",
            {**values, "size": clean(question.size, 40), "sizes": join_values(product.sizes, 12)},
        )
    if question.colour is not None and not question.colour_matches:
        return _colour_not_offered(product, question, values)
    if question.colour is None and question.size is None:
        if product.in_stock():
            return Answer("utter_product_in_stock", values)
        return Answer("utter_product_sold_out", values)
    colours = question.colour_matches
    size = question.size_match
    values = {**values, "variant": _variant_text(question)}
    if _in_stock(product, colours, size):
        return Answer("utter_product_variant_in_stock", values)
    if size is not None and colours:
        alternatives = summarise_sizes(
            product.sizes, [s for s in product.sizes if _in_stock(product, colours, s)]
        )
    elif size is not None:
        alternatives = join_values(product.available_colours(size), 6) or summarise_sizes(
            product.sizes, product.available_sizes()
        )
    else:
        alternatives = join_values(product.available_colours(), 6)
    if alternatives:
        return Answer("utter_product_variant_sold_out", {**values, "alternatives": alternatives})
    return Answer("utter_product_variant_sold_out_everywhere", values)


def _colour_not_offered(
    product: CatalogProduct, question: Question, values: dict[str, Any]
) -> Answer:
    if not product.colours:
        return Answer("utter_product_no_colour_options", values)
    return Answer(
        "utter_product_colour_not_offered",
        {
            **values,
            "colour": clean(question.colour, 40),
            "colours": join_values(product.colours, 8),
        },
    )


def _colours_answer(product: CatalogProduct, question: Question, values: dict[str, Any]) -> Answer:
    if question.colour is not None:
        return _stock_answer(product, question, values)
    if not product.colours:
        return Answer("utter_product_no_colour_options", values)
    available = product.available_colours()
    if not available:
        return Answer("utter_product_sold_out", values)
    return Answer(
        "utter_product_colours",
        {
            **values,
            "colours": join_values(product.colours, 8),
            "available": join_values(available, 8),
        },
    )


def _sizes_answer(product: CatalogProduct, question: Question, values: dict[str, Any]) -> Answer:
    if not product.sizes:
        return Answer("utter_product_one_size", values)
    if question.colour is not None and not question.colour_matches:
        return _colour_not_offered(product, question, values)
    colours = question.colour_matches
    available = [size for size in product.sizes if _in_stock(product, colours, size)]
    if not available:
        if colours:
            return Answer(
                "utter_product_variant_sold_out_everywhere",
                {**values, "variant": _variant_text(question)},
            )
        return Answer("utter_product_sold_out", values)
    return Answer(
        "utter_product_sizes",
        {
            **values,
            "sizes": summarise_sizes(product.sizes, product.sizes),
            "available": summarise_sizes(product.sizes, available),
        },
    )


def _sentences(description: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(description or "") if s.strip()]


def _feature_answer(product: CatalogProduct, question: Question, values: dict[str, Any]) -> Answer:
    wanted = question.feature
    title = stems_of(product.title)
    listed = stems_of(
        " ".join([product.title, product.category_path, *product.tags, *product.materials])
    )
    sentences = _sentences(product.description)
    sentence_stems = [stems_of(sentence) for sentence in sentences]
    everywhere = listed.union(*sentence_stems)

    def alternatives(word: str) -> set[str]:
        return {stem(w) for w in _FEATURE_SYNONYMS.get(word, (word,))}

    feature = clean(question.feature_text or " ".join(wanted), 60)
    if wanted and all(alternatives(word) & everywhere for word in wanted):
        # The sentence that says most about the words the title does not already hold.
        best, best_score = None, 0
        for sentence, stems in zip(sentences, sentence_stems, strict=True):
            score = sum(
                1 if alternatives(word) & title else 2
                for word in wanted
                if alternatives(word) & stems
            )
            if score > best_score:
                best, best_score = sentence, score
        if best is not None:
            return Answer(
                "utter_product_feature_described",
                {**values, "feature": feature, "evidence": clean(best, MAX_EVIDENCE)},
            )
        return Answer("utter_product_feature_listed", {**values, "feature": feature})
    for word in wanted:
        for related in _RELATED_FEATURES.get(word, ()):
            for sentence in sentences:
                if re.search(rf"(?<!\w){re.escape(related)}(?!\w)", sentence.lower()):
                    return Answer(
                        "utter_product_feature_related",
                        {**values, "feature": feature, "evidence": clean(sentence, MAX_EVIDENCE)},
                    )
    return Answer("utter_product_dont_know", values)


def product_values(
    product: CatalogProduct, url: str | None, language: str, storefront: Storefront | None = None
) -> dict[str, Any]:
    """The placeholders every product answer may use (the price in the storefront currency)."""
    return {
        "product_id": product.id,
        "title": clean(product.title, MAX_TITLE_CHARACTERS),
        "brand": clean(product.brand, 80) or "-",
        "price": format_price(product, language, storefront),
        "url": url or "-",
    }


def answer_question(
    product: CatalogProduct,
    question: Question,
    url: str | None,
    language: str = "en",
    storefront: Storefront | None = None,
) -> Answer:
    """The answer to ``question`` from ``product``'s catalog fields only."""
    values = product_values(product, url, language, storefront)
    kind = question.kind
    if kind == "price":
        if product.price is None:
            return Answer("utter_product_dont_know", values)
        return Answer("utter_product_price", values)
    if kind == "rating":
        if product.rating is None:
            return Answer("utter_product_no_rating", values)
        rating = format_decimal(round(product.rating, 1), format="0.0", locale=locale_for(language))
        return Answer("utter_product_rating", {**values, "rating": rating})
    if kind == "materials":
        if not product.materials:
            return Answer("utter_product_dont_know", values)
        return Answer(
            "utter_product_materials", {**values, "materials": join_values(product.materials)}
        )
    if kind == "colours":
        return _colours_answer(product, question, values)
    if kind == "sizes":
        return _sizes_answer(product, question, values)
    if kind == "stock":
        return _stock_answer(product, question, values)
    if kind == "feature":
        return _feature_answer(product, question, values)
    return Answer(
        "utter_product_overview",
        {**values, "description": clean(product.description, MAX_DESCRIPTION) or "-"},
    )
