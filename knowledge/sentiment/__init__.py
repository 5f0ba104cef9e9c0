"""Sentiment of shopper messages in any language the multilingual embeddings cover.

The approach is language-independent: the multilingual-e5-small sentence embedding of the
message (``query:`` prefix) goes into a small softmax-regression classifier trained on
examples the project wrote in ten languages (``examples/<lang>.tsv``: complaints, thanks,
sarcasm, neutral questions, everyday opinions). numpy only, for both environments: the
Rasa NLU component ``bot.sentiment`` and the action side (evaluation, reports).

- :class:`Sentiment`: label (negative / neutral / positive), score in [-1, 1], confidence.
- :class:`SoftmaxClassifier`: fit, predict, save and load (``.npz``).
- :func:`project_examples`, :func:`read_sentiment_file`: labelled texts.
- :func:`summarise`: a conversation's mean, minimum, trend and negative streak.
- :func:`score_predictions`: accuracy and macro-F1 per language and overall.
"""

from knowledge.sentiment.classifier import SoftmaxClassifier, TrainingOptions
from knowledge.sentiment.evaluation import macro_f1, score_predictions
from knowledge.sentiment.examples import (
    EXAMPLES_DIR,
    LabelledSentiment,
    SentimentFileError,
    project_examples,
    read_sentiment_file,
)
from knowledge.sentiment.labels import LABELS, NEGATIVE, NEUTRAL, POSITIVE, Sentiment
from knowledge.sentiment.summary import SentimentSummary, summarise

__all__ = [
    "EXAMPLES_DIR",
    "LABELS",
    "NEGATIVE",
    "NEUTRAL",
    "POSITIVE",
    "LabelledSentiment",
    "Sentiment",
    "SentimentFileError",
    "SentimentSummary",
    "SoftmaxClassifier",
    "TrainingOptions",
    "macro_f1",
    "project_examples",
    "read_sentiment_file",
    "score_predictions",
    "summarise",
]
