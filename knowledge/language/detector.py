"""The language detector: switch request, script, then lexicon, n-grams and cues, then the prior."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping

from knowledge.language.charmodel import CharModel
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
from knowledge.language.script import SCRIPT_LANGUAGES, japanese_han, script_profile
from knowledge.language.switch import find_switch_request
from knowledge.language.vocabulary import Vocabulary

__all__ = [
    "CHAR_MODEL_TEMPERATURE",
    "LEXICON_LOG_WEIGHT",
    "NGRAM_TEMPERATURE",
    "VOCABULARY_LOG_WEIGHT",
    "LanguageDetector",
    "default_detector",
    "length_factor",
]

_URL_OR_EMAIL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_NON_LATIN = frozenset(code for codes in SCRIPT_LANGUAGES.values() for code in codes)

NGRAM_TEMPERATURE = 4.0
"""Divides langdetect's n-gram log-likelihoods (nats) before they are mixed (calibration)."""
CHAR_MODEL_TEMPERATURE = 1.5
"""Divides the vocabulary letter model's log-likelihoods (nats) before they are mixed."""
LEXICON_LOG_WEIGHT = 2.0
"""What one lexicon vote adds to a language's log-score (a shared word splits it)."""
VOCABULARY_LOG_WEIGHT = 2.0
"""What one word of a language's everyday vocabulary adds (a shared word splits it)."""
SCRIPT_LEAD_LEAN = 0.5
"""Added to the first language of a non-Latin script of several (ru for Cyrillic, ar for
Arabic): the answer when the letters cannot tell."""

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
        self._log_priors = {code: math.log(weight) for code, weight in self._weights.items()}
        self._models: dict[str, _ScriptModels] = {}
        self._models_lock = threading.Lock()

    def _script_models(self, script: str, languages: Iterable[str]) -> _ScriptModels:
        """The letter models and vocabulary of one script's candidates (built once)."""
        models = self._models.get(script)
        if models is None:
            with self._models_lock:
                models = self._models.get(script)
                if models is None:
                    models = _ScriptModels(sorted(languages))
                    self._models[script] = models
        return models

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
        latin = [code for code in self.candidates if code not in _NON_LATIN]
        return self._mixed(cleaned, "latin", latin)

    def _by_script(self, text: str, script: str, letters: int) -> Detection:
        """Han → zh (ja with a kanji only Japanese writes), kana → ja, hangul → ko; a script
        of several languages is mixed like Latin, leaning to the script's first language."""
        if script == "han" and japanese_han(text) and "ja" in self.candidates:
            script = "kana"
        languages = SCRIPT_LANGUAGES.get(script, ())
        allowed = [code for code in languages if code in self.candidates] or list(languages[:1])
        if not allowed:
            return self._result(UNDETERMINED, 0.0, "none")
        strength = 0.99 if letters >= 2 else 0.9
        if len(allowed) == 1:
            return self._result(allowed[0], strength, "script")
        return self._mixed(text, script, allowed)

    def _mixed(self, text: str, script: str, languages: Iterable[str]) -> Detection:
        """The chat lexicon, the vocabulary, two letter models and the cues, mixed in log space.

        ``languages``: the candidates written in ``script`` (Latin, Cyrillic, Arabic...).
        A message of 1-2 words that the chat lexicon knows entirely and gives to one
        language is decided by the lexicon alone. Otherwise each language's score is the
        sum of: langdetect's n-gram log-likelihood divided by :data:`NGRAM_TEMPERATURE`,
        the vocabulary letter model's divided by :data:`CHAR_MODEL_TEMPERATURE`, the log
        prior weight (1 spoken, ``other_weight`` otherwise), the orthographic cues,
        :data:`LEXICON_LOG_WEIGHT` per chat-lexicon vote and :data:`VOCABULARY_LOG_WEIGHT`
        per vocabulary vote (a word of several languages splits its vote); the
        probabilities are the softmax of the scores.
        """
        tokens = words(text)
        n_words = len(tokens)
        if not n_words:
            return self._result(UNDETERMINED, 0.0, "none")
        votes = self.lexicon.vote(tokens)
        logits: dict[str, float] = {}
        models = self._script_models(script, languages)
        if not (n_words <= 2 and votes.known == n_words and votes.winner is not None):
            logits = self._statistical(text, models)
            lead = SCRIPT_LANGUAGES.get(script, ("",))[0]
            if lead in logits:
                logits[lead] += SCRIPT_LEAD_LEAN
        statistical: str | None = None
        if logits:
            statistical = _argmax(logits)
            for code, value in votes.votes.items():
                if code in logits:
                    logits[code] += LEXICON_LOG_WEIGHT * value
            for code, value in models.vocabulary.votes(tokens).items():
                if code in logits:
                    logits[code] += VOCABULARY_LOG_WEIGHT * value
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
        factor = length_factor(n_words) if script == "latin" else max(length_factor(n_words), 0.8)
        confidence = scores[best] / sum(scores.values()) * factor
        lexical = votes.winner == best and (statistical != best or votes.known == n_words)
        if votes.winner == best and not votes.conflicting_hits(best):
            if n_words <= 2:
                confidence = max(confidence, self._lexicon_strength(votes))
            elif votes.unique_hits.get(best, 0) >= 3:
                confidence = max(confidence, 0.9)
        return self._result(best, confidence, "lexicon" if lexical else "langdetect")

    def _statistical(self, text: str, models: _ScriptModels) -> dict[str, float]:
        """Both letter models' log-scores over one script's candidates, priors, cues."""
        ngrams = models.ngrams.log_scores(text)
        if not ngrams:
            return {}
        cues = cue_scores(text)
        scores = {
            code: value / NGRAM_TEMPERATURE + self._log_priors.get(code, 0.0) + cues.get(code, 0.0)
            for code, value in ngrams.items()
        }
        chars = models.chars.log_scores(text)
        floor = min(chars.values(), default=0.0)
        return {
            code: value + chars.get(code, floor) / CHAR_MODEL_TEMPERATURE
            for code, value in scores.items()
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


class _ScriptModels:
    """langdetect's profiles, the vocabulary letter model and the vocabulary of some languages."""

    def __init__(self, languages: list[str]) -> None:
        self.ngrams = NgramScorer(languages)
        self.chars = CharModel(languages)
        self.vocabulary = Vocabulary(languages)


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
