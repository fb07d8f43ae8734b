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
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
MODES = ("lexical", "semantic", "hybrid")
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
    for (group, mode), (recall, rr, n) in sums.items():
        figures[group][mode] = {"recall@10": round(recall / n, 4), "mrr": round(rr / n, 4)}
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
    from bench.run import _setup_django, write_result

    _setup_django()
    figures = run()
    path = write_result("search_quality", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0 if all(figures["passes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
