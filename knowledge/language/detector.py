"""The language detector: switch request, script, chat lexicon, langdetect, then the prior."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from knowledge.language.conversation import apply_prior
from knowledge.language.detection import Detection
from knowledge.language.languages import (
    DEFAULT_CANDIDATE_LANGUAGES,
    SPOKEN_LANGUAGES,
    UNDETERMINED,
    normalise_code,
)
from knowledge.language.lexicon import ChatLexicon, LexiconVotes, words
from knowledge.language.script import SCRIPT_LANGUAGES, script_profile
from knowledge.language.statistical import language_probabilities
from knowledge.language.switch import find_switch_request

__all__ = [
    "LEXICON_PER_AMBIGUOUS_WORD",
    "LEXICON_PER_WORD",
    "LEXICON_SHARE_LONG",
    "LEXICON_SHARE_SHORT",
    "LanguageDetector",
    "default_detector",
    "length_factor",
]

_URL_OR_EMAIL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_NON_LATIN = frozenset(code for codes in SCRIPT_LANGUAGES.values() for code in codes)

LEXICON_PER_WORD = 0.3
"""The lexicon's weight against langdetect for each word of only one language it knows."""
LEXICON_PER_AMBIGUOUS_WORD = 0.1
"""The same for a known word of several languages."""
LEXICON_SHARE_SHORT = 0.85
"""The most weight the lexicon gets on messages of up to 5 words."""
LEXICON_SHARE_LONG = 0.6
"""The same on longer messages, where langdetect is reliable."""

_LENGTH_FACTORS = (0.0, 0.5, 0.65, 0.85, 0.92, 0.96)


def length_factor(n_words: int) -> float:
    """How far a detection of ``n_words`` words can be trusted (1 word: 0.5; 6+: 1.0)."""
    return _LENGTH_FACTORS[n_words] if n_words < len(_LENGTH_FACTORS) else 1.0


class LanguageDetector:
    """Detects the language of one chat message, restricted to the languages the bot knows.

    ``spoken_languages``: the languages the bot answers in (``Detection.spoken``).
    ``candidate_languages``: what the detector may answer (the spoken ones are always
    added). ``other_weight``: langdetect's prior weight of a candidate that is not spoken,
    relative to 1 for a spoken one (short text leans to the spoken languages).
    ``switch_confidence``: how confident a detection must be to override the prior.
    """

    def __init__(
        self,
        spoken_languages: Iterable[str] = SPOKEN_LANGUAGES,
        candidate_languages: Iterable[str] = DEFAULT_CANDIDATE_LANGUAGES,
        *,
        other_weight: float = 0.5,
        switch_confidence: float = 0.85,
        lexicon: ChatLexicon | None = None,
    ) -> None:
        """Validates and stores the language sets (langdetect loads at the first detection)."""
        self.spoken: frozenset[str] = frozenset(map(normalise_code, spoken_languages))
        if not self.spoken:
            raise ValueError("spoken_languages must name at least one language")
        self.candidates: frozenset[str] = (
            frozenset(map(normalise_code, candidate_languages)) | self.spoken
        )
        if not 0.0 < other_weight <= 1.0:
            raise ValueError(f"other_weight must be in (0, 1], got {other_weight!r}")
        if not 0.0 <= switch_confidence <= 1.0:
            raise ValueError(f"switch_confidence must be in [0, 1], got {switch_confidence!r}")
        self.other_weight = other_weight
        self.switch_confidence = switch_confidence
        self.lexicon = lexicon or ChatLexicon()
        self._weights: Mapping[str, float] = {
            code: 1.0 if code in self.spoken else other_weight for code in self.candidates
        }

    def detect(self, text: str, prior: str | None = None) -> Detection:
        """The language of ``text``; ``prior`` is the conversation's language so far.

        Without a prior this is the message's own language (a switch request such as
        "¿hablas inglés?" is ``es`` with ``switch_to="en"``). With a prior it is the
        conversation's language after this message (:func:`apply_prior`: the switch
        request wins, then the prior is kept unless the message is confidently in another
        language). Never raises on any string (empty, emoji only, very long).
        """
        detection = self._standalone(text or "")
        if prior is None:
            return detection
        return apply_prior(
            detection, normalise_code(prior), self.spoken, switch_confidence=self.switch_confidence
        )

    # -- evidence -------------------------------------------------------------------

    def _result(self, language: str, confidence: float, method: str) -> Detection:
        return Detection(
            language=language,
            confidence=round(min(max(confidence, 0.0), 1.0), 4),
            method=method,
            spoken=language in self.spoken,
        )

    def _standalone(self, text: str) -> Detection:
        switch = find_switch_request(text[:500])
        detection = self._evidence(text)
        if switch is None:
            return detection
        return Detection(
            language=detection.language,
            confidence=detection.confidence,
            method=detection.method,
            spoken=detection.spoken,
            switch_to=switch,
        )

    def _evidence(self, text: str) -> Detection:
        """Script, then lexicon and langdetect (no switch request, no prior)."""
        cleaned = _URL_OR_EMAIL.sub(" ", text)
        profile = script_profile(cleaned[:2000])
        script = profile.dominant
        if script is None:
            return self._result(UNDETERMINED, 0.0, "none")
        if script != "latin":
            return self._by_script(cleaned, script, profile.counts[script])
        return self._latin(cleaned)

    def _by_script(self, text: str, script: str, letters: int) -> Detection:
        """Han → zh, kana → ja, hangul → ko; a script of several languages asks langdetect."""
        languages = SCRIPT_LANGUAGES.get(script, ())
        allowed = [code for code in languages if code in self.candidates] or list(languages[:1])
        if not allowed:
            return self._result(UNDETERMINED, 0.0, "none")
        strength = 0.99 if letters >= 2 else 0.9
        if len(allowed) == 1:
            return self._result(allowed[0], strength, "script")
        probabilities = language_probabilities(text, allowed, self._weights)
        if not probabilities:
            return self._result(allowed[0], strength * 0.6, "script")
        best = max(sorted(probabilities), key=lambda code: probabilities[code])
        n_words = max(1, len(words(text)))
        return self._result(
            best, probabilities[best] * max(length_factor(n_words), 0.8), "langdetect"
        )

    def _latin(self, text: str) -> Detection:
        """The chat lexicon and langdetect over the Latin-script candidates, mixed.

        The lexicon's share of the score grows with the words it knows (0.3 a word of one
        language, 0.1 a shared word), up to 0.85 (up to 5 words; 0.6 beyond); a message
        of 1-2 words that it knows entirely is decided by the lexicon alone.
        """
        tokens = words(text)
        n_words = len(tokens)
        if not n_words:
            return self._result(UNDETERMINED, 0.0, "none")
        votes = self.lexicon.vote(tokens)
        probabilities: dict[str, float] = {}
        if not (n_words <= 2 and votes.known == n_words):
            latin = [code for code in self.candidates if code not in _NON_LATIN]
            probabilities = language_probabilities(text, latin, self._weights)
        unique = sum(votes.unique_hits.values())
        lexicon_mass = min(
            LEXICON_SHARE_SHORT if n_words <= 5 else LEXICON_SHARE_LONG,
            LEXICON_PER_WORD * unique + LEXICON_PER_AMBIGUOUS_WORD * (votes.known - unique),
        )
        if not probabilities:
            lexicon_mass = 1.0
        scores = {code: (1.0 - lexicon_mass) * p for code, p in probabilities.items()}
        for code, value in votes.votes.items():
            if code in self.candidates:
                scores[code] = scores.get(code, 0.0) + lexicon_mass * value / votes.known
        if not scores:
            return self._result(UNDETERMINED, 0.0, "none")
        best = _argmax(scores)
        confidence = scores[best] / sum(scores.values()) * length_factor(n_words)
        lexical = votes.winner == best and (not probabilities or _argmax(probabilities) != best)
        if votes.winner == best and not votes.conflicting_hits(best):
            if n_words <= 2:
                confidence = max(confidence, self._lexicon_strength(votes))
            elif votes.unique_hits.get(best, 0) >= 3:
                confidence = max(confidence, 0.9)
        return self._result(best, confidence, "lexicon" if lexical else "langdetect")

    @staticmethod
    def _lexicon_strength(votes: LexiconVotes) -> float:
        """Confidence of a lexicon-only answer on 1-2 words (0 when the lexicon cannot decide)."""
        winner = votes.winner
        if winner is None or votes.unique_hits.get(winner, 0) == 0:
            return 0.0
        if votes.conflicting_hits(winner):
            return 0.5
        if votes.unique_hits[winner] >= 2:
            return 0.93
        return 0.8 if votes.known == votes.n_words else 0.7


def _argmax(scores: Mapping[str, float]) -> str:
    return max(sorted(scores), key=lambda code: scores[code])


_default: LanguageDetector | None = None
_default_lock = threading.Lock()


def default_detector() -> LanguageDetector:
    """A process-wide detector with the default language sets."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = LanguageDetector()
    return _default
