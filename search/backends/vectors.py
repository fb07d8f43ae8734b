"""Nearest neighbours among the document vectors of one content type.

- :class:`NumpyVectors` (default, every database): the vectors of a content type are loaded once
  into a float32 matrix, cached per process and keyed by an index version token
  (:mod:`core.versions`), so any write from any process invalidates it. Brute force: one
  matrix-vector product, about 1 ms for 5,000 vectors.
- :class:`PgVectors`: PostgreSQL with the pgvector extension and the ``embedding`` column
  (created by migration 0002 or ``reindex`` when ``CREATE EXTENSION vector`` succeeds). Checked
  at runtime; when absent, or when a query fails, the numpy store answers instead.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

import numpy as np
from django.db import DatabaseError, connection, transaction
from numpy.typing import NDArray

from core import versions

from ..encoders import blas_threads
from ..models import SearchDocument
from .allowed import AllowedIds
from .lexical import Hit
from .schema import TABLE

logger = logging.getLogger(__name__)


class VectorStore(Protocol):
    def cosines(
        self, vector: NDArray[np.float32], *, content_type_id: int, ids: list[int]
    ) -> dict[int, float]:
        """The cosine of each listed item that has a document."""
        ...

    def nearest(
        self,
        vector: NDArray[np.float32],
        *,
        content_type_id: int,
        allowed: AllowedIds | None,
        limit: int,
    ) -> list[Hit]:
        """Up to ``limit`` (object id, cosine) pairs, most similar first."""
        ...

    def item_neighbours(self, *, content_type_id: int, object_id: int, limit: int) -> list[Hit]:
        """``nearest`` to an indexed item's own vector (itself included); [] when absent."""
        ...


class _Matrix:
    def __init__(self, version: str, ids: NDArray[np.int64], rows: NDArray[np.float32]) -> None:
        self.version, self.ids, self.rows = version, ids, rows


_cache: dict[tuple[str, int], _Matrix] = {}
_lock = threading.Lock()


def version_key(content_type_id: int) -> str:
    return f"search:{content_type_id}"


def index_version(content_type_id: int) -> str:
    """Changes whenever a document of this type is added, rewritten or removed (the writers in
    ``search.services`` move it): one primary-key read, where counting the documents cost
    10 ms per query at 100,000 on PostgreSQL."""
    return versions.current(version_key(content_type_id))


def index_changed(content_type_id: int) -> None:
    versions.bump(version_key(content_type_id))


def _load(content_type_id: int, version: str) -> _Matrix:
    rows = SearchDocument.objects.filter(content_type_id=content_type_id).order_by("object_id")
    pairs = list(rows.values_list("object_id", "vector"))
    ids = np.fromiter((pk for pk, _v in pairs), dtype=np.int64, count=len(pairs))
    if not pairs:
        return _Matrix(version, ids, np.zeros((0, 1), dtype=np.float32))
    matrix = np.stack([np.frombuffer(bytes(v), dtype=np.float32) for _pk, v in pairs])
    return _Matrix(version, ids, matrix)


def cached_matrix(content_type_id: int) -> _Matrix:
    """The vectors of a content type, reloaded only when the index version moved."""
    key = (connection.settings_dict["NAME"], content_type_id)
    version = index_version(content_type_id)
    with _lock:
        current = _cache.get(key)
        if current is None or current.version != version:
            current = _cache[key] = _load(content_type_id, version)
        return current


def top_k(scores: NDArray[np.float32], ids: NDArray[np.int64], limit: int) -> list[Hit]:
    """The ``limit`` best (id, score) pairs, best first (ties by id)."""
    if limit <= 0 or not len(scores):
        return []
    if limit < len(scores):
        keep = np.argpartition(-scores, limit - 1)[:limit]
        scores, ids = scores[keep], ids[keep]
    order = np.lexsort((ids, -scores))
    return [(int(ids[i]), float(scores[i])) for i in order]


class NumpyVectors:
    """Brute-force cosine over the cached matrix, with the allowed ids as a mask."""

    def cosines(
        self, vector: NDArray[np.float32], *, content_type_id: int, ids: list[int]
    ) -> dict[int, float]:
        matrix = cached_matrix(content_type_id)
        if not len(matrix.ids) or not ids:
            return {}
        wanted = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(matrix.ids, wanted)  # the matrix is sorted by object id
        present = (at < len(matrix.ids)) & (
            matrix.ids[np.minimum(at, len(matrix.ids) - 1)] == wanted
        )
        rows = matrix.rows[at[present]] @ np.asarray(vector, dtype=np.float32)
        return dict(zip(wanted[present].tolist(), rows.tolist(), strict=True))

    def item_neighbours(self, *, content_type_id: int, object_id: int, limit: int) -> list[Hit]:
        """The nearest documents to an indexed item's own (itself included); [] if absent."""
        matrix = cached_matrix(content_type_id)
        at = int(np.searchsorted(matrix.ids, object_id))
        if at >= len(matrix.ids) or matrix.ids[at] != object_id:
            return []
        return self.nearest(
            matrix.rows[at], content_type_id=content_type_id, allowed=None, limit=limit
        )

    def nearest(
        self,
        vector: NDArray[np.float32],
        *,
        content_type_id: int,
        allowed: AllowedIds | None,
        limit: int,
    ) -> list[Hit]:
        matrix = cached_matrix(content_type_id)
        if not len(matrix.ids):
            return []
        ids, rows = matrix.ids, matrix.rows
        if allowed is not None:
            mask = np.isin(ids, allowed.array(), assume_unique=True)
            ids, rows = ids[mask], rows[mask]
        with blas_threads(1):  # a matrix-vector product: waking BLAS threads costs more
            scores = rows @ np.asarray(vector, dtype=np.float32)
        return top_k(scores, ids, limit)


_pgvector: dict[str, bool] = {}


def pgvector_ready() -> bool:
    """True when the database is PostgreSQL and the ``embedding`` column exists (cached)."""
    if connection.vendor != "postgresql":
        return False
    name = str(connection.settings_dict["NAME"])
    if name not in _pgvector:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = 'embedding'",
                [TABLE],
            )
            _pgvector[name] = cursor.fetchone() is not None
    return _pgvector[name]


_iterative: dict[str, bool] = {}


def iterative_scan_supported() -> bool:
    """True when the installed pgvector (0.8 or later) has ``hnsw.iterative_scan`` (cached)."""
    name = str(connection.settings_dict["NAME"])
    if name not in _iterative:
        with connection.cursor() as cursor:
            cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            row = cursor.fetchone()
        parts = [int(p) for p in str(row[0] if row else "0").split(".")[:2] if p.isdigit()]
        _iterative[name] = tuple(parts) >= (0, 8)
    return _iterative[name]


def forget_pgvector() -> None:
    """Forget the cached answers of :func:`pgvector_ready` and :func:`iterative_scan_supported`
    (after ``reindex`` changed the schema or installed the extension)."""
    _pgvector.clear()
    _iterative.clear()


def _literal(vector: NDArray[np.float32]) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def _relax_hnsw(cursor: Any, limit: int) -> None:
    """Let the HNSW index return ``limit`` rows (its candidate list, ``ef_search``, defaults to
    40 and caps the result) and, from pgvector 0.8, keep scanning until filtered queries fill it
    (older versions may return fewer rows). One statement, for this transaction only."""
    size = str(max(40, min(int(limit), 1000)))
    if iterative_scan_supported():
        cursor.execute(
            "SELECT set_config('hnsw.ef_search', %s, true),"
            " set_config('hnsw.iterative_scan', 'relaxed_order', true)",
            [size],
        )
    else:
        cursor.execute("SELECT set_config('hnsw.ef_search', %s, true)", [size])


class PgVectors:
    """pgvector inner-product search (vectors are unit length, so this is the cosine)."""

    def item_neighbours(self, *, content_type_id: int, object_id: int, limit: int) -> list[Hit]:
        """The nearest documents to an indexed item's own (itself included), its vector read
        by the database itself; [] when the item has no document."""
        own = (
            f"(SELECT embedding FROM {TABLE}"  # noqa: S608 - constants
            " WHERE content_type_id = %s AND object_id = %s)"
        )
        sql = (
            f"SELECT d.object_id, -(d.embedding <#> {own}) AS score FROM {TABLE} d"  # noqa: S608
            f" WHERE d.content_type_id = %s AND d.embedding IS NOT NULL"
            f" ORDER BY d.embedding <#> {own} LIMIT %s"
        )
        key = [content_type_id, object_id]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _relax_hnsw(cursor, limit)
                cursor.execute(sql, [*key, content_type_id, *key, limit])
                rows = cursor.fetchall()
        except DatabaseError as exc:
            logger.warning("pgvector query failed, using numpy: %s", exc)
            return NumpyVectors().item_neighbours(
                content_type_id=content_type_id, object_id=object_id, limit=limit
            )
        return [(int(pk), float(score)) for pk, score in rows if score is not None]

    def cosines(
        self, vector: NDArray[np.float32], *, content_type_id: int, ids: list[int]
    ) -> dict[int, float]:
        if not ids:
            return {}
        sql = (
            f"SELECT object_id, -(embedding <#> %s::vector) FROM {TABLE}"  # noqa: S608
            " WHERE content_type_id = %s AND object_id = ANY(%s) AND embedding IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_literal(vector), content_type_id, list(ids)])
            return {int(pk): float(score) for pk, score in cursor.fetchall()}

    def nearest(
        self,
        vector: NDArray[np.float32],
        *,
        content_type_id: int,
        allowed: AllowedIds | None,
        limit: int,
    ) -> list[Hit]:
        where, params = allowed.as_sql() if allowed is not None else ("", [])
        sql = (
            f"SELECT d.object_id, -(d.embedding <#> %s::vector) AS score FROM {TABLE} d"  # noqa: S608
            f" WHERE d.content_type_id = %s AND d.embedding IS NOT NULL {where}"
            " ORDER BY d.embedding <#> %s::vector LIMIT %s"
        )
        literal = _literal(vector)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _relax_hnsw(cursor, limit)
                cursor.execute(sql, [literal, content_type_id, *params, literal, limit])
                return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
        except DatabaseError as exc:
            logger.warning("pgvector query failed, using numpy: %s", exc)
            return NumpyVectors().nearest(
                vector, content_type_id=content_type_id, allowed=allowed, limit=limit
            )


def write_pgvector(pairs: list[tuple[int, NDArray[np.float32]]]) -> None:
    """Copy (document id, vector) pairs into the ``embedding`` column when it exists."""
    if not pairs or not pgvector_ready():
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TABLE} SET embedding = %s::vector WHERE id = %s",  # noqa: S608
            [(_literal(vector), pk) for pk, vector in pairs],
        )


def get_vectors() -> Any:
    """pgvector when ready, numpy otherwise."""
    return PgVectors() if pgvector_ready() else NumpyVectors()
