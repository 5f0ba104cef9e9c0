"""Orthographic cues: punctuation, letters and letter groups typical of one spoken language.

Written from general knowledge of the spellings, not from any data set: the Latin-script
spoken languages, and the letters that tell Russian, Ukrainian and Bulgarian apart, and
Arabic from Persian (the same script, some letters at different code points). Each cue adds a
weight (log scale, added to the statistical scores before they become probabilities) to
the languages it points to, once per message however often it occurs. The character
n-gram model already sees letters inside words, so the weights are moderate; what it cannot
see is punctuation (Spanish ``¿`` and ``¡``) and elision (French ``j'``, ``qu'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CUES", "Cue", "cue_scores"]

_V = "aeiouáàâãéèêíìóòôõúù"


@dataclass(frozen=True)
class Cue:
    """A pattern (on lower-cased text) and the weight it adds to each of its languages."""

    name: str
    pattern: re.Pattern[str]
    weights: tuple[tuple[str, float], ...]


def _cue(name: str, pattern: str, **weights: float) -> Cue:
    return Cue(name, re.compile(pattern), tuple(weights.items()))


CUES: tuple[Cue, ...] = (
    _cue("inverted question or exclamation mark", r"[¿¡]", es=3.0),
    _cue("eñe", r"ñ", es=2.0),
    _cue("Spanish -ión", r"ión\b|[cs]iones\b", es=1.0),
    _cue("Spanish past or future with a final accent", r"\w{2}ó\b|\w(?:aré|eré|iré)\b", es=0.7),
    _cue("a or o with tilde", r"[ãõ]", pt=2.5),
    _cue("Portuguese nh or lh between vowels", rf"[{_V}][nl]h[{_V}]", pt=1.0),
    _cue("Portuguese ç before a or o", r"ç[ãaoõ]", pt=0.6, fr=0.3),
    _cue("Italian gli", r"\bgli\b|gli[aeo]", it=1.2),
    _cue("Italian double z or cch/ggh", r"zz|cch|ggh", it=0.8),
    _cue("Italian -zione", r"zion[ei]\b", it=1.0),
    _cue("Italian accented final vowel", r"\w{2}[òù]\b|tà\b|\bè\b", it=0.8),
    _cue("French elision", r"\b(?:j|qu|n|s|lorsqu|puisqu)['’]\w|\bc['’](?:est|était)", fr=1.5),
    _cue("French or Italian elision", rf"\b[ld]['’][{_V}h]", fr=0.6, it=0.4),
    _cue("French œ, û or ë", r"[œûë]", fr=0.8),
    _cue("French -eux/-aux/-oir", r"(?:eux|aux|oir)\b", fr=0.6),
    _cue("German ß", r"ß", de=2.5),
    _cue("German sch or tz", r"sch|tz", de=0.6, nl=0.2),
    _cue("German umlaut", r"[äöü]", de=0.8),
    _cue("Dutch ij", r"ij", nl=1.0),
    _cue("English contraction", r"\w['’](?:t|s|re|ve|ll|d|m)\b", en=1.0),
    # Cyrillic: letters that only some of ru, uk and bg write.
    _cue("Russian ы, э or ё", r"[ыэё]", ru=3.0, uk=-3.0, bg=-3.0),
    _cue("Ukrainian і, ї, є or ґ", r"[іїєґ]", uk=3.0, ru=-3.0, bg=-3.0),
    _cue("soft sign not before о", r"ь(?!о)", bg=-2.5),
    _cue("hard sign", r"ъ", uk=-3.0),
    _cue("Bulgarian -ът/-ят article", r"[ъя]т\b", bg=1.0),
    # Arabic script: Arabic and Persian write some letters with different code points.
    _cue("Arabic ة, ى, ي, ك or hamza seat", r"[\u0629\u0649\u064a\u0643\u0624]", ar=3.0, fa=-3.0),
    _cue("Persian پ, چ, ژ, گ, ی or ک", r"[\u067e\u0686\u0698\u06af\u06cc\u06a9]", fa=3.0, ar=-3.0),
    _cue("Arabic article al-", r"(?:^|\s)ال", ar=0.7),
)
"""The cues; a negative weight makes a language less likely."""


def cue_scores(text: str) -> dict[str, float]:
    """The summed weights of the cues found in ``text`` (lower-cased), by language."""
    lowered = text.lower()
    scores: dict[str, float] = {}
    for cue in CUES:
        if cue.pattern.search(lowered):
            for language, weight in cue.weights:
                scores[language] = scores.get(language, 0.0) + weight
    return scores
