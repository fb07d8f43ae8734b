"""The public site under load, measured from outside over HTTP (issue 16, points 5 and 8).

Seeds N synthetic published practices into the database in DATABASE_URL (a throwaway SQLite
file without it), then serves it the way production does: gunicorn (config/gunicorn.py, 2
workers by default) with the production settings, Redis for the cache and sessions, static files
collected for whitenoise. Clients are separate processes on loopback; each sends one request at
a time and waits for the answer (closed loop), so throughput and latency are those a client sees.

Two parts:

* **pages** — 4 clients for a fixed time on one kind of page at a time: ``/healthz``, a listing
  with three facets, a French search, a practice page. Listing, search and practice page are run
  twice: *popular* (a small set of addresses asked again and again, as real traffic is, which the
  page cache serves) and *fresh* (every address new, so every request renders). Each throughput
  is reported as a ratio to ``/healthz`` in the same run.
* **mixed** — visitor traffic (listings, searches, practice pages, the API, the home page; the
  popular ones asked more often) at rising concurrency until the server saturates: throughput,
  p95 and error rate per step, ``/healthz`` throughput at the same concurrency, and the first
  concurrency at which each kind's p95 crosses its page budget.

    bash scripts/with-postgres.sh .venv/bin/python -m bench.http_load --practices 100000
    .venv/bin/python -m bench.http_load --practices 10000 --seconds 5
    .venv/bin/python -m bench.http_load --topology --practices 100000   # issue 16, point 8

With ``--topology`` the server is the whole production topology of scripts/topology.py (reverse
proxy, ``--workers`` gunicorn servers of one worker each, its own PostgreSQL with pgvector when
installed, Redis), seeded in its own database.

Needs ``redis-server`` (Debian: apt-get install redis-server); without it the benchmark says so
and exits 0. Only ever points load at 127.0.0.1, bounded in clients and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
BUDGETS_MS = {"listing": 50.0, "search": 100.0, "practice": 30.0}
STEPS = (1, 2, 4, 8, 16, 32)
MIX = {"listing": 35, "search": 20, "practice": 30, "api": 10, "home": 5}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered 200 on 127.0.0.1:{port}{path} in {seconds} s")


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


# The open-data API's per-address limit (600/minute) would answer most of the load's API requests
# with 429 from this one address: the benchmark measures the server, not that.
_UNTHROTTLED = {
    "API_ANON_RATE": "1000000/minute",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}


def production_environment(folder: Path, redis_url: str, workers: int, port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(folder / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "LOG_LEVEL": "WARNING",
        **_UNTHROTTLED,
    }


@contextmanager
def gunicorn(folder: Path, redis_url: str, workers: int) -> Iterator[int]:
    port = free_port()
    env = production_environment(folder, redis_url, workers, port)
    python = str(Path(sys.executable))
    subprocess.run(  # noqa: S603
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(port, "/healthz")
        yield port
    finally:
        process.terminate()
        process.wait(20)
        log.close()


# --- clients -------------------------------------------------------------------------------


def client_loop(port: int, plan: list[tuple[str, str]], seconds: float, out: Any) -> None:
    """Send the planned requests in turn (round and round) for ``seconds``; report
    (kind, milliseconds, status) for each."""
    samples: list[tuple[str, float, int]] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    deadline = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < deadline:
        kind, path = plan[index % len(plan)]
        index += 1
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
        samples.append((kind, (time.perf_counter() - start) * 1000, status))
    out.send(samples)
    out.close()


def load(port: int, plans: list[list[tuple[str, str]]], seconds: float) -> dict[str, Any]:
    """One client process per plan, all at once; their samples together."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for plan in plans:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=client_loop, args=(port, plan, seconds, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    samples = [sample for pipe in pipes for sample in pipe.recv()]
    for process in processes:
        process.join()
    return {"samples": samples, "seconds": seconds}


def figures_of(samples: list[tuple[str, float, int]], seconds: float) -> dict[str, Any]:
    if not samples:
        return {
            "requests": 0,
            "throughput_per_s": 0.0,
            "p50_ms": None,
            "p95_ms": None,
            "error_rate": 1.0,
        }
    timings = [ms for _, ms, _ in samples]
    errors = sum(1 for _, _, status in samples if status != 200)
    return {
        "requests": len(samples),
        "throughput_per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "error_rate": round(errors / len(samples), 4),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- what the clients ask ----------------------------------------------------------------


def addresses(practices: list[str], queries: list[str], rng: random.Random) -> dict[str, Any]:
    facets = [
        f"objective={o}&region={r}&type={t}"
        for o in (10, 7, 6, 1, 23)
        for r in (2, 19, 142, 150)
        for t in ("project", "policy", "partnership")
    ]
    popular_slugs = practices[:50]
    return {
        "facets": facets,
        "popular": {
            "listing": [f"/en/practices/?{f}" for f in facets[:20]],
            "search": [f"/fr/practices/?q={quote_plus(q)}" for q in queries[:10]],
            "practice": [f"/en/practices/{slug}/" for slug in popular_slugs],
        },
        "slugs": practices,
    }


def fresh_plan(
    kind: str, urls: dict[str, Any], queries: list[str], client: int, count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """Addresses no other request asks (a marker the page ignores, or a new search text)."""
    plan = []
    for n in range(count):
        marker = f"{client}-{n}"
        if kind == "listing":
            plan.append((kind, f"/en/practices/?{rng.choice(urls['facets'])}&visit={marker}"))
        elif kind == "search":
            text = f"{rng.choice(queries)} {marker}"
            plan.append((kind, f"/fr/practices/?q={quote_plus(text)}"))
        else:
            plan.append((kind, f"/en/practices/{rng.choice(urls['slugs'])}/?visit={marker}"))
    return plan


def mixed_plan(
    urls: dict[str, Any], queries: list[str], client: int, count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """Visitor traffic: the popular addresses asked most, a long tail of others."""
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    slugs = urls["slugs"]
    plan = []
    for n in range(count):
        kind = rng.choice(kinds)
        popular = rng.random() < 0.6
        if kind == "listing":
            facet = rng.choice(urls["facets"][:20] if popular else urls["facets"])
            plan.append((kind, f"/en/practices/?{facet}"))
        elif kind == "search":
            text = rng.choice(queries[:10]) if popular else f"{rng.choice(queries)} {client}-{n}"
            plan.append((kind, f"/fr/practices/?q={quote_plus(text)}"))
        elif kind == "practice":
            slug = slugs[min(len(slugs) - 1, int(rng.paretovariate(1.2))) - 1]
            plan.append((kind, f"/en/practices/{slug}/"))
        elif kind == "api":
            plan.append((kind, f"/api/v1/practices/?objective={rng.choice((1, 6, 7, 10, 23))}"))
        else:
            plan.append((kind, rng.choice(["/en/", "/fr/", "/es/"])))
    return plan


# --- the run ---------------------------------------------------------------------------


def prepare(practices: int) -> tuple[list[str], list[str], dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from bench.repository_perf import _prepare
    from bench.search_quality import DATA
    from repository.models import Practice

    info = _prepare(practices, fake_vectors=True)
    slugs = list(
        Practice.objects.filter(status="published").order_by("pk").values_list("slug", flat=True)
    )
    queries = [q["query"] for q in json.loads((DATA / "queries.json").read_text("utf-8"))]
    from django.db import connections

    connections.close_all()  # the clients are forked from this process
    return slugs, queries, info


def run(practices: int, seconds: float, workers: int, steps: tuple[int, ...]) -> dict[str, Any]:
    slugs, queries, info = prepare(practices)
    folder = Path(tempfile.mkdtemp(prefix="hub-http-"))
    try:
        with redis_server(folder) as redis_url, gunicorn(folder, redis_url, workers) as port:
            figures = measure(port, slugs, queries, info, seconds, steps)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures["gunicorn_workers"] = workers
    return figures


def run_on_topology(
    practices: int, seconds: float, web: int, steps: tuple[int, ...]
) -> dict[str, Any]:
    """The same measures through the whole production topology (scripts/topology.py): its
    reverse proxy in front of ``web`` gunicorn servers of one worker each, its PostgreSQL
    (pgvector when installed) and Redis. The practices are seeded into the
    topology's own database before the load starts."""
    from scripts.topology import Topology

    os.environ.update(_UNTHROTTLED)  # read by the topology's processes when they start
    # No task worker: seeding enqueues an indexing task per practice, and a worker doing them
    # would race the benchmark's own index (random vectors written at once).
    with Topology(web=web, workers=0) as hub:
        os.environ["DATABASE_URL"] = hub.env["DATABASE_URL"]
        os.environ["HUB_VAR_DIR"] = hub.env["HUB_VAR_DIR"]
        os.environ["REDIS_URL"] = hub.env["REDIS_URL"]
        slugs, queries, info = prepare(practices)
        figures = measure(hub.port, slugs, queries, info, seconds, steps)
        figures["proxy"] = hub.proxy_name
    figures["gunicorn_workers"] = web
    return figures


def measure(
    port: int,
    slugs: list[str],
    queries: list[str],
    info: dict[str, Any],
    seconds: float,
    steps: tuple[int, ...],
) -> dict[str, Any]:
    rng = random.Random(7)
    urls = addresses(slugs, queries, rng)
    figures: dict[str, Any] = {
        **info,
        "seconds_per_run": seconds,
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
    }
    warm = [(k, u) for k, batch in urls["popular"].items() for u in batch]
    load(port, [warm], min(seconds, 5))
    figures["pages"] = pages(port, urls, queries, seconds, rng)
    figures["mixed"] = mixed(port, urls, queries, seconds, steps, rng)
    figures["load_average_after"] = os.getloadavg()
    return figures


def pages(
    port: int, urls: dict[str, Any], queries: list[str], seconds: float, rng: random.Random
) -> dict[str, Any]:
    clients = 4
    result: dict[str, Any] = {}
    health = load(port, [[("healthz", "/healthz")]] * clients, seconds)
    result["healthz"] = figures_of(health["samples"], seconds)
    base = result["healthz"]["throughput_per_s"] or 1.0
    for kind in BUDGETS_MS:
        popular = urls["popular"][kind]
        plans = [
            [(kind, popular[(i + c) % len(popular)]) for i in range(len(popular))]
            for c in range(clients)
        ]
        for variant, variant_plans in (
            ("popular", plans),
            ("fresh", [fresh_plan(kind, urls, queries, c, 5000, rng) for c in range(clients)]),
        ):
            measured = figures_of(load(port, variant_plans, seconds)["samples"], seconds)
            measured["ratio_to_healthz"] = round(measured["throughput_per_s"] / base, 3)
            measured["budget_p95_ms"] = BUDGETS_MS[kind]
            result[f"{kind}_{variant}"] = measured
    return result


def mixed(
    port: int,
    urls: dict[str, Any],
    queries: list[str],
    seconds: float,
    steps: tuple[int, ...],
    rng: random.Random,
) -> dict[str, Any]:
    rows = []
    crossed: dict[str, int | None] = dict.fromkeys(BUDGETS_MS)
    for clients in steps:
        health = figures_of(
            load(port, [[("healthz", "/healthz")]] * clients, seconds)["samples"], seconds
        )
        plans = [mixed_plan(urls, queries, c, 5000, rng) for c in range(clients)]
        samples = load(port, plans, seconds)["samples"]
        row = {
            "clients": clients,
            **figures_of(samples, seconds),
            "healthz_throughput_per_s": health["throughput_per_s"],
            "kinds": {},
        }
        for kind in MIX:
            mine = [s for s in samples if s[0] == kind]
            row["kinds"][kind] = figures_of(mine, seconds)
            over = bool(mine) and kind in BUDGETS_MS
            if over and crossed[kind] is None and row["kinds"][kind]["p95_ms"] > BUDGETS_MS[kind]:
                crossed[kind] = clients
        rows.append(row)
        if row["error_rate"] > 0.05:
            break  # saturated: errors, no need to push further
    return {"steps": rows, "p95_crosses_budget_at_clients": crossed, "mix_percent": MIX}


def summary(figures: dict[str, Any]) -> str:
    lines = [
        f"HTTP load on {figures['vendor']}, {figures['practices']:,} practices, "
        + (
            f"topology: {figures['proxy']} in front of {figures['gunicorn_workers']} gunicorn "
            "servers of one worker, Redis, "
            if "proxy" in figures
            else f"gunicorn {figures['gunicorn_workers']} workers + Redis, "
        )
        + f"{figures['seconds_per_run']} s per run, "
        f"{figures['cpus']} CPUs shared with the clients (load before "
        f"{figures['load_average_before'][0]:.1f})",
        "  pages, 4 clients:      req/s    p50 ms   p95 ms   × healthz  errors",
    ]
    for name, f in figures["pages"].items():
        ratio = f.get("ratio_to_healthz", 1.0)
        lines.append(
            f"  {name:<20} {f['throughput_per_s']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} "
            f"{ratio:>10} {f['error_rate']:>7}"
        )
    lines.append(
        "  mixed traffic: clients  req/s  p95 ms  errors  healthz req/s  "
        "p95 listing/search/practice"
    )
    for row in figures["mixed"]["steps"]:
        kinds = row["kinds"]
        per_kind = "/".join(str(kinds[k]["p95_ms"]) for k in BUDGETS_MS)
        lines.append(
            f"  {row['clients']:>22} {row['throughput_per_s']:>6} {row['p95_ms']:>7} "
            f"{row['error_rate']:>7} {row['healthz_throughput_per_s']:>14}  {per_kind}"
        )
    crossed = figures["mixed"]["p95_crosses_budget_at_clients"]
    lines.append(
        "  p95 over budget from: "
        + ", ".join(f"{k} {'never' if v is None else f'{v} clients'}" for k, v in crossed.items())
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per run (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--max-clients", type=int, default=32)
    parser.add_argument(
        "--topology",
        action="store_true",
        help="through scripts/topology.py (proxy, --workers gunicorn servers, its PostgreSQL)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("redis-server"):
        print("SKIPPED: bench.http_load needs redis-server (apt-get install redis-server)")
        return 0
    if not os.environ.get("DATABASE_URL") and not args.topology:
        folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ["HUB_VAR_DIR"] = str(folder)
    steps = tuple(s for s in STEPS if s <= args.max_clients)
    if args.topology:
        from scripts.topology import missing

        lacking = missing()
        if lacking:
            print("SKIPPED: bench.http_load --topology needs: " + "; ".join(lacking))
            return 0
        figures = run_on_topology(args.practices, args.seconds, args.workers, steps)
        name = f"http_load_topology_{figures['vendor']}_{args.practices}"
    else:
        figures = run(args.practices, args.seconds, args.workers, steps)
        name = f"http_load_{figures['vendor']}_{args.practices}"
    from bench.run import write_result

    path = write_result(name, figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
