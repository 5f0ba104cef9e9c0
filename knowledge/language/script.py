"""Writing-system evidence: which script a message's letters are written in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

__all__ = [
    "JAPANESE_ONLY_HAN",
    "SCRIPT_LANGUAGES",
    "ScriptProfile",
    "japanese_han",
    "script_of",
    "script_profile",
]

# (first code point, last code point, script), sorted; only letters are counted.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"),
    (0x0D00, 0x0D7F, "malayalam"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF21, 0xFF5A, "latin"),
    (0xFF66, 0xFF9F, "kana"),
    (0x20000, 0x2FA1F, "han"),
)

SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "han": ("zh",),
    "kana": ("ja",),
    "hangul": ("ko",),
    "greek": ("el",),
    "hebrew": ("he",),
    "thai": ("th",),
    "armenian": ("hy",),
    "georgian": ("ka",),
    "bengali": ("bn",),
    "gurmukhi": ("pa",),
    "gujarati": ("gu",),
    "tamil": ("ta",),
    "telugu": ("te",),
    "kannada": ("kn",),
    "malayalam": ("ml",),
    "cyrillic": ("ru", "uk", "bg", "mk"),
    "arabic": ("ar", "fa", "ur"),
    "devanagari": ("hi", "mr", "ne"),
}
"""Languages written in each non-Latin script; the first is the answer when unsure."""

JAPANESE_ONLY_HAN = frozenset(
    "価気読売駅広図楽歳県沢辺銭戦単鉄転伝仮帰険検験権済児亜悪圧囲栄円塩桜覚関観薬訳様労黒涙"
    "髪変歩毎説続経絵雑実働込畑峠匂枠払駄歯隣乗両営悩脳覧頼遅挙拠拡効剣献蔵黙弾恵徳聴庁発廃"
    "継稲渋焼酔砕剤総騒対滝択拝抜仏豊満揺竜緑歴録壊懐殻暁薫繊戯咲"
)
"""Kanji written only in Japanese (shinjitai forms: Chinese writes 价/價 for 価, 气/氣 for 気, ...).

Written from general knowledge of the two writing systems; a text of han characters with one
of these is Japanese even without kana.
"""

# Han, kana and hangul characters each carry about as much as a short Latin word.
_CJK_WEIGHT = 3
_CJK = frozenset({"han", "kana", "hangul"})


def script_of(char: str) -> str | None:
    """The script of one letter, or ``None`` (not a letter, or a script not listed)."""
    if not char.isalpha():
        return None
    point = ord(char)
    low, high = 0, len(_RANGES) - 1
    while low <= high:
        middle = (low + high) // 2
        first, last, script = _RANGES[middle]
        if point < first:
            high = middle - 1
        elif point > last:
            low = middle + 1
        else:
            return script
    return None


@dataclass(frozen=True)
class ScriptProfile:
    """Letter counts by script; ``dominant`` weighs CJK characters like short words."""

    counts: dict[str, int]

    @property
    def letters(self) -> int:
        """Letters in a known script."""
        return sum(self.counts.values())

    @property
    def dominant(self) -> str | None:
        """The script with the most weight (Japanese: any kana beside han makes it kana)."""
        if not self.counts:
            return None
        weights = {
            script: count * (_CJK_WEIGHT if script in _CJK else 1)
            for script, count in self.counts.items()
        }
        if "kana" in weights and "han" in weights:
            weights["kana"] += weights.pop("han")
        return max(sorted(weights), key=lambda script: weights[script])

    def share(self, script: str) -> float:
        """The share of the letters written in ``script``."""
        return self.counts.get(script, 0) / self.letters if self.letters else 0.0


def japanese_han(text: str) -> bool:
    """Whether ``text`` has a kanji that only Japanese writes (:data:`JAPANESE_ONLY_HAN`)."""
    return any(char in JAPANESE_ONLY_HAN for char in text)


def script_profile(text: str) -> ScriptProfile:
    """Counts the letters of ``text`` by script."""
    counts = Counter(script for script in map(script_of, text) if script is not None)
    return ScriptProfile(counts=dict(counts))
