"""The listing's facet work on both paths, at 100,000 and 1,000,000 practices: the in-process
facet index (numpy masks and ``bincount``, what runs today) and the database path documented for
larger corpora (docs/search.md, "Many processes, and past one process"): each practice's tag ids
as integer arrays with GIN indexes, filtered with ``&&`` and counted with ``unnest`` ... ``GROUP
BY`` in PostgreSQL, so a process keeps nothing.

One "listing" is what ``repository.listing.listing_page`` asks of the index: the items matching
three chosen facets (an objective, a region, a type of practice), their number and first page of
20, and for each of the ten facets how many items each value would give with the *other*
facets applied. Also timed: the listing with no facet chosen (the landing page; the page cache
serves it to most visitors). Data: the same synthetic distribution as ``bench.inprocess_memory``
(3 objectives, 3 principles, 2 SDGs, 2 regions and 3 countries per practice). The database path
is measured on a throwaway table, not built into the Hub.

    bash scripts/with-postgres.sh .venv/bin/python -m bench.facet_paths
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

SIZES = (100_000, 1_000_000)
LISTINGS = 40  # random three-facet listings per path and size
CHOSEN = ("objective", "region", "type")
TABLE = "bench_facet_paths"


def _figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "runs": len(ordered),
    }


def _timed(run: Callable[[dict[str, list[str]]], Any], choices: list[dict]) -> dict[str, float]:
    run(choices[0])  # warm
    samples = []
    for chosen in choices:
        started = time.perf_counter()
        run(chosen)
        samples.append(time.perf_counter() - started)
    return _figures(samples)


def _choices(rng: random.Random, count: int) -> list[dict[str, list[str]]]:
    from bench.inprocess_memory import MULTI, SINGLE

    return [
        {
            "objective": [str(rng.randrange(MULTI["objective"][1]))],
            "region": [str(rng.randrange(MULTI["region"][1]))],
            "type": [f"type-{rng.randrange(SINGLE['type'])}"],
        }
        for _ in range(count)
    ]


# ------------------------------------------------------------------ in-process index
def in_process(size: int, choices: list[dict]) -> dict[str, Any]:
    from bench.inprocess_memory import facet_snapshot
    from repository.listing import index

    snapshot = facet_snapshot(size)

    def listing(chosen: dict[str, list[str]]) -> None:
        masks = snapshot.facet_masks(chosen)
        matching = index.combine(masks.values(), snapshot.size)
        snapshot.ordered(matching, None)[:20]
        for name, column in snapshot.columns.items():
            others = [mask for other, mask in masks.items() if other != name]
            column.counts(index.combine(others, snapshot.size))

    return {"three_facets": _timed(listing, choices), "no_facet": _timed(listing, [{}] * 10)}


# ------------------------------------------------------------------ database path
def _create(cursor: Any, size: int) -> float:
    """The throwaway table: one row per practice, its tag ids as arrays; GIN on each array."""
    from bench.inprocess_memory import MULTI, SINGLE

    started = time.perf_counter()
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    arrays = ", ".join(
        "ARRAY["
        + ", ".join(f"floor(random() * {values})::int" for _ in range(each))
        + f"] AS {name}"
        for name, (each, values) in MULTI.items()
    )
    singles = ", ".join(  # one practice in five answers a call, as in bench.inprocess_memory
        f"CASE WHEN g % 5 = 0 THEN g % {n} END AS {name}"
        if name == "call"
        else f"g % {n} AS {name}"
        for name, n in SINGLE.items()
    )
    cursor.execute("SELECT setseed(0.5)")
    cursor.execute(
        f"CREATE TABLE {TABLE} AS SELECT g AS id, {singles}, {arrays}"  # noqa: S608
        f" FROM generate_series(1, {int(size)}) g"
    )
    cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)")
    for name in MULTI:
        cursor.execute(f"CREATE INDEX ON {TABLE} USING gin ({name})")
    for name in SINGLE:
        cursor.execute(f"CREATE INDEX ON {TABLE} ({name})")
    cursor.execute(f"VACUUM ANALYZE {TABLE}")
    return time.perf_counter() - started


def _where(chosen: dict[str, list[str]], leave_out: str | None) -> tuple[str, list[Any]]:
    from bench.inprocess_memory import MULTI

    clauses, params = ["TRUE"], []
    for name, values in chosen.items():
        if name == leave_out:
            continue
        clauses.append(f"{name} && %s::int[]" if name in MULTI else f"{name} = ANY(%s::int[])")
        params.append([int(v.rsplit("-", 1)[-1]) for v in values])
    return " AND ".join(clauses), params


def _listing_sql(chosen: dict[str, list[str]]) -> tuple[str, list[Any]]:
    """One round trip: the first page, the total and every facet's counts. Table and column
    names are this module's constants; the chosen values are parameters."""
    from bench.inprocess_memory import MULTI, SINGLE

    parts, params = [], []
    where, values = _where(chosen, None)
    parts.append(f"(SELECT 'page', id, 0 FROM {TABLE} WHERE {where} ORDER BY id DESC LIMIT 20)")  # noqa: S608
    params += values
    parts.append(f"SELECT 'total', 0, count(*) FROM {TABLE} WHERE {where}")  # noqa: S608
    params += values
    for name in MULTI:
        where, values = _where(chosen, name)
        parts.append(
            f"SELECT '{name}', v, count(*) FROM {TABLE}, unnest({name}) v WHERE {where} GROUP BY v"  # noqa: S608
        )
        params += values
    for name in SINGLE:
        where, values = _where(chosen, name)
        parts.append(
            f"SELECT '{name}', {name}, count(*) FROM {TABLE}"  # noqa: S608
            f" WHERE {where} AND {name} IS NOT NULL GROUP BY {name}"
        )
        params += values
    return " UNION ALL ".join(parts), params


def in_database(size: int, choices: list[dict]) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        seconds = _create(cursor, size)
        cursor.execute(f"SELECT pg_total_relation_size('{TABLE}')")
        table_mb = cursor.fetchone()[0] / 1024 / 1024

        def listing(chosen: dict[str, list[str]]) -> None:
            sql, params = _listing_sql(chosen)
            cursor.execute(sql, params)
            cursor.fetchall()

        figures = {
            "three_facets": _timed(listing, choices),
            "no_facet": _timed(listing, [{}] * 10),
            "table_and_indexes_mb": round(table_mb, 1),
            "build_s": round(seconds, 1),
        }
        cursor.execute(f"DROP TABLE {TABLE}")
    return figures


def run() -> dict[str, Any]:
    from django.db import connection

    figures: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0]}
    if connection.vendor != "postgresql":
        figures["database"] = "SKIPPED: needs PostgreSQL (scripts/with-postgres.sh)"
    rng = random.Random(11)
    for size in SIZES:
        choices = _choices(rng, LISTINGS)
        row = {"in_process": in_process(size, choices)}
        if connection.vendor == "postgresql":
            row["database"] = in_database(size, choices)
        figures[str(size)] = row
        print(f"  {size:,}: {row}", flush=True)
    figures["load_average_after"] = os.getloadavg()[0]
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [
        "facet work of one listing, in-process index vs GIN-indexed arrays in PostgreSQL "
        f"(p50 / p95 ms; load {figures['load_average_before']:.1f} → "
        f"{figures['load_average_after']:.1f})"
    ]
    for size in SIZES:
        row = figures[str(size)]
        for path, found in row.items():
            lines.append(
                f"  {size:>9,} {path:<11} three facets {found['three_facets']['p50_ms']} / "
                f"{found['three_facets']['p95_ms']}, no facet {found['no_facet']['p50_ms']} / "
                f"{found['no_facet']['p95_ms']}"
                + (
                    f" (table and indexes {found['table_and_indexes_mb']} MB, built in "
                    f"{found['build_s']} s)"
                    if "build_s" in found
                    else ""
                )
            )
    if "database" in figures:
        lines.append("  " + figures["database"])
    return "\n".join(lines)


def main() -> int:
    from bench.run import report

    os.environ["DEBUG"] = "false"
    return report("facet_paths", run, summary)


if __name__ == "__main__":
    sys.exit(main())
