"""Compendium benchmark: time and peak memory to build the PDF and the Word compendium of a call
with 300 published practices (issue 15), and the call export's ZIP for the same call.

Practices come from ``seed_synthetic`` (realistic multilingual texts) in a throwaway database,
all attached to one closed call. Peak memory is reported two ways: the Python heap's peak during
the build (tracemalloc) and the process's peak resident size after it (ru_maxrss, which also
counts WeasyPrint's Pango and cairo memory; it only grows, so formats are run PDF first). Wall
time and CPU time are both given: on a shared machine the first includes waiting for a core.

    python -m bench.compendium [--practices 300]        (also run by ``python -m bench.run``)
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from typing import Any

from bench.search_quality import throwaway_database


def _prepare(count: int) -> Any:
    from django.core.management import call_command
    from django.utils import timezone

    from calls.models import Call
    from repository.models import Practice

    with open(os.devnull, "w") as sink:
        call_command("seed_synthetic", practices=count, seed=15, stdout=sink)
    now = timezone.now()
    call = Call.objects.create(
        title="Benchmark call",
        slug="benchmark-call",
        summary="Every synthetic practice.",
        context="A call used to measure the compendium.",
        status="closed",
        opens_at=now - timezone.timedelta(days=90),
        deadline=now - timezone.timedelta(days=1),
    )
    Practice.objects.update(call=call)
    return call


def _measure(kind: str, call: Any, language: str) -> dict[str, Any]:
    from outputs.models import OutputJob
    from outputs.tasks import BUILDERS

    job = OutputJob.objects.create(kind=kind, call=call, language=language)
    tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out:
        BUILDERS[kind](job=job, out=out, progress=lambda d, t: None, base_url="https://hub.test")
        size = out.tell()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "python_peak_mb": round(peak / 2**20, 1),
        "process_peak_rss_mb": round(rss, 1),
        "bytes": size,
    }


def run(count: int) -> dict[str, Any]:
    from outputs.choices import JobKind

    with throwaway_database("compendium"):
        call = _prepare(count)
        from repository.models import Practice

        figures: dict[str, Any] = {"practices": Practice.objects.filter(call=call).count()}
        for kind in (JobKind.COMPENDIUM_PDF, JobKind.COMPENDIUM_DOCX, JobKind.CALL_EXPORT):
            figures[str(kind)] = _measure(kind, call, "fr")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--practices", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one line per page otherwise
    from bench.run import write_result

    figures = run(args.practices)
    write_result(f"compendium_{args.practices}", figures)
    for kind in ("compendium_pdf", "compendium_docx", "call_export"):
        f = figures[kind]
        print(
            f"{kind:<16} {figures['practices']} practices: {f['seconds']} s ({f['cpu_seconds']} s CPU), "
            f"Python peak {f['python_peak_mb']} MB, process peak RSS "
            f"{f['process_peak_rss_mb']} MB, {f['bytes'] / 2**20:.1f} MB file"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
