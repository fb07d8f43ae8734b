"""Entry point of ``make bench`` (``python -m bench.run``): runs the benchmarks, writes JSON.

Importable without Django settings: the matching benchmark needs no database, and Django is only
configured (``config.settings.local`` unless DJANGO_SETTINGS_MODULE is set) when this runs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    """Configure Django once, so code that reads settings works (e.g. the encoder's threads)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def write_result(name: str, figures: dict[str, Any]) -> Path:
    """Write one benchmark's figures to ``bench/results/<name>.json`` and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def report(name: str, run: Any, summary: Any) -> int:
    """The ``main`` of a benchmark that needs only Django's settings: run it, write
    ``bench/results/<name>.json``, print its summary and the file's path."""
    setup_django()
    figures = run()
    path = write_result(name, figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0


def run_matching() -> bool:
    """Run the matching benchmark; return True when it meets its budget and target."""
    from bench import matching

    figures = matching.run()
    path = write_result("matching", figures)
    print(matching.summary(figures))
    print(f"  → {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return (
        bool(figures["command_line_cold_within_budget"])
        and bool(figures["warm_within_budget"])
        and figures["ratio_to_optimum"] >= matching.TARGET_RATIO
    )


def run_in_process(module: str, *args: str, wrapper: tuple[str, ...] = ()) -> bool:
    """Run a benchmark that configures its own database, in a fresh process (started through
    ``wrapper``, a command that runs another, when given)."""
    import subprocess

    command = [*wrapper, sys.executable, "-m", module, *args]
    print(f"\n$ {' '.join([*wrapper, '-m', module, *args])}", flush=True)
    return subprocess.run(command, check=False).returncode == 0  # noqa: S603


def run_on_postgres(module: str, *args: str) -> bool:
    """Run a benchmark against a throwaway PostgreSQL cluster (scripts/with-postgres.sh); without
    the server binaries it runs on its own (and says what it skipped)."""
    if not (Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")) / "initdb").exists():
        return run_in_process(module, *args)
    return run_in_process(module, *args, wrapper=("bash", "scripts/with-postgres.sh"))


def main() -> int:
    """Run every benchmark; exit status 1 when one misses its budget.

    PostgreSQL at 100,000 practices is run separately, as it needs a server:
    ``bash scripts/with-postgres.sh .venv/bin/python -m bench.repository_perf --practices 100000``.
    """
    setup_django()
    results = {"matching": run_matching()}
    if (Path(__file__).parent / "search_quality.py").exists():
        results["search_quality"] = run_in_process("bench.search_quality")
    results["expert_quality"] = run_in_process("bench.expert_quality")
    results["support_quality"] = run_in_process("bench.support_quality")
    results["repository_sqlite_10000"] = run_in_process(
        "bench.repository_perf", "--practices", "10000"
    )
    results["http_load_sqlite_10000"] = run_in_process(
        "bench.http_load", "--practices", "10000", "--seconds", "5"
    )
    results["reindex_workers"] = run_in_process("bench.reindex_perf", "--practices", "10000")
    results["inprocess_memory"] = run_in_process("bench.inprocess_memory")
    results["facet_paths"] = run_on_postgres("bench.facet_paths")
    results["page_weight"] = run_in_process("bench.page_weight")
    results["insights"] = run_in_process("bench.insights_perf")
    results["compendium_300"] = run_in_process("bench.compendium", "--practices", "300")
    # Queue engines: needs redis-server and PostgreSQL binaries (else says so and passes).
    results["queue_engines"] = run_in_process("bench.queue_engines")
    # Mixed visitor traffic through the whole production topology on PostgreSQL (proxy, two
    # gunicorn servers, Redis, pgvector): needs what scripts/topology.py needs (else says so and
    # passes). Seeding 100,000 practices takes most of its time (about 12 minutes here);
    # BENCH_TOPOLOGY_PRACTICES=10000 gives a quicker look.
    size = os.environ.get("BENCH_TOPOLOGY_PRACTICES", "100000")
    results[f"http_load_topology_{size}"] = run_in_process(
        "bench.http_load", "--topology", "--practices", size, "--seconds", "10"
    )
    print(
        "\n" + "\n".join(f"{name:<28} {'ok' if ok else 'MISSED'}" for name, ok in results.items())
    )
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
