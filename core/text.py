"""Text helpers every floor shares: the one accent fold and the one text cutter.

- :func:`fold`: lower case without combining marks ("Deuxième" -> "deuxieme"), for matching
  what shoppers type against word lists whatever accents they typed or left out.
  :func:`fold_with_offsets` is the same fold that also says where each folded character
  came from (to show the words it found as the shopper wrote them).
- :func:`cut`: text cut to at most N characters, at a word boundary where there is one,
  optionally with a marker (:data:`ELLIPSIS`) saying that something was cut.

Pure Python (the standard library only): the Rasa server imports it too.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ELLIPSIS", "cut", "fold", "fold_with_offsets"]

#: The marker of a cut text ("Shipping and return…").
ELLIPSIS = "\u2026"
_TYPOGRAPHIC_APOSTROPHE = "\u2019"
_TRAILING_PARTIAL_WORD = re.compile(r"\s+\S*\Z")


def fold(
    text: str,
    *,
    casefold: bool = False,
    compatibility: bool = False,
    apostrophes: bool = True,
) -> str:
    """``text`` in lower case without combining marks: "Deuxième" -> "deuxieme".

    Characters without marks (CJK, "ß", "ø") are kept. ``casefold``: full case folding
    instead of lower case ("Größe" -> "grosse", not "große"). ``compatibility``: also fold
    compatibility forms (NFKD: "ﬁ" -> "fi", full-width "ＸＬ" -> "xl"). ``apostrophes``:
    the typographic apostrophe (’, as phones type it) becomes a plain one (').
    """
    lowered = text.casefold() if casefold else text.lower()
    if apostrophes:
        lowered = lowered.replace(_TYPOGRAPHIC_APOSTROPHE, "'")
    decomposed = unicodedata.normalize("NFKD" if compatibility else "NFD", lowered)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


def fold_with_offsets(
    text: str,
    *,
    casefold: bool = False,
    compatibility: bool = False,
    apostrophes: bool = True,
) -> tuple[str, list[int]]:
    """:func:`fold`, character by character, with the index in ``text`` of every folded
    character ("Straße" -> "strasse" with ``casefold``: both "s" of "ß" point at it)."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char, casefold=casefold, compatibility=compatibility, apostrophes=apostrophes)
        chars.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(chars), offsets


def cut(text: str, limit: int, *, marker: str = "", at_word: bool = True, min_kept: int = 1) -> str:
    """``text`` cut to at most ``limit`` characters (the ``marker`` included); unchanged
    when it is not longer.

    ``at_word``: the cut goes back to the last whitespace before it, so no word is split,
    provided that at least ``min_kept`` characters remain; a text with no such whitespace
    (one huge token, a script written without spaces) is cut at the limit. A word that
    ends right at the limit is kept. ``at_word=False``: always cut at the limit.
    ``marker`` (e.g. :data:`ELLIPSIS`) ends a cut text, after its trailing whitespace is
    dropped; when the limit leaves no room for it, the text is cut at the limit without it.
    """
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    if len(text) <= limit:
        return text
    room = limit - len(marker)
    if room <= 0:
        return text[:limit]
    head = _at_word_end(text, room, min_kept) if at_word else text[:room]
    return head.rstrip() + marker if marker else head


def _at_word_end(text: str, room: int, min_kept: int) -> str:
    """The longest start of ``text`` of at most ``room`` characters that ends a word (and
    keeps ``min_kept`` characters), else the first ``room`` characters."""
    head = text[:room]
    if text[room].isspace():
        return head.rstrip() or head
    partial = _TRAILING_PARTIAL_WORD.search(head)
    if partial is None or partial.start() < min_kept:
        return head
    return head[: partial.start()]
