"""The catalog's own words (colours, sizes, brands, categories, materials) as spaCy matchers.

:class:`CatalogTerms` collects the spellings from the products once; :class:`TermMatchers`
turns them, and a language's :class:`~knowledge.query.lexicon.Lexicon`, into spaCy
matchers for that language's tokenizer. Matching is on lower-cased tokens; category words
also match in their other number ("boot"/"boots"), from the English lemmatizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, product
from typing import Protocol

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct
from knowledge.query.lexicon import AMBIGUOUS_COLOURS, BASE_COLOURS, PHRASE_ROLES, Lexicon

__all__ = [
    "CatalogTerms",
    "ColourResolver",
    "RoleIndex",
    "TermMatchers",
    "TextProcessor",
    "word_forms",
]

_COMPANY_SUFFIXES = ("& co.", "& co", "and co", "co.", "co", "inc.", "inc", "ltd.", "ltd", "gmbh")
_MEASURE = re.compile(r"^(\d+(?:\.\d+)?) ?(ml|l|cl|cm|mm|m|kg|g)$", re.IGNORECASE)
_LETTER_SIZE = re.compile(r"^(?:x*[sml]|x+l|xs)(?:/(?:x*[sml]|x+l|xs))?$", re.IGNORECASE)
_AGE_SIZE = re.compile(r"^\d+-\d+\s?y$", re.IGNORECASE)


class TextProcessor(Protocol):
    """Turns text into a spaCy Doc with the annotations the parser uses."""

    def __call__(self, text: str) -> Doc: ...

    def many(self, texts: Sequence[str]) -> list[Doc]: ...


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    """Stripped values without case-insensitive duplicates, first spelling kept."""
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text:
            seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def colour_key(text: str) -> str:
    """The comparison form of a colour: lower case, hyphens as spaces ("off white")."""
    return " ".join(text.casefold().replace("-", " ").split())


def word_forms(word: str, lemma: str = "") -> frozenset[str]:
    """The word, its lemma and their English singular and plural ("boots" -> boot, boots)."""
    base = word.lower()
    forms = {base, lemma.lower() or base}
    for form in tuple(forms):
        if form.endswith("ies") and len(form) > 4:
            forms.add(form[:-3] + "y")
        elif form.endswith(("ches", "shes", "sses", "xes", "zes")):
            forms.add(form[:-2])
        elif form.endswith("s") and not form.endswith("ss") and len(form) > 3:
            forms.add(form[:-1])
        elif form.endswith("y") and len(form) > 2 and form[-2] not in "aeiou":
            forms.add(form[:-1] + "ies")
        elif form.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(form + "es")
        elif form.isalpha():
            forms.add(form + "s")
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class CatalogTerms:
    """The distinct spellings of the catalog's colours, sizes, brands, categories, materials."""

    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()

    @classmethod
    def from_products(cls, products: Iterable[CatalogProduct]) -> CatalogTerms:
        """Collect the terms of ``products`` (every level of every category path)."""
        items = list(products)
        levels = (
            level
            for product in items
            for level in product.category_path.split(CATEGORY_SEPARATOR.strip())
        )
        return cls(
            colours=_unique(c for p in items for c in p.colours),
            sizes=_unique(s for p in items for s in p.sizes),
            brands=_unique(p.brand for p in items),
            categories=_unique(levels),
            materials=_unique(m for p in items for m in p.materials),
        )


class ColourResolver:
    """Maps a colour phrase to catalog colours: a base colour to every colour containing it."""

    def __init__(self, colours: Iterable[str]) -> None:
        self._exact: dict[str, str] = {}
        self._by_word: dict[str, list[str]] = {}
        for colour in colours:
            key = colour_key(colour)
            self._exact.setdefault(key, colour)
            for word in key.split():
                self._by_word.setdefault(word, []).append(colour)

    def words(self) -> tuple[str, ...]:
        """The base colour words that some catalog colour contains."""
        return tuple(word for word in BASE_COLOURS if word in self._by_word)

    def spellings(self) -> tuple[str, ...]:
        """The catalog's colour spellings."""
        return tuple(self._exact.values())

    def resolve(self, phrase: str) -> tuple[str, ...]:
        """ "blue" -> every catalog colour with the word blue; "navy blue" -> itself only."""
        key = colour_key(phrase)
        if key in BASE_COLOURS:
            colours = sorted(self._by_word.get(key, ()), key=lambda c: (colour_key(c) != key, c))
            return tuple(colours)
        exact = self._exact.get(key)
        return (exact,) if exact else ()


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """A lexicon phrase found in a message: tokens ``start:end``, its roles and its text."""

    start: int
    end: int
    roles: frozenset[str]
    key: str


class RoleIndex:
    """The lexicon phrases of one message, looked up by where they start or end."""

    def __init__(self, spans: Iterable[RoleSpan]) -> None:
        self._spans = sorted(spans, key=lambda span: (span.start, -span.end))

    def at(self, index: int, *roles: str) -> RoleSpan | None:
        """The longest phrase starting at token ``index`` with one of ``roles``."""
        return next(
            (s for s in self._spans if s.start == index and not s.roles.isdisjoint(roles)), None
        )

    def ending_at(self, index: int, *roles: str) -> RoleSpan | None:
        """The longest phrase ending at token ``index`` (exclusive) with one of ``roles``."""
        found = [s for s in self._spans if s.end == index and not s.roles.isdisjoint(roles)]
        return min(found, key=lambda span: span.start, default=None)

    def with_role(self, role: str) -> Iterator[RoleSpan]:
        """Every phrase with ``role``, in text order."""
        return (span for span in self._spans if role in span.roles)

    def starts(self) -> frozenset[int]:
        """The token indexes where some lexicon phrase starts."""
        return frozenset(span.start for span in self._spans)


def _key(tokens: Iterable[str]) -> str:
    return " ".join(token.lower() for token in tokens)


class TermMatchers:
    """spaCy matchers over the catalog's terms and one language's lexicon."""

    def __init__(
        self,
        nlp: Language,
        terms: CatalogTerms,
        lexicon: Lexicon,
        process: TextProcessor,
    ) -> None:
        self.lexicon = lexicon
        self.process = process
        self.colours = ColourResolver(terms.colours)
        self._nlp = nlp
        self._roles: dict[str, set[str]] = {}
        self._colour_of: dict[str, tuple[str, ...]] = {}
        self._brand_of: dict[str, str] = {}
        self._sizes_of: dict[str, set[str]] = {}
        self._categories_of: dict[str, list[str]] = {}
        self.standalone_sizes: set[str] = set()
        self.measured_sizes: set[str] = set()
        self._lexicon = self._phrase_matcher(self._lexicon_phrases(lexicon))
        self._colour = self._phrase_matcher(self._colour_phrases(lexicon))
        self._brand = self._phrase_matcher(self._brand_phrases(terms.brands))
        self._size = self._phrase_matcher(self._size_phrases(terms.sizes))
        self._material = self._phrase_matcher(self._material_phrases(terms.materials))
        self._category = self._phrase_matcher(self._category_phrases(terms.categories))

    # --- Building ------------------------------------------------------------------------

    def _phrase_matcher(self, phrases: Iterable[str]) -> PhraseMatcher:
        """A LOWER matcher of ``phrases`` (the ``_*_phrases`` generators fill the lookups)."""
        matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        docs: dict[str, Doc] = {}
        for phrase in phrases:
            doc = self._nlp.make_doc(phrase)
            if len(doc):
                docs.setdefault(_key(t.text for t in doc), doc)
        if docs:
            matcher.add("TERM", list(docs.values()))
        return matcher

    def _lexicon_phrases(self, lexicon: Lexicon) -> Iterator[str]:
        tagged = [(role, phrase) for role in PHRASE_ROLES for phrase in lexicon.get(role)]
        tagged += [("currency", phrase) for phrase in lexicon.currencies]
        for role, phrase in tagged:
            key = _key(t.text for t in self._nlp.make_doc(phrase))
            self._roles.setdefault(key, set()).add(role)
            yield phrase

    def _colour_phrases(self, lexicon: Lexicon) -> Iterator[str]:
        own: dict[str, tuple[str, ...]] = {colour_key(c): (c,) for c in self.colours.spellings()}
        own.update({word: self.colours.resolve(word) for word in self.colours.words()})
        for form, english in lexicon.colours.items():
            own.setdefault(form, self.colours.resolve(english) or self.colours.resolve(form))
        for phrase, colours in own.items():
            if colours:
                for variant in {phrase, phrase.replace(" ", "-"), phrase.replace(" ", "")}:
                    self._colour_of[_key(t.text for t in self._nlp.make_doc(variant))] = colours
                    yield variant

    def _brand_phrases(self, brands: Iterable[str]) -> Iterator[str]:
        for brand in brands:
            lower = brand.lower()
            variants = {lower, lower.replace("&", "and"), lower.rstrip(".")}
            for suffix in _COMPANY_SUFFIXES:
                core = lower.removesuffix(suffix).strip()
                if core != lower and core:
                    variants.add(core)
            for variant in variants:
                self._brand_of[_key(t.text for t in self._nlp.make_doc(variant))] = brand
                yield variant

    def _size_phrases(self, sizes: Iterable[str]) -> Iterator[str]:
        for size in sizes:
            variants = {size}
            measure = _MEASURE.match(size)
            if measure:
                variants |= {f"{measure[1]}{measure[2]}", f"{measure[1]} {measure[2]}"}
                self.measured_sizes.add(size)
            if measure or (_LETTER_SIZE.match(size) and len(size) > 1) or _AGE_SIZE.match(size):
                self.standalone_sizes.add(size)
            if size.lower() == "one size" or size.lower().startswith("size "):
                self.standalone_sizes.add(size)
            for variant in variants:
                key = _key(t.text for t in self._nlp.make_doc(variant))
                self._sizes_of.setdefault(key, set()).add(size)
                yield variant

    def _material_phrases(self, materials: Iterable[str]) -> Iterator[str]:
        """Material word runs that contain a colour word ("sterling silver", "natural cork")."""
        colour_words = set(BASE_COLOURS) | set(AMBIGUOUS_COLOURS)
        for material in materials:
            words = material.lower().split()
            for start in range(len(words)):
                for end in range(start + 2, len(words) + 1):
                    if colour_words.intersection(words[start:end]):
                        yield " ".join(words[start:end])

    def _category_phrases(self, categories: tuple[str, ...]) -> Iterator[str]:
        for name, doc in zip(categories, self.process.many(categories), strict=True):
            for phrase in _category_phrases(doc):
                key = _key(t.text for t in self._nlp.make_doc(phrase))
                self._categories_of.setdefault(key, []).append(name)
                yield phrase

    # --- Matching ------------------------------------------------------------------------

    def roles(self, doc: Doc) -> RoleIndex:
        """The lexicon phrases in ``doc``."""
        spans = []
        for _match, start, end in self._lexicon(doc):
            key = _key(t.text for t in doc[start:end])
            spans.append(RoleSpan(start, end, frozenset(self._roles.get(key, ())), key))
        return RoleIndex(spans)

    def currency(self, key: str) -> str | None:
        """The ISO code of a currency phrase found by :meth:`roles` (None: unnamed)."""
        return self.lexicon.currencies.get(key) or self.lexicon.currencies.get(key.replace(" ", ""))

    def colour_spans(self, doc: Doc) -> list[tuple[Span, tuple[str, ...]]]:
        """Colour phrases with the catalog colours they stand for."""
        found = []
        for _match, start, end in self._colour(doc):
            colours = self._colour_of.get(_key(t.text for t in doc[start:end]), ())
            found.append((doc[start:end], colours))
        return found

    def brand_spans(self, doc: Doc) -> list[tuple[Span, str]]:
        """Brand names with their catalog spelling."""
        return [
            (doc[start:end], self._brand_of[_key(t.text for t in doc[start:end])])
            for _match, start, end in self._brand(doc)
        ]

    def size_spans(self, doc: Doc) -> list[tuple[Span, tuple[str, ...]]]:
        """Catalog sizes as written ("43", "m", "l/xl", "500ml"), in text order."""
        found = []
        for _match, start, end in self._size(doc):
            sizes = self._sizes_of.get(_key(t.text for t in doc[start:end]), set())
            found.append((doc[start:end], tuple(sorted(sizes))))
        return sorted(found, key=lambda item: (item[0].start, -item[0].end))

    def category_spans(self, doc: Doc) -> list[tuple[Span, str]]:
        """Whole category names (either number of each word, "&" or "and")."""
        return [
            (doc[start:end], name)
            for _match, start, end in self._category(doc)
            for name in self._categories_of.get(_key(t.text for t in doc[start:end]), ())
        ]

    def material_spans(self, doc: Doc) -> list[Span]:
        """Material phrases that contain a colour word (they are not colour requests)."""
        return [doc[start:end] for _match, start, end in self._material(doc)]


def _category_phrases(doc: Doc) -> list[str]:
    """Every spelling of a category name: each word in either number, "&" or "and",
    optional punctuation ("kids clothing"), hyphenated words joined ("makeup")."""
    options: list[list[str]] = []
    for token in doc:
        if token.text == "&":
            options.append(["&", "and"])
        elif not any(ch.isalnum() for ch in token.text):
            options.append([token.text, ""])
        else:
            options.append(sorted(word_forms(token.text, token.lemma_)))
    phrases = {" ".join(w for w in words if w) for words in islice(product(*options), 256)}
    joined = re.sub(r"\s*-\s*", "", doc.text)
    return sorted(phrases | ({joined.lower()} if joined != doc.text else set()))
