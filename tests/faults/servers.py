"""Real servers for the fault tests, on loopback ports, under /tmp/faults: a PostgreSQL cluster
of their own (so it can be restarted without disturbing the suite's), Redis, and gunicorn with
config/gunicorn.py and production-like settings. Each is stopped by its own pid."""

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.faults.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
TMP = Path("/tmp/faults")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SECRET = "fault-tests-only-" + "x" * 50


def workdir(prefix: str) -> Path:
    TMP.mkdir(mode=0o755, exist_ok=True)
    os.chmod(TMP, 0o755)  # the postgres user must reach its cluster inside
    return Path(tempfile.mkdtemp(prefix=prefix, dir=TMP))


class Cluster:
    """A throwaway PostgreSQL cluster holding a copy of another database (schema and rows)."""

    def __init__(self) -> None:
        self.dir = workdir("pg-")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._owner(PG_BIN / "initdb", "-D", self.dir, "-A", "trust", "-U", "postgres")

    def _owner(self, *command: Any) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        args = [*prefix, *map(str, command)]
        subprocess.run(args, cwd=self.dir, check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.dir / "log"
        self._owner(PG_BIN / "pg_ctl", "-D", self.dir, "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._owner(PG_BIN / "pg_ctl", "-D", self.dir, "-m", mode, "-w", "stop")

    def url(self, name: str = "hub") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def copy_database(self, source: dict[str, Any]) -> None:
        """Create ``hub`` here as a copy of the database ``source`` (Django settings dict)."""
        psql = [PG_BIN / "psql", "-X", "-q", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres"]
        subprocess.run([*map(str, psql), "-d", "postgres", "-c", "CREATE DATABASE hub"], check=True)
        dump = subprocess.run(
            [
                str(PG_BIN / "pg_dump"),
                "--no-owner",
                "-h",
                source["HOST"] or "127.0.0.1",
                "-p",
                str(source["PORT"]),
                "-U",
                source["USER"] or "postgres",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
        )
        load = [*map(str, psql), "-d", "hub", "-v", "ON_ERROR_STOP=1"]
        subprocess.run(load, input=dump.stdout, check=True, capture_output=True)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class Process:
    """A server process started here and stopped by its pid."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def redis() -> tuple[Process, str]:
    port = free_port()
    folder = workdir("redis-")
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    args += ["--appendonly", "no", "--dir", str(folder)]
    process = Process(args, dict(os.environ), folder / "log")
    wait_for(lambda: _connects(port), what="redis")
    return process, f"redis://127.0.0.1:{port}/0"


def hub_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like web process or management command."""
    var = workdir("var-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.production_like",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "HUB_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "HUB_PRIVATE_ROOT": str(var / "private"),
        "LOG_FORMAT": "text",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def gunicorn(env: dict[str, str], workers: int = 2) -> tuple[Process, int]:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    args = [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
    process = Process(args, env, workdir("gunicorn-") / "log")
    wait_for(lambda: get(port, "/healthz").status == 200, what="gunicorn", timeout=90)
    return process, port


def manage(env: dict[str, str], *args: str) -> str:
    """Run ``python -m tests.faults.scenario ARGS`` (Django code against ``env``'s database)."""
    command = [sys.executable, "-m", "tests.faults.scenario", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise AssertionError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _connects(port: int) -> bool:
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
    except OSError:
        return False
    return True


@dataclass
class Answer:
    status: int  # 0: no answer (refused, cut, timed out)
    body: str
    headers: dict[str, str]
    seconds: float


def get(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    return request(port, "GET", path, headers=headers)


def request(
    port: int,
    method: str,
    path: str,
    body: str = "",
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One HTTP request. A refused, cut or timed-out connection answers status 0."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.monotonic()
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, text, headers, time.monotonic() - start)
    except (OSError, http.client.HTTPException) as exc:
        return Answer(0, repr(exc), {}, time.monotonic() - start)
    finally:
        connection.close()


def submit(port: int, person: dict, key: str, language: str = "en") -> Answer:
    """POST the review page's submit form as the person's browser does (session, CSRF)."""
    body = urlencode({"csrfmiddlewaretoken": person["csrf"], "action": "submit", "submit_key": key})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}",
    }
    path = f"/{language}/submit/{person['uuid']}/review/"
    return request(port, "POST", path, body=body, headers=headers)


def wait_for(condition, *, what: str, timeout: float = 30) -> float:
    """Poll ``condition`` every 0.1 s; the seconds it took. Fails after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{what} not ready after {timeout} s")
