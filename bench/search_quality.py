"""Search-quality benchmark: recall@10 and MRR of lexical, semantic and hybrid search.

Loads ``bench/data/practices.jsonl`` (226 practices in en/fr/es) into a throwaway database
through the repository import service, indexes them, runs ``bench/data/queries.json`` (74
labelled queries) in the three modes, and reports the figures separately for same-language and
cross-lingual queries. Fails (exit 1) when hybrid trails the better single mode by more than
``TOLERANCE`` MRR on either group.

    python -m bench.search_quality        (also run by ``python -m bench.run``)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

DATA = Path(__file__).resolve().parent / "data"
MODES: tuple[Literal["lexical", "semantic", "hybrid"], ...] = ("lexical", "semantic", "hybrid")
GROUPS = ("same_language", "cross_lingual")
TOLERANCE = 0.02
CUTOFF = 10


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A fresh test database (in-memory SQLite by default) with migrations and vocabularies."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with open(os.devnull, "w") as sink:
            call_command("load_vocabulary", verbosity=0, stdout=sink)
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _as_import_line(data: dict[str, Any]) -> dict[str, Any]:
    """The dataset line without its benchmark id; partner lists joined one per line."""
    line = {key: value for key, value in data.items() if key != "id"}
    if isinstance(line.get("partners"), list):
        line["partners"] = "\n".join(line["partners"])
    return line


def load_practices() -> dict[int, str]:
    """Import the corpus; return database id -> dataset id ("p001")."""
    from repository.interchange import Vocab, validate_record
    from repository.models import Practice
    from repository.services import practices_import

    lines = [json.loads(line) for line in (DATA / "practices.jsonl").open(encoding="utf-8")]
    vocab, records, by_slug = Vocab.load(), [], {}
    for data in lines:
        record, problems = validate_record(_as_import_line(data), vocab)
        if record is None:
            raise SystemExit(f"{data['id']}: {problems}")
        records.append(record)
        by_slug[record.slug] = data["id"]
    practices_import(records=records)
    return {pk: by_slug[slug] for pk, slug in Practice.objects.values_list("pk", "slug")}


def score_query(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank) of one ranked list."""
    recall = len(relevant & set(ranked[:CUTOFF])) / len(relevant)
    rank = next((i for i, pid in enumerate(ranked, start=1) if pid in relevant), None)
    return recall, (1.0 / rank if rank else 0.0)


def evaluate(names: dict[int, str], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean recall@10 and MRR per group and mode, and the mean query time per mode."""
    from repository.models import Practice
    from search.selectors import search

    sums: dict[tuple[str, str], list[float]] = {}
    timing = dict.fromkeys(MODES, 0.0)
    for query in queries:
        group = "cross_lingual" if query["cross_lingual"] else "same_language"
        for mode in MODES:
            start = time.perf_counter()
            ids = search(query["query"], model=Practice, mode=mode, language=query["language"])
            timing[mode] += time.perf_counter() - start
            recall, rr = score_query([names[pk] for pk in ids], set(query["relevant"]))
            acc = sums.setdefault((group, mode), [0.0, 0.0, 0.0])
            acc[0], acc[1], acc[2] = acc[0] + recall, acc[1] + rr, acc[2] + 1
    figures: dict[str, Any] = {g: {} for g in GROUPS}
    for (group, name), (recall, rr, n) in sums.items():
        figures[group][name] = {"recall@10": round(recall / n, 4), "mrr": round(rr / n, 4)}
        figures[group]["queries"] = int(n)
    figures["ms_per_query"] = {m: round(1000 * t / len(queries), 2) for m, t in timing.items()}
    return figures


def verdict(figures: dict[str, Any]) -> dict[str, bool]:
    """Per group: hybrid MRR within TOLERANCE of the better single mode (or above it)."""
    result = {}
    for group in GROUPS:
        modes = figures[group]
        best = max(modes["lexical"]["mrr"], modes["semantic"]["mrr"])
        result[group] = modes["hybrid"]["mrr"] >= best - TOLERANCE
    return result


def run() -> dict[str, Any]:
    """Build the throwaway index, evaluate, and return the figures."""
    from search.services import reindex

    queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    with throwaway_database():
        names = load_practices()
        start = time.perf_counter()
        reindex(models=["practices"])
        indexing = time.perf_counter() - start
        figures = evaluate(names, queries)
    figures["documents"] = len(names)
    figures["index_seconds"] = round(indexing, 2)
    figures["passes"] = verdict(figures)
    return figures


def _fake_document(contribution: Any, content_type: Any, item: Any, rng: Any) -> Any:
    """The document of ``item`` with a random unit vector instead of its encoding."""
    import numpy as np

    from search.models import SearchDocument

    doc, vector = contribution.document(item), rng.standard_normal(512).astype(np.float32)
    vector /= np.linalg.norm(vector)
    return SearchDocument(
        content_type=content_type,
        object_id=item.pk,
        language=doc.language,
        title=doc.title,
        body=f"{doc.summary}\n{doc.body}",
        vector=vector.tobytes(),
        source_updated_at=item.updated_at,  # current: ``reindex --stale`` leaves it alone
    )


def _fake_documents() -> int:
    """Documents for every published practice with random unit vectors (latency only: encoding
    100,000 practices would take longer than the benchmark is worth; query encoding stays real)."""
    import numpy as np
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from repository.models import Practice
    from search.backends.schema import vector_index_suspended
    from search.backends.vectors import index_changed, write_pgvector
    from search.models import SearchDocument
    from search.registry import for_model

    contribution, rng = for_model(Practice), np.random.default_rng(0)
    content_type = ContentType.objects.get_for_model(Practice)
    items = contribution.queryset().iterator(chunk_size=2000)
    rows = [_fake_document(contribution, content_type, item, rng) for item in items]
    SearchDocument.objects.bulk_create(rows, batch_size=2000)
    with vector_index_suspended(connection, rows=len(rows)):  # one HNSW build, not 100,000 updates
        write_pgvector([(row.pk, row.as_array()) for row in rows])  # no-op without pgvector
    index_changed(content_type.pk)
    return len(rows)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(1000 * pick(0.5), 1), "p95_ms": round(1000 * pick(0.95), 1)}


def latency(practices: int) -> dict[str, Any]:
    """p50/p95 of hybrid ``search()`` (query encoding included) over N synthetic practices,
    without a filter and with a facet queryset (French practices), in this process."""
    from django.core.management import call_command

    from repository.models import Practice
    from search.selectors import search

    queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    with throwaway_database():
        with open(os.devnull, "w") as sink:
            call_command("seed_synthetic", practices=practices, stdout=sink, stderr=sink)
        figures: dict[str, Any] = {"practices": _fake_documents()}
        facet = Practice.objects.published().filter(language__code="fr")
        search("warm-up", model=Practice)  # loads the matrix once, as a running server has
        for name, allowed, suffix in (("no_filter", None, ""), ("facet", facet, " ?")):
            samples = []
            for query in queries:
                start = time.perf_counter()
                search(query["query"] + suffix, model=Practice, allowed_ids=allowed, limit=20)
                samples.append(time.perf_counter() - start)
            figures[name] = _percentiles(samples)
    return figures


def connection_vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


def summary(figures: dict[str, Any]) -> str:
    """A small table of the figures."""
    lines = [f"search quality ({figures['documents']} practices, recall@{CUTOFF} / MRR)"]
    for group in GROUPS:
        cells = [
            f"{mode} {figures[group][mode]['recall@10']:.3f} / {figures[group][mode]['mrr']:.3f}"
            for mode in MODES
        ]
        ok = "ok" if figures["passes"][group] else "FAIL"
        lines.append(
            f"  {group:<14} n={figures[group]['queries']:<3} " + "  ".join(cells) + f"  {ok}"
        )
    lines.append(f"  ms/query: {figures['ms_per_query']}")
    return "\n".join(lines)


def main() -> int:
    """``python -m bench.search_quality [--latency N]``."""
    from bench.run import _setup_django, write_result

    _setup_django()
    if "--latency" in sys.argv:
        count = int(sys.argv[sys.argv.index("--latency") + 1])
        measured = latency(count)
        print(f"search latency: {measured}")
        write_result(f"search_latency_{connection_vendor()}_{count}", measured)
        return 0
    figures = run()
    path = write_result("search_quality", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0 if all(figures["passes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
