"""Language detection for chat messages: script, lexicon, vocabulary, letter models, cues, prior.

Pure Python (the standard library and ``langdetect``), for both environments: the Rasa
server (Python 3.10, ``bot/language.py``) and the action server (Python 3.11). See
``docs/language.md``.

- :class:`LanguageDetector` gives a :class:`Detection` for one message, optionally with the
  conversation's language so far as a prior (``detect(text, prior="es")``).
- :func:`conversation_language` is what an action calls with the parse data's detection
  and the previous language slot value.
- :func:`read_langid_file` and :func:`evaluate_langid` read and score a labelled TSV.
"""

from knowledge.language.conversation import conversation_language
from knowledge.language.detection import Detection
from knowledge.language.detector import LanguageDetector, default_detector
from knowledge.language.evaluation import (
    LabelledText,
    evaluate_langid,
    length_bucket,
    read_langid_file,
    word_count,
)
from knowledge.language.languages import (
    DEFAULT_CANDIDATE_LANGUAGES,
    SPOKEN_LANGUAGES,
    UNDETERMINED,
)
from knowledge.language.prior import apply_prior
from knowledge.language.switch import find_switch_request

__all__ = [
    "DEFAULT_CANDIDATE_LANGUAGES",
    "SPOKEN_LANGUAGES",
    "UNDETERMINED",
    "Detection",
    "LabelledText",
    "LanguageDetector",
    "apply_prior",
    "conversation_language",
    "default_detector",
    "evaluate_langid",
    "find_switch_request",
    "length_bucket",
    "read_langid_file",
    "word_count",
]
