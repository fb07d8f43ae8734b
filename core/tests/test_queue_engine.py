"""The production engine (HUB_TASK_ENGINE=procrastinate) with real workers on a real PostgreSQL.

The test starts its own throwaway PostgreSQL 15 cluster. Without the server binaries it is
skipped with a reason, except in CI (CI=true), where that is a failure, like scripts/test.sh's
legs. It runs in the main leg only: it needs no test database of its own.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="starts its own PostgreSQL: runs in the main leg only",
)

SETTINGS = """
from config.settings.local import *  # noqa: F403

HUB_PERIODIC_JOBS = [{"command": "sync_calls", "name": "probe", "every": 2}]
"""


SCRAPE = "from core.observability import render_metrics; print(render_metrics().decode())"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster; its URL."""
    if not (PG_BIN / "initdb").exists():
        message = f"no PostgreSQL server binaries at {PG_BIN} (apt-get install postgresql-15)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # /tmp rather than pytest's folders, which the postgres user cannot reach
    data, port = Path(tempfile.mkdtemp(prefix="hub-queue-pg-", dir="/tmp")), free_port()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    run = {"cwd": data, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(  # noqa: S603
        as_owner([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]), **run
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data)]
    subprocess.run(  # noqa: S603
        as_owner([*pg_ctl, "-o", options, "-l", str(data / "log"), "-w", "start"]), **run
    )
    try:
        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE hub")
        yield f"postgres://postgres@127.0.0.1:{port}/hub"
    finally:
        subprocess.run(as_owner([*pg_ctl, "-m", "immediate", "-w", "stop"]), cwd=data, check=False)  # noqa: S603
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def engine_env(postgres, tmp_path_factory) -> dict[str, str]:
    """The environment of a Hub on Procrastinate, migrated."""
    folder = tmp_path_factory.mktemp("settings")
    (folder / "queue_engine_settings.py").write_text(SETTINGS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="queue_engine_settings",
        PYTHONPATH=os.pathsep.join([str(folder), str(ROOT)]),
        DATABASE_URL=postgres,
        HUB_VAR_DIR=str(folder),
        HUB_TASK_ENGINE="procrastinate",
        HUB_WORKER_BEAT_SECONDS="1",
        HUB_WORKER_STALE_SECONDS="6",  # beats every second: room for a loaded machine
    )
    migrate = manage("migrate", "-v0", env=env)
    assert migrate.wait(300) == 0, migrate.stderr.read() if migrate.stderr else ""
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def stop(*workers: subprocess.Popen) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def test_a_worker_killed_mid_task_is_replaced_and_the_task_is_done_exactly_once(
    engine_env, postgres, tmp_path
):
    """Worker 1 is SIGKILLed while it runs the task; worker 2 sees its heartbeat stop, takes the
    job back (hub.recover_stalled) and runs it to the end, once."""
    log = tmp_path / "task.log"
    enqueue = (
        f"from core.tests.worker_tasks import slow_the_first_time as t; t.enqueue({str(log)!r})"
    )
    assert manage("shell", "-c", enqueue, env=engine_env).wait(120) == 0

    first = manage("hub_worker", "--worker-id", "first", env=engine_env)
    second = None
    try:
        started = wait_for(lambda: log.exists() and "start" in log.read_text(), 120)
        assert started, first.stderr.read() if first.stderr else ""
        second = manage("hub_worker", "--worker-id", "second", env=engine_env)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)

        assert wait_for(lambda: "done" in log.read_text(), 120), log.read_text()
        time.sleep(2)  # nothing more happens: no third start, no second "done"
        assert log.read_text().split() == ["start", "start", "done"]
        ((status, attempts),) = rows(
            postgres, "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'hub.run'"
        )
        assert status == "succeeded"
        assert attempts == 2  # the one lost with worker 1, the one that finished
    finally:
        stop(first, *([second] if second else []))


def test_periodic_jobs_are_run_by_the_workers_once_per_slot(engine_env, postgres):
    """Two workers, a job every 2 s (HUB_PERIODIC_JOBS), no cron: each slot runs once."""
    workers = [manage("hub_worker", "--worker-id", f"w{n}", env=engine_env) for n in (1, 2)]
    query = (
        "SELECT status, args->>'timestamp' FROM procrastinate_jobs "
        "WHERE task_name = 'hub.periodic' AND args->>'command' = 'sync_calls'"
    )
    try:
        ran = wait_for(
            lambda: sum(status == "succeeded" for status, _ in rows(postgres, query)) >= 3, 120
        )
        assert ran, workers[0].stderr.read() if workers[0].poll() is not None else "no runs"
        metrics = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", SCRAPE],
            cwd=ROOT, env=engine_env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert "hub_tasks_failed 0.0" in metrics
    finally:
        stop(*workers)
    slots = [slot for _, slot in rows(postgres, query)]
    assert len(slots) == len(set(slots))  # one job per slot, however many workers
