"""The shopper's words about products: tokens, stems, and the colours and sizes a message
names, matched against one product's own colours and sizes. Pure helpers, no Rasa."""

from __future__ import annotations

import re
from collections.abc import Sequence

from actions.shopper_words import SIZE_CUES, SIZE_WORDS, colour_forms
from core.text import fold
from knowledge.words import words_for

__all__ = [
    "COLOUR_WORDS",
    "LETTER_SIZES",
    "MAX_TEXT",
    "STOPWORDS",
    "colour_key",
    "lower_text",
    "mentioned_colours",
    "mentioned_size",
    "stem",
    "stems_of",
    "words_of",
]

#: Only the start of a message is read.
MAX_TEXT = 500
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ENGLISH = words_for("en")

#: Colour words a shopper may use (the catalog's own colour names are matched too).
COLOUR_WORDS = _ENGLISH.colours
_COLOUR_ALIASES = _ENGLISH.colour_aliases
LETTER_SIZES = {"xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl"}
_SIZE_WORDS = _ENGLISH.size_words
_SIZE_CUE = "|".join(_ENGLISH.size_cues)
_SIZE_CONTEXT = (
    rf"(?:\b(?:{_SIZE_CUE})\s+|\bin\s+(?:an?\s+|the\s+|(?:{_SIZE_CUE})\s+)?|\ban?\s+|\bthe\s+)"
)
_NOT_SIZE_AFTER = "|".join(re.escape(word) for word in _ENGLISH.not_size_after)
_NUMBER = re.compile(
    rf"(?<![\w.,€$£])(\d{{1,3}}(?:[.,]5)?)(?![\w%€$£])(?!\s*(?:{_NOT_SIZE_AFTER}|x\b))"
)
_SIZE_AFTER = re.compile(rf"\b(?:{_SIZE_CUE})\s+([a-z0-9][a-z0-9./-]{{0,9}})\b")

STOPWORDS = _ENGLISH.stopwords


def lower_text(text: str | None) -> str:
    return " ".join((text or "")[:MAX_TEXT].lower().replace("\u2019", "'").split())


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", " "))


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def stems_of(text: str) -> set[str]:
    return {stem(word) for word in words_of(text)}


def colour_key(word: str) -> str:
    return _COLOUR_ALIASES.get(word, word)


def _fits(key: str, colours: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        colour for colour in colours if key in {colour_key(part) for part in words_of(colour)}
    )


def _foreign_colour(lowered: str, colours: Sequence[str], language: str) -> tuple[str, ...]:
    """``(word, fits...)`` for the first colour word of ``language`` in ``lowered``."""
    forms = colour_forms(language)
    if language == "zh":
        for form in sorted(forms, key=len, reverse=True):
            if form in lowered:
                return (form, *_fits(colour_key(forms[form].split()[-1]), colours))
        return ()
    folded = fold(lowered)
    for form in sorted(forms, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", folded):
            english = forms[form]
            exact = [c for c in colours if c.lower() == english]
            fits = tuple(exact) or _fits(colour_key(english.split()[-1]), colours)
            return (form, *fits)
    return ()


def mentioned_colours(
    text: str | None, colours: Sequence[str], language: str = "en"
) -> tuple[str | None, tuple[str, ...]]:
    """The colour a message names and the ``colours`` it fits: ``("blue", ("Navy Blue",))``.

    A full colour name of the product wins ("olive green"); else a colour word ("green")
    fits every colour of the product that has that word. ``(None, ())`` when no colour is
    named; ``("red", ())`` when the product does not come in it. In another ``language``
    its colour words count too ("negro" fits "Black"), and English colour words do not
    (Spanish "tan" is "so").
    """
    lowered = lower_text(text)
    if not lowered:
        return None, ()
    for colour in sorted(colours, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(colour.lower())}(?!\w)", lowered):
            return colour, (colour,)
    if language != "en":
        found = _foreign_colour(lowered, colours, language)
        return (found[0], found[1:]) if found else (None, ())
    for word in words_of(lowered):
        if word in COLOUR_WORDS:
            key = colour_key(word)
            fits = tuple(
                colour
                for colour in colours
                if key in {colour_key(part) for part in words_of(colour)}
            )
            return word, fits
    return None, ()


def _size_matches(said: str, size: str) -> bool:
    said_key = said.lower().replace(" ", "")
    size_key = size.lower().replace(" ", "")
    if said_key == size_key:
        return True
    span = re.fullmatch(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)", size_key)
    number = re.fullmatch(r"\d+(?:[.,]\d+)?", said_key)
    if span and number:
        return float(span.group(1)) <= float(said_key.replace(",", ".")) <= float(span.group(2))
    return False


_LATIN_CUES = sorted({fold(cue) for cue in SIZE_CUES if cue.isascii() or "ß" in cue}, key=len)
_FOREIGN_SIZE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(cue) for cue in reversed(_LATIN_CUES))
    + r")(?:\.\s*|\s+)([^\W_][\w./-]{0,9})"
)
_CHINESE = words_for("zh")
_ZH_SIZE = re.compile(
    rf"(?:{'|'.join(_CHINESE.size_cues)})\s*([a-z0-9./-]{{1,10}})"
    rf"|(\d{{1,3}}(?:[.,]5)?)\s*(?:{'|'.join(_CHINESE.query['size_after'])})"
    rf"|({'|'.join(sorted(_CHINESE.size_words, key=len, reverse=True))})"
)


def _foreign_size(lowered: str, sizes: Sequence[str]) -> tuple[str | None, str | None] | None:
    """A size named after a cue of another language ("talla 42", "taille M", "尺码 L",
    "42码", "talla mediana"); None when there is no such cue."""
    folded = fold(lowered)
    zh = _ZH_SIZE.search(folded)
    cue = _FOREIGN_SIZE.search(folded)
    said = next((g for g in zh.groups() if g), None) if zh else (cue.group(1) if cue else None)
    if said is None:
        return None
    said = SIZE_WORDS.get(said, said)
    shown = said.upper() if said in LETTER_SIZES else said
    return shown, next((size for size in sizes if _size_matches(said, size)), None)


def mentioned_size(
    text: str | None, sizes: Sequence[str], language: str = "en"
) -> tuple[str | None, str | None]:
    """The size a message names and the product size it fits: ``("43", "43")``,
    ``("medium", "M")``, ``("40", "39-42")``; ``("50", None)`` when the product lacks it.
    In another ``language`` its size cues count too ("talla 42", "taille M", "42码")."""
    lowered = lower_text(text)
    if not lowered:
        return None, None
    if language != "en":
        foreign = _foreign_size(lowered, sizes)
        if foreign is not None:
            return foreign
    for size in sorted(sizes, key=len, reverse=True):
        key = re.escape(size.lower())
        if size.lower() in LETTER_SIZES:
            pattern = rf"{_SIZE_CONTEXT}{key}(?![\w'])"
        else:
            pattern = rf"(?<![\w.]){key}(?![\w])"
        if re.search(pattern, lowered):
            return size, size
    for words, code in sorted(_SIZE_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b(?:in\s+(?:an?\s+)?|an?\s+|(?:{_SIZE_CUE})\s+){words}\b", lowered):
            fits = next((s for s in sizes if s.lower() in {code.lower(), words}), None)
            return words, fits
    letter = re.search(rf"{_SIZE_CONTEXT}(xxxl|xxl|xl|xxs|xs|s|m|l)(?![\w'])", lowered)
    named = _SIZE_AFTER.search(lowered)
    candidate = None
    if named:
        candidate = named.group(1)
    elif letter:
        candidate = letter.group(1)
    else:
        number = _NUMBER.search(lowered)
        candidate = number.group(1) if number else None
    if candidate is None:
        return None, None
    shown = candidate.upper() if candidate in LETTER_SIZES else candidate
    return shown, next((size for size in sizes if _size_matches(candidate, size)), None)
