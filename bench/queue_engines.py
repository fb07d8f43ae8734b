"""Queue engines behind Django's tasks API, measured on loopback: RQ, Procrastinate, Celery.

    python -m bench.queue_engines [--tasks 1000] [--engines rq,procrastinate,celery]

Starts a throwaway Redis (``redis-server``) and PostgreSQL 15 cluster on free ports, then for
each engine (its worker and enqueuing run in subprocesses: bench/queue_engines_app.py):

- enqueue latency (p50, p95) and throughput of ``--tasks`` small tasks with 1 and 2 workers
  (from the first enqueue to the last task's effect in the database);
- memory per worker (resident set of the worker's whole process tree, idle after the run);
- recovery: two workers, a 6-second task, the worker running it SIGKILLed mid-task; the time
  until the task runs again elsewhere and until it is done, and how many times its effect
  happened (1 is right; 0 is a lost task);
- dependencies the engine adds beyond Django, django-tasks and psycopg (count and size on disk).

An engine whose packages are not importable is skipped with a reason; point
``QUEUE_BENCH_PYTHON_<ENGINE>`` (e.g. QUEUE_BENCH_PYTHON_CELERY) at another interpreter that has
them. Without ``redis-server`` or the PostgreSQL binaries the benchmark says so and exits 0.
Prints a table and writes bench/results/queue_engines.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
ENGINES = {"rq": "django_tasks_rq", "procrastinate": "procrastinate", "celery": "celery"}
DISTRIBUTIONS = {"rq": "django-tasks-rq", "procrastinate": "procrastinate", "celery": "celery"}
STALE = 15
SLOW = 6.0
RECOVERY_CAP = 240.0
PERIODIC = {
    "rq": "separate singleton process (rq-scheduler or `rq cron`); not driven by django-tasks-rq",
    "procrastinate": "built in (@app.periodic, cron with seconds), each slot deferred once",
    "celery": "separate singleton process (celery beat); two beats run every job twice",
}
SQLITE = {
    "rq": "no (needs Redis); SQLite default keeps django-tasks-db",
    "procrastinate": "no (PostgreSQL only); SQLite default keeps django-tasks-db",
    "celery": "no (needs a broker); SQLite default keeps django-tasks-db",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_owner(command: list[str], folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as ``postgres`` then."""
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Servers:
    """A throwaway Redis and PostgreSQL on loopback, stopped on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.redis_port = free_port()
        self.pg_port = free_port()
        self.pg_dir = folder / "pg"
        self.redis: subprocess.Popen | None = None

    def start(self) -> None:
        self.redis = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",  # noqa: S607
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.folder.chmod(0o755)  # the postgres user must reach its cluster's folder
        self.pg_dir.mkdir()
        initdb = as_owner([str(PG_BIN / "initdb"), "-D", str(self.pg_dir), "-A", "trust",
                           "-U", "postgres"], self.pg_dir)  # fmt: skip
        subprocess.run(initdb, check=True, stdout=subprocess.DEVNULL, cwd=self.pg_dir)  # noqa: S603
        options = f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
        start = as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir), "-o", options,
                          "-l", str(self.pg_dir / "log"), "-w", "start"], self.pg_dir)  # fmt: skip
        subprocess.run(start, check=True, stdout=subprocess.DEVNULL, cwd=self.pg_dir)  # noqa: S603

    def stop(self) -> None:
        if self.redis:
            self.redis.terminate()
            self.redis.wait(10)
        if (self.pg_dir / "postmaster.pid").exists():
            stop = as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir), "-m", "immediate",
                             "-w", "stop"], self.pg_dir)  # fmt: skip
            subprocess.run(stop, check=False, stdout=subprocess.DEVNULL, cwd=self.pg_dir)  # noqa: S603

    def database_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/{name}"

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.database_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.database_url(name), autocommit=True) as conn:
            conn.execute("CREATE TABLE qb_done (key text, pid int, at timestamptz DEFAULT now())")


class Engine:
    """One engine's subprocesses: workers, enqueuers; and counts of effects."""

    def __init__(self, name: str, python: str, servers: Servers) -> None:
        self.name = name
        self.python = python
        self.servers = servers
        self.url = servers.database_url(f"qb_{name}")
        self.env = {**os.environ, "QB_ENGINE": name, "QB_DATABASE_URL": self.url,
                    "QB_REDIS_URL": f"redis://127.0.0.1:{servers.redis_port}/0",
                    "QB_STALE_SECONDS": str(STALE), "QB_SLOW": str(SLOW),
                    "DJANGO_SETTINGS_MODULE": "bench.queue_engines_app", "PYTHONPATH": str(ROOT)}  # fmt: skip
        self.workers: list[subprocess.Popen] = []

    def run(self, *args: str) -> str:
        command = [self.python, "-m", "bench.queue_engines_app", *args]
        done = subprocess.run(  # noqa: S603
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"{self.name} {args}: {done.stderr[-2000:]}")
        return done.stdout

    def prepare(self) -> None:
        self.servers.create_database(f"qb_{self.name}")
        subprocess.run(  # noqa: S603
            [self.python, "-m", "django", "migrate", "-v0"], env=self.env, cwd=ROOT, check=True
        )
        subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.servers.redis_port), "FLUSHALL"],  # noqa: S607
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start_workers(self, count: int) -> None:
        for _ in range(count):
            self.workers.append(
                subprocess.Popen(  # noqa: S603
                    [self.python, "-m", "bench.queue_engines_app", "worker"],
                    env=self.env,
                    cwd=ROOT,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=open(self.servers.folder / f"{self.name}.log", "a"),  # noqa: SIM115
                )
            )
        time.sleep(1)
        self.run("enqueue", str(count * 2))  # warm up: every worker has started and run one
        self.wait_for(lambda c: c >= count * 2, "SELECT count(*) FROM qb_done", 120)
        self.query("DELETE FROM qb_done")

    def stop_workers(self) -> None:
        for worker in self.workers:
            kill_group(worker, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                kill_group(worker, signal.SIGKILL)
                worker.wait(5)
        self.workers = []

    def query(self, sql: str, params: tuple = ()) -> Any:
        with psycopg.connect(self.url, autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def count(self, sql: str, params: tuple = ()) -> int:
        return int(self.query(sql, params)[0][0])

    def wait_for(self, ok: Any, sql: str, timeout: float, params: tuple = ()) -> float | None:
        """Seconds until ``ok(count)`` holds, or None after ``timeout``."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if ok(self.count(sql, params)):
                return time.perf_counter() - started
            time.sleep(0.05)
        return None

    def memory_mib(self) -> float:
        """Mean resident memory of one worker's process tree (its session)."""
        totals = []
        for worker in self.workers:
            out = subprocess.run(  # noqa: S603
                ["ps", "-o", "rss=", "-s", str(worker.pid)],  # noqa: S607
                capture_output=True, text=True, check=False,
            ).stdout  # fmt: skip
            totals.append(sum(int(line) for line in out.split()) / 1024)
        return round(sum(totals) / len(totals), 1)


def kill_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def throughput(engine: Engine, workers: int, tasks: int) -> dict[str, Any]:
    engine.start_workers(workers)
    try:
        started = time.perf_counter()
        figures = json.loads(engine.run("enqueue", str(tasks)))
        waited = engine.wait_for(
            lambda c: c >= tasks, "SELECT count(*) FROM qb_done WHERE key LIKE 'small:%%'", 600
        )
        elapsed = time.perf_counter() - started
        figures["tasks_per_second"] = round(tasks / elapsed, 1) if waited is not None else None
        figures["memory_per_worker_mib"] = engine.memory_mib()
        figures["effects"] = engine.count("SELECT count(*) FROM qb_done")
        return figures
    finally:
        engine.stop_workers()
        engine.query("DELETE FROM qb_done")


def recovery(engine: Engine) -> dict[str, Any]:
    """Kill the worker running a slow task; time until another runs it, and its effects."""
    engine.start_workers(2)
    try:
        engine.run("slow", "victim")
        engine.wait_for(lambda c: c >= 1, "SELECT count(*) FROM qb_done WHERE key = %s", 60,
                        ("started:victim",))  # fmt: skip
        pid = engine.query("SELECT pid FROM qb_done WHERE key = 'started:victim'")[0][0]
        victim = next(w for w in engine.workers if w.pid in (os.getsid(pid), parent_of(pid)))
        kill_group(victim, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)  # RQ runs the task in a child of its own process group
        killed = time.perf_counter()
        rerun = engine.wait_for(lambda c: c >= 2, "SELECT count(*) FROM qb_done WHERE key = %s",
                                RECOVERY_CAP, ("started:victim",))  # fmt: skip
        done = engine.wait_for(lambda c: c >= 1, "SELECT count(*) FROM qb_done WHERE key = %s",
                               RECOVERY_CAP - (time.perf_counter() - killed), ("victim",))  # fmt: skip
        time.sleep(2)
        return {
            "rerun_after_kill_s": round(rerun, 1) if rerun is not None else None,
            "done_after_kill_s": round(time.perf_counter() - killed - 2, 1) if done else None,
            "effects_of_killed_task": engine.count(
                "SELECT count(*) FROM qb_done WHERE key = 'victim'"
            ),
        }
    finally:
        engine.stop_workers()


DEPENDENCIES = """
import importlib.metadata as md, json, re, sys
def closure(names):
    seen = {}
    todo = list(names)
    while todo:
        name = re.split(r"[ ;<>=!~\\[(]", todo.pop())[0].lower().replace("_", "-")
        if not name or name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen[name] = sum((f.size or 0) for f in dist.files or [])
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return seen
base = closure(["django", "django-tasks", "psycopg"])
extra = {k: v for k, v in closure([sys.argv[1], "redis"] if sys.argv[2] == "redis"
         else [sys.argv[1]]).items() if k not in base}
print(json.dumps({"packages": sorted(extra), "mib": round(sum(extra.values()) / 2**20, 1)}))
"""


def dependencies(engine: Engine) -> dict[str, Any]:
    broker = "redis" if engine.name in ("rq", "celery") else "postgres"
    out = subprocess.run(  # noqa: S603
        [engine.python, "-c", DEPENDENCIES, DISTRIBUTIONS[engine.name], broker],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures = json.loads(out)
    return {"added_packages": len(figures["packages"]), "added_mib": figures["mib"],
            "packages": figures["packages"]}  # fmt: skip


def python_for(name: str) -> str | None:
    python = os.environ.get(f"QUEUE_BENCH_PYTHON_{name.upper()}", sys.executable)
    found = subprocess.run(  # noqa: S603
        [python, "-c", f"import importlib.util as u; assert u.find_spec({ENGINES[name]!r})"],
        capture_output=True,
        check=False,
    )
    return python if found.returncode == 0 else None


def measure(name: str, python: str, servers: Servers, tasks: int) -> dict[str, Any]:
    engine = Engine(name, python, servers)
    engine.prepare()
    print(f"  {name}: 1 worker…", flush=True)
    one = throughput(engine, 1, tasks)
    print(f"  {name}: 2 workers…", flush=True)
    two = throughput(engine, 2, tasks)
    print(f"  {name}: kill a worker mid-task…", flush=True)
    return {
        "enqueue_p50_ms": one["enqueue_p50_ms"],
        "enqueue_p95_ms": one["enqueue_p95_ms"],
        "tasks_per_second_1_worker": one["tasks_per_second"],
        "tasks_per_second_2_workers": two["tasks_per_second"],
        "memory_per_worker_mib": one["memory_per_worker_mib"],
        **recovery(engine),
        **dependencies(engine),
        "periodic_jobs": PERIODIC[name],
        "sqlite_default": SQLITE[name],
    }


ROWS = [
    ("enqueue p50 / p95 (ms)", lambda f: f"{f['enqueue_p50_ms']} / {f['enqueue_p95_ms']}"),
    ("tasks/s, 1 worker", lambda f: f["tasks_per_second_1_worker"]),
    ("tasks/s, 2 workers", lambda f: f["tasks_per_second_2_workers"]),
    ("memory per worker (MiB)", lambda f: f["memory_per_worker_mib"]),
    ("killed task runs again after (s)", lambda f: f["rerun_after_kill_s"]),
    ("killed task done after (s)", lambda f: f["done_after_kill_s"]),
    ("effects of killed task", lambda f: f["effects_of_killed_task"]),
    ("added packages / MiB", lambda f: f"{f['added_packages']} / {f['added_mib']}"),
]


def table(results: dict[str, Any]) -> str:
    names = [n for n in results if "error" not in results[n] and "skipped" not in results[n]]
    earlier = [n for n in names if "from_an_earlier_run" in results[n]]
    lines = [f"{'':34}" + "".join(f"{n:>16}" for n in names)]
    for label, cell in ROWS:
        lines.append(f"{label:34}" + "".join(f"{cell(results[n])!s:>16}" for n in names))
    if earlier:
        lines.append(f"(figures of {', '.join(earlier)} from an earlier run: not installed here)")
    for name, figures in results.items():
        if name not in names:
            lines.append(f"{name}: {figures.get('skipped') or figures.get('error')}")
    return "\n".join(lines)


def keep_earlier(results: dict[str, Any], out: Path) -> None:
    """An engine skipped here (not installed, or not asked for) keeps an earlier run's figures."""
    if not out.exists():
        return
    earlier = json.loads(out.read_text(encoding="utf-8")).get("engines", {})
    for name, figures in earlier.items():
        skipped = results.get(name, {"skipped": "not asked for"}).get("skipped")
        if skipped and "tasks_per_second_1_worker" in figures:
            results[name] = {**figures, "from_an_earlier_run": skipped}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--engines", default=",".join(ENGINES))
    options = parser.parse_args()
    missing = [p for p in ("redis-server", "redis-cli") if not shutil.which(p)]
    if missing or not (PG_BIN / "initdb").exists():
        print(f"queue_engines: skipped (no {', '.join(missing) or PG_BIN / 'initdb'})")
        return 0
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="hub-queue-bench-", dir="/tmp") as folder:
        servers = Servers(Path(folder))
        try:
            servers.start()
            for name in options.engines.split(","):
                python = python_for(name)
                if python is None:
                    results[name] = {"skipped": f"{ENGINES[name]} not importable"}
                    continue
                try:
                    results[name] = measure(name, python, servers, options.tasks)
                except Exception as exc:
                    results[name] = {"error": str(exc)[-500:]}
        finally:
            servers.stop()
    out = ROOT / "bench" / "results" / "queue_engines.json"
    keep_earlier(results, out)
    figures = {"tasks": options.tasks, "stale_seconds": STALE, "slow_task_seconds": SLOW,
               "cpus": os.cpu_count(), "engines": results}  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"  → {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
