"""Compendium benchmark: time and peak memory to build the PDF and the Word compendium of a call
with 300 published practices (issue 15), and the call export's ZIP for the same call.

Practices come from ``seed_synthetic`` (realistic multilingual texts) in a throwaway database,
all attached to one closed call. Peak memory is reported two ways: the Python heap's peak during
the export and the Word build (tracemalloc), and for the PDF, built last and untraced, the
process's resident size before and its peak after (ru_maxrss, which also counts WeasyPrint's
Pango memory; ``peak_growth_mb`` is the difference). The PDF is rendered in parts of
``outputs.compendium_pdf.PART_SIZE`` practices and joined. Wall time and CPU time are both given:
on a shared machine the first includes waiting for a core.

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


def _rss_mb() -> float:
    """The process's resident size now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(kind: str, call: Any, language: str, *, trace: bool) -> dict[str, Any]:
    from outputs.models import OutputJob
    from outputs.tasks import BUILDERS

    job = OutputJob.objects.create(kind=kind, call=call, language=language)
    before = _rss_mb()
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out:
        BUILDERS[kind](job=job, out=out, progress=lambda d, t: None, base_url="https://hub.test")
        size = out.tell()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "bytes": size}
    if trace:
        figures["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures |= {
        "rss_before_mb": round(before, 1),
        "process_peak_rss_mb": round(peak, 1),
        "peak_growth_mb": round(max(0.0, peak - before), 1),
    }
    return figures


def run(count: int) -> dict[str, Any]:
    from outputs.choices import JobKind

    with throwaway_database("compendium"):
        call = _prepare(count)
        from repository.models import Practice

        figures: dict[str, Any] = {"practices": Practice.objects.filter(call=call).count()}
        # The small builds first, traced; the PDF last and untraced (tracemalloc slows it
        # several times): its memory is the growth of the process's peak RSS.
        for kind in (JobKind.CALL_EXPORT, JobKind.COMPENDIUM_DOCX):
            figures[str(kind)] = _measure(kind, call, "fr", trace=True)
        figures["compendium_pdf"] = _measure(JobKind.COMPENDIUM_PDF, call, "fr", trace=False)
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
    for kind in ("call_export", "compendium_docx", "compendium_pdf"):
        f = figures[kind]
        memory = (
            f"Python peak {f['python_peak_mb']} MB"
            if "python_peak_mb" in f
            else f"RSS {f['rss_before_mb']} MB before, peak {f['process_peak_rss_mb']} MB"
            f" (+{f['peak_growth_mb']} MB)"
        )
        print(
            f"{kind:<16} {figures['practices']} practices: {f['seconds']} s wall, "
            f"{f['cpu_seconds']} s CPU, {memory}, {f['bytes'] / 2**10:.0f} KB file"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
