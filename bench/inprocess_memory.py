"""Memory each web process spends on its in-process copies: the listing's facet index, the
search vectors (numpy path) and the vocabulary caches, at 100,000 and 1,000,000 practices
(``docs/search.md``, "Many processes, and past one process").

The structures are built the way the code builds them, from synthetic rows instead of a
database: the facet index through ``repository.listing.index`` (``_column``, ``_orders``,
``Snapshot``) from the rows its ``build`` reads; the vector matrix as ``_load`` makes it (one
bytes value per document, then one float32 matrix); the vocabulary caches by building every
facet's options and every vocabulary's rows in the six languages from a migrated throwaway
database. ``tracemalloc`` gives what stays (retained) and the peak while building (the rows
read from the database are held until the arrays exist). The 1,000,000 vector figure is the
100,000 one times ten (the matrix is exactly linear; allocating 4 GB on a shared machine is not
worth it). The database path holds nothing per process: pgvector keeps the vectors and their
HNSW index in PostgreSQL; facet counts over GIN-indexed arrays in PostgreSQL hold nothing per
process either, but take 369 ms a listing at 1,000,000 (``bench.facet_paths``).

    python -m bench.inprocess_memory
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

MB = 1024 * 1024
SIZES = (100_000, 1_000_000)
DIMENSION = 512
# Values per practice and vocabulary sizes, as in the synthetic and demo content.
MULTI = {
    "objective": (3, 23),
    "principle": (3, 10),
    "sdg": (2, 17),
    "region": (2, 30),
    "country": (3, 250),
}
SINGLE = {"scope": 4, "type": 6, "implementer_type": 8, "language": 6, "call": 12}


def measured(build: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """``build()`` under tracemalloc: MB retained by its result, and the peak while building."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    value = build()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return value, {"retained_mb": round(retained / MB, 1), "peak_mb": round(peak / MB, 1)}


def facet_snapshot(size: int) -> Any:
    """A ``Snapshot`` of ``size`` practices, built as ``repository.listing.index.build`` does."""
    import numpy as np

    from repository.listing import index

    rng = np.random.default_rng(size)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        (
            pk,
            int(rng.integers(0, 4)),
            int(rng.integers(0, 6)),
            start + timedelta(minutes=pk),
            f"Synthetic practice number {pk} on labour mobility",
            2015 + pk % 10,
            None if pk % 3 else 2026,
            *(
                f"{name}-{pk % n}" if name != "call" or pk % 5 == 0 else None
                for name, n in SINGLE.items()
            ),
        )
        for pk in range(1, size + 1)
    ]
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    columns = {
        name: index._column(((r[0], r[7 + i]) for r in rows), ids) for i, name in enumerate(SINGLE)
    }
    for name, (each, values) in MULTI.items():
        picks = rng.integers(0, values, size=(size, each))
        columns[name] = index._column(
            ((int(pk), int(v)) for pk, row in zip(ids, picks, strict=True) for v in row), ids
        )
    first = np.asarray([r[5] for r in rows], dtype=np.int64)
    last = np.asarray([r[6] if r[6] is not None else -1 for r in rows], dtype=np.int64)
    orders = index._orders(
        ids, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows]
    )
    return index.Snapshot("bench", ids, columns, (first, last), orders)


def vector_matrix(size: int) -> Any:
    """The numpy store's matrix, as ``search.backends.vectors._load`` builds it."""
    import numpy as np

    from search.backends.vectors import _Matrix

    rng = np.random.default_rng(size)
    pairs = [
        (pk, rng.standard_normal(DIMENSION, dtype=np.float32).tobytes())
        for pk in range(1, size + 1)
    ]
    ids = np.fromiter((pk for pk, _v in pairs), dtype=np.int64, count=len(pairs))
    matrix = np.stack([np.frombuffer(bytes(v), dtype=np.float32) for _pk, v in pairs])
    return _Matrix("bench", ids, matrix)


def vocabulary_caches() -> dict[str, float]:
    """Every facet's options and every vocabulary's rows, in the six languages."""
    from django.utils import translation

    from bench.search_quality import throwaway_database
    from repository.facets import facet_options
    from repository.models import Practice, Resource
    from taxonomy import models as tax
    from taxonomy.selectors import rows_by_id

    names = (
        "objective",
        "principle",
        "sdg",
        "region",
        "country",
        "scope",
        "type",
        "implementer_type",
        "language",
    )
    vocabularies = (tax.Objective, tax.Principle, tax.SDG, tax.Region, tax.Country, tax.Language)

    def build() -> int:
        for language in ("en", "fr", "es", "ar", "ru", "zh-hans"):
            with translation.override(language):
                for model in (Practice, Resource):
                    facet_options(model, names)
                for vocabulary in vocabularies:
                    rows_by_id(vocabulary)
        return 0

    with throwaway_database():
        build()  # Django's own caches (translations, model metadata) first: not ours
        from taxonomy import selectors

        selectors._memo.clear()
        _value, figures = measured(build)
    return figures


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {"vocabulary_caches": vocabulary_caches()}
    for size in SIZES:
        snapshot, facets = measured(lambda: facet_snapshot(size))  # noqa: B023
        del snapshot
        figures[f"facet_index_{size}"] = facets
    _matrix, vectors = measured(lambda: vector_matrix(SIZES[0]))
    del _matrix
    figures[f"vectors_numpy_{SIZES[0]}"] = vectors
    figures[f"vectors_numpy_{SIZES[1]}"] = {
        key: round(value * SIZES[1] / SIZES[0], 1) for key, value in vectors.items()
    } | {"computed": True}
    for size in SIZES:
        figures[f"vectors_pgvector_{size}"] = {
            "retained_mb": 0.0,
            "in_database_mb": round(size * (DIMENSION * 4 + 8) / MB, 1),
        }
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = ["memory per process of the in-process copies (MB retained / peak while building)"]
    for key, value in figures.items():
        shown = ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
        lines.append(f"  {key:<28} {shown}")
    return "\n".join(lines)


def main() -> int:
    from bench.run import report

    return report("inprocess_memory", run, summary)


if __name__ == "__main__":
    sys.exit(main())
