"""Readers of what shoppers type in the bot's other reply languages (es, fr, de, it, pt,
nl, zh): list positions ("la segunda", "第二个"), "all" for a return ("todos", "alle",
"全部") and the words of product questions (price, sizes, colours, stock, materials,
features).

The words are each language's own, in :mod:`knowledge.words`; the tables here gather them
across the languages, as the readers consult them. English has its own readers
(:mod:`actions.parsing`, :mod:`actions.product_reference`, :mod:`actions.product_questions`),
which consult these too. Words are stored without accents and matched against
:func:`fold`-ed text, so accents are optional ("deuxieme" = "deuxième"). Chinese has no
spaces: its phrases are matched anywhere.
"""

from __future__ import annotations

import re
from functools import cache

from core.languages import OTHER_REPLY_LANGUAGES, UNSPACED_LANGUAGES
from core.text import fold
from knowledge.query.lexicon import lexicon_for
from knowledge.words import ShopperWords, words_for

__all__ = [
    "ALL_WORDS",
    "FEATURE_WORDS",
    "FOREIGN_LANGUAGES",
    "LAST_WORDS",
    "ORDINAL_WORDS",
    "QUESTION_WORDS",
    "SIZE_CUES",
    "SIZE_WORDS",
    "STOPWORDS",
    "asks",
    "colour_forms",
    "find_foreign_position",
    "fold",
    "selects_all",
    "strip_foreign_position",
]

#: The reply languages read here: every one but English.
FOREIGN_LANGUAGES = OTHER_REPLY_LANGUAGES
_FOREIGN: tuple[ShopperWords, ...] = tuple(words_for(language) for language in FOREIGN_LANGUAGES)
_SPACED = tuple(words for words in _FOREIGN if words.language not in UNSPACED_LANGUAGES)
_ZH = words_for("zh")


def _alternatives(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words`` (each once), the longest first."""
    unique = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(re.escape(word) for word in unique)


# --- List positions and "all" --------------------------------------------------------------
#: folded ordinal word -> 1-based position, every language.
ORDINAL_WORDS: dict[str, int] = {
    form: position for words in _SPACED for form, position in words.positions.items()
}
#: "the last one"
LAST_WORDS = tuple(dict.fromkeys(word for words in _SPACED for word in words.last_words))
#: "all" / "both" for a return ("todos", „alle“, « tous », "tutti", "alles", "全部").
ALL_WORDS = tuple(dict.fromkeys(word for words in _FOREIGN for word in words.all_words))
_ALL_PHRASES = tuple(dict.fromkeys(phrase for words in _FOREIGN for phrase in words.all_phrases))
_NUMBER_CUES = _alternatives([cue for words in _SPACED for cue in words.number_cues])
_NUMBER_WORDS = {fold(word): number for words in _SPACED for word, number in words.numbers.items()}
_FOREIGN_NUMBERED = re.compile(
    rf"\b(?:{_NUMBER_CUES})\s*(\d{{1,2}}|{_alternatives(list(_NUMBER_WORDS))})\b"
)
# "un segundo" / "um segundo" / "ein zweites" is a moment or "another", not a position.
_NOT_ORDINAL_AFTER = dict.fromkeys(word for words in _SPACED for word in words.not_ordinal_after)
_FOREIGN_ORDINAL = re.compile(
    "".join(rf"(?<!\b{re.escape(word)} )" for word in _NOT_ORDINAL_AFTER)
    + r"(?<![\w-])("
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)
_ABBREVIATED = re.compile(r"(?<![\w.,])(\d{1,2})\s*[ºª°](?!\w)")
_FOREIGN_LAST = re.compile(r"(?<![\w-])(?:" + "|".join(LAST_WORDS) + r")(?![\w-])")
_ZH_DIGITS = dict(_ZH.numbers)
_ZH_ORDINAL = re.compile(
    rf"(?:{_alternatives(_ZH.ordinal_prefixes)})\s*(\d{{1,2}}|{_alternatives(list(_ZH_DIGITS))})"
    rf"\s*(?:{'|'.join(map(re.escape, _ZH.counters))})?"
)
_ZH_LAST = re.compile(_alternatives(_ZH.last_words))


def find_foreign_position(text: str) -> int | None:
    """The position a non-English message names ("la segunda" -> 2, "第2个" -> 2, "le
    dernier" -> -1), else None."""
    folded = fold(text)
    numbered = _FOREIGN_NUMBERED.search(folded)
    if numbered:
        value = numbered.group(1)
        return int(value) if value.isdigit() else _NUMBER_WORDS[value]
    zh = _ZH_ORDINAL.search(folded)
    if zh:
        value = zh.group(1)
        return int(value) if value.isdigit() else _ZH_DIGITS[value]
    for pattern in (_FOREIGN_ORDINAL, _ABBREVIATED):
        found = pattern.search(folded)
        if found:
            value = found.group(1)
            return int(value) if value.isdigit() else ORDINAL_WORDS[value]
    if _FOREIGN_LAST.search(folded) or _ZH_LAST.search(folded):
        return -1
    return None


def strip_foreign_position(lowered: str) -> str:
    """``lowered`` without the non-English words that name a position."""
    text = lowered
    if _FOREIGN_NUMBERED.search(fold(text)):
        text = _FOREIGN_NUMBERED.sub(" ", fold(text))
    for pattern in (_ZH_ORDINAL, _ZH_LAST, _ABBREVIATED):
        text = pattern.sub(" ", text)
    words = [
        word
        for word in text.split()
        if fold(word).strip("¿?¡!.,;:") not in ORDINAL_WORDS
        and fold(word).strip("¿?¡!.,;:") not in LAST_WORDS
    ]
    return " ".join(words)


def selects_all(text: str) -> bool:
    """True when a return selection means every item ("todos", "les deux", "全部")."""
    folded = fold(text)
    if any(word in ALL_WORDS for word in re.findall(r"[^\W\d_]+", folded)):
        return True
    return any(phrase in folded for phrase in _ALL_PHRASES)


# --- Product questions ---------------------------------------------------------------------
#: kind -> language -> folded phrases (Chinese matched anywhere, others as whole words).
QUESTION_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    kind: {words.language: words.question_words[kind] for words in _FOREIGN}
    for kind in _FOREIGN[0].question_words
}
#: Folded feature words and phrases -> the English word the catalog uses.
FEATURE_WORDS: dict[str, dict[str, str]] = {
    words.language: dict(words.features) for words in _FOREIGN
}
#: Words that never name a feature, by language (folded).
STOPWORDS: dict[str, frozenset[str]] = {words.language: words.stopwords for words in _FOREIGN}
#: Cues before a size: "talla 42", "taille M", „Größe 43“, "maat L", "尺码 42".
SIZE_CUES = tuple(dict.fromkeys(cue for words in _FOREIGN for cue in words.size_cues))
#: Size words after a cue ("talla mediana") -> letter size.
SIZE_WORDS: dict[str, str] = {
    word: size for words in _FOREIGN for word, size in words.size_words.items()
}


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    latin = sorted(
        {
            phrase
            for language, phrases in QUESTION_WORDS[kind].items()
            if language != "zh"
            for phrase in phrases
        },
        key=len,
        reverse=True,
    )
    chinese = sorted(QUESTION_WORDS[kind].get("zh", ()), key=len, reverse=True)
    parts = [r"(?<![\w'-])(?:" + "|".join(re.escape(p) for p in latin) + r")(?![\w'-])"]
    if chinese:
        parts.append("|".join(re.escape(p) for p in chinese))
    return re.compile("|".join(parts))


def asks(kind: str, folded: str) -> bool:
    """True when ``folded`` (see :func:`fold`) uses a word of ``kind`` in another language."""
    return bool(_pattern(kind).search(folded))


@cache
def colour_forms(language: str) -> dict[str, str]:
    """The language's colour words (with and without accents) -> English colour."""
    forms: dict[str, str] = {}
    for form, english in lexicon_for(language).colours.items():
        forms.setdefault(form, english)
        forms.setdefault(fold(form), english)
    return forms
