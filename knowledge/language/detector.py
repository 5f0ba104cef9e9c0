"""The language detector: switch request, script, then lexicon, n-grams and cues, then the prior."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from knowledge.language.cues import cue_scores
from knowledge.language.detection import Detection
from knowledge.language.languages import (
    DEFAULT_CANDIDATE_LANGUAGES,
    SPOKEN_LANGUAGES,
    UNDETERMINED,
    normalise_code,
)
from knowledge.language.lexicon import ChatLexicon, LexiconVotes, words
from knowledge.language.ngram import NgramScorer, softmax
from knowledge.language.prior import apply_prior
from knowledge.language.script import SCRIPT_LANGUAGES, script_profile
from knowledge.language.statistical import language_probabilities
from knowledge.language.switch import find_switch_request

__all__ = [
    "LEXICON_LOG_WEIGHT",
    "NGRAM_TEMPERATURE",
    "LanguageDetector",
    "default_detector",
    "length_factor",
]

_URL_OR_EMAIL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_NON_LATIN = frozenset(code for codes in SCRIPT_LANGUAGES.values() for code in codes)

NGRAM_TEMPERATURE = 4.0
"""Divides the n-gram log-likelihoods (nats) before they are mixed (calibration)."""
LEXICON_LOG_WEIGHT = 2.0
"""What one lexicon vote adds to a language's log-score (a shared word splits it)."""

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
        self._ngram = NgramScorer(
            [code for code in self.candidates if code not in _NON_LATIN], self._weights
        )

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
        """The chat lexicon, the character n-gram model and the cues, mixed in log space.

        A message of 1-2 words that the lexicon knows entirely is decided by the lexicon
        alone. Otherwise each language's score is its n-gram log-likelihood divided by
        :data:`NGRAM_TEMPERATURE`, plus the orthographic cues, plus
        :data:`LEXICON_LOG_WEIGHT` per lexicon vote (a word of one language is one vote,
        a shared word splits it); the probabilities are the softmax of the scores.
        """
        tokens = words(text)
        n_words = len(tokens)
        if not n_words:
            return self._result(UNDETERMINED, 0.0, "none")
        votes = self.lexicon.vote(tokens)
        logits: dict[str, float] = {}
        if not (n_words <= 2 and votes.known == n_words):
            logits = self._statistical(text)
        statistical: str | None = None
        if logits:
            statistical = _argmax(logits)
            for code, value in votes.votes.items():
                if code in logits:
                    logits[code] += LEXICON_LOG_WEIGHT * value
            scores = softmax(logits)
        else:
            scores = {
                code: value / votes.known
                for code, value in votes.votes.items()
                if code in self.candidates
            }
        if not scores:
            return self._result(UNDETERMINED, 0.0, "none")
        best = _argmax(scores)
        confidence = scores[best] / sum(scores.values()) * length_factor(n_words)
        lexical = votes.winner == best and (statistical != best or votes.known == n_words)
        if votes.winner == best and not votes.conflicting_hits(best):
            if n_words <= 2:
                confidence = max(confidence, self._lexicon_strength(votes))
            elif votes.unique_hits.get(best, 0) >= 3:
                confidence = max(confidence, 0.9)
        return self._result(best, confidence, "lexicon" if lexical else "langdetect")

    def _statistical(self, text: str) -> dict[str, float]:
        """Character n-gram log-scores over the Latin-script candidates, plus the cues."""
        scores = self._ngram.log_scores(text)
        cues = cue_scores(text) if scores else {}
        return {
            code: value / NGRAM_TEMPERATURE + cues.get(code, 0.0) for code, value in scores.items()
        }

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
