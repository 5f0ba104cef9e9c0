"""Annotations of the support console: tags and notes on conversations, and intent
corrections and examples collected into Rasa NLU training data.

- :class:`Annotations` (``.tags``, ``.notes``, ``.corrections``) over the shop database
  and the domain's :class:`Vocabulary`;
- :func:`nlu_yaml`: corrections of one language as a Rasa NLU YAML document, redacted;
- the tags answer the conversation list's tag filter (:data:`TAG_SOURCE`, registered with
  :func:`shop.conversations.register_tag_source` when this package is imported), and
  erasure reaches every annotation (:class:`AnnotationEraser`, registered with
  :mod:`shop.privacy`).

>>> annotations = Annotations.from_settings(database, settings)  # doctest: +SKIP
>>> annotations.tags.add("web-1a2b", "refund-bug", author="lee")  # doctest: +SKIP
('refund-bug',)
"""

from shop.annotations.corrections import CorrectionService
from shop.annotations.erase import AnnotationEraser
from shop.annotations.nlu_yaml import PLACEHOLDERS, nlu_yaml, training_example
from shop.annotations.notes import MAX_NOTE_CHARACTERS, NoteService
from shop.annotations.service import Annotations
from shop.annotations.spans import redacted_spans
from shop.annotations.tags import TAG_SOURCE, TagService, TagTable, normalise_tag
from shop.annotations.views import CorrectionPage, CorrectionView, Count, EntitySpan, NoteView
from shop.annotations.vocabulary import Vocabulary
from shop.conversations import register_tag_source

__all__ = [
    "MAX_NOTE_CHARACTERS",
    "PLACEHOLDERS",
    "TAG_SOURCE",
    "AnnotationEraser",
    "Annotations",
    "CorrectionPage",
    "CorrectionService",
    "CorrectionView",
    "Count",
    "EntitySpan",
    "NoteService",
    "NoteView",
    "TagService",
    "TagTable",
    "Vocabulary",
    "nlu_yaml",
    "normalise_tag",
    "redacted_spans",
    "training_example",
]

register_tag_source(TAG_SOURCE)
