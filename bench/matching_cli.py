"""The matching command timed from the command line, as a curator runs it.

Each run is a fresh ``python manage.py match_reviewers INPUT.json`` process (Django start-up,
model load, encoding, affinities, flow, JSON out), timed from outside, with the CPU time the child
used. Everything runs in a throwaway ``HUB_VAR_DIR`` so that the caches start empty:

1. **first ever**: nothing cached (the model is built from its files and pickled, every text is
   encoded);
2. **cold**: an instance whose texts were never seen (new seed), the model pickle present, as on
   any machine after the first run;
3. **warm**: the same instance again: every vector comes from the vector store.

The objective printed by the command is compared with the flow optimum of the same instance,
computed in this process from the same vectors (read from the run's vector store).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reviews.matching import Policy, ReviewerIn, SubmissionIn, compute_affinities, solve_table
from reviews.matching.affinity import m49_subregion
from search.encoders import USEM3_DIMENSION, CachedEncoder, UsemEncoder, VectorStore

ROOT = Path(__file__).resolve().parent.parent


def write_instance(
    path: Path, policy: Policy, submissions: list[SubmissionIn], reviewers: list[ReviewerIn]
) -> None:
    """Write the command's input document for an instance."""

    def plain(item: Any) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(item).items()}

    document = {
        "policy": {
            "internal": policy.internal,
            "external": policy.external,
            "max_load": policy.max_load,
        },
        "submissions": [plain(s) for s in submissions],
        "reviewers": [{k: v for k, v in plain(r).items() if v is not None} for r in reviewers],
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def run_command(input_path: Path, var_dir: Path) -> tuple[float, float, dict[str, Any]]:
    """Run the command in a child process; return wall seconds, its CPU seconds and its output."""
    env = {
        **os.environ,
        "HUB_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "match_reviewers", str(input_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"match_reviewers failed: {done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def optimum_from_store(
    store: Path, policy: Policy, submissions: list[SubmissionIn], reviewers: list[ReviewerIn]
) -> float:
    """Solve the instance in this process with the vectors the command stored."""
    encoder = CachedEncoder(_StoredOnly(), store=VectorStore(store, UsemEncoder().model_id))
    table = compute_affinities(submissions, reviewers, policy, encoder, region_of=m49_subregion)
    return solve_table(table, submissions, reviewers, policy).optimum


class _StoredOnly:
    """An encoder that refuses to encode: every vector must come from the store."""

    dimension = USEM3_DIMENSION

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Fail: the command should have stored the vector of every text."""
        raise RuntimeError(f"{len(texts)} text vector(s) missing from the command's store")


def _stats(values: list[float]) -> dict[str, float]:
    """Median, minimum and maximum, rounded."""
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def run(make_instance: Any, policy: Policy, seeds: list[int]) -> dict[str, Any]:
    """Time a first-ever run, then a cold and a warm run per seed; return the figures."""
    cold_wall, cold_cpu, warm_wall, warm_cpu, ratios = [], [], [], [], []
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="hub-bench-matching-") as folder:
        var_dir = Path(folder)
        first_path = var_dir / "first.json"
        write_instance(first_path, policy, *make_instance(seeds[0] - 1))
        first_wall, first_cpu, _output = run_command(first_path, var_dir)
        for seed in seeds:
            submissions, reviewers = make_instance(seed)
            path = var_dir / f"instance-{seed}.json"
            write_instance(path, policy, submissions, reviewers)
            loads.append(os.getloadavg()[0])
            wall, cpu, cold = run_command(path, var_dir)
            cold_wall.append(wall)
            cold_cpu.append(cpu)
            wall, cpu, warm = run_command(path, var_dir)
            warm_wall.append(wall)
            warm_cpu.append(cpu)
            if abs(cold["objective"] - warm["objective"]) > 1e-4:
                raise RuntimeError("the warm run found another objective than the cold one")
            store = var_dir / "cache" / "text-vectors.sqlite3"
            optimum = optimum_from_store(store, policy, submissions, reviewers)
            ratios.append(cold["objective"] / optimum)
    return {
        "runs": len(seeds),
        "load_average_1min": _stats(loads),
        "first_ever_seconds": {"wall": round(first_wall, 3), "cpu": round(first_cpu, 3)},
        "cold_wall_seconds": _stats(cold_wall),
        "cold_cpu_seconds": _stats(cold_cpu),
        "warm_wall_seconds": _stats(warm_wall),
        "warm_cpu_seconds": _stats(warm_cpu),
        "ratio_to_optimum_min": round(min(ratios), 6),
    }


def summary_lines(cli: dict[str, Any], within: bool) -> list[str]:
    """Lines about the command-line runs."""

    def spread(name: str) -> str:
        wall, cpu = cli[f"{name}_wall_seconds"], cli[f"{name}_cpu_seconds"]
        return (
            f"{wall['median']:.2f} s wall (runs {wall['min']:.2f}-{wall['max']:.2f}), "
            f"{cpu['median']:.2f} s CPU"
        )

    load = cli["load_average_1min"]
    return [
        f"  command line, {cli['runs']} new instances (load average {load['min']}-{load['max']}):",
        f"    cold (texts never seen) {spread('cold')}" + (" ok" if within else " OVER"),
        f"    warm (same instance again) {spread('warm')}",
        f"    first run ever (model not yet cached): {cli['first_ever_seconds']['wall']:.2f} s "
        f"wall, {cli['first_ever_seconds']['cpu']:.2f} s CPU",
        f"    objective ≥ {100 * cli['ratio_to_optimum_min']:.3f} % of the flow optimum",
    ]
