"""Start the Hub's production topology on loopback, for tests and demos.

    .venv/bin/python scripts/topology.py [--web 3] [--workers 1] [--proxy auto|caddy|nginx]
                                         [--storage s3|folder] [--port 0] [--seed N]

Starts, each on a free port of 127.0.0.1 and with its files in one throwaway folder under /tmp:

- a PostgreSQL 15 cluster (as scripts/with-postgres.sh does; pgvector when it is installed);
- Redis: the cache, the sessions, the sign-in lockout and every rate limit, shared by all processes;
- an S3 emulator (moto's server, from the dev dependencies) holding the uploaded files: a bucket
  for the public media and one for the private files, as production has (``--storage folder``
  puts them in a folder every process shares instead);
- ``--web`` gunicorn servers (``config/gunicorn.py``, one worker each, production settings), each
  on its own port, as separate machines would be;
- ``--workers`` task workers (``manage.py hub_worker``);
- a reverse proxy, Caddy or nginx (whichever is installed; ``--proxy`` to choose), spreading the
  requests over the gunicorn servers and retrying another one when a server is gone; with
  ``--storage folder`` it also serves the public uploaded files (``/media/``) from the shared
  folder. Static files are left to WhiteNoise inside gunicorn (collected once, then reused from
  ``var/topology-static``).

It prints the proxy's address and runs until Ctrl-C or SIGTERM, then stops everything and deletes
the folder (the emulator keeps its buckets in memory: they go with it). The processes reach the
emulator through the same settings a real S3-compatible service takes (``AWS_STORAGE_BUCKET_NAME``,
``AWS_PRIVATE_BUCKET_NAME``, ``AWS_S3_ENDPOINT_URL``; docs/deployment.md), so every upload, download,
export and backup goes through django-storages' S3 backend as it would in production.

The loopback proxy speaks plain HTTP and tells the Hub the request came over HTTPS
(``X-Forwarded-Proto: https``), as a proxy that terminates TLS does: the production settings stay
as they are (HTTPS redirect, secure cookies). Browsers treat 127.0.0.1 and localhost as secure, so
the site works in a browser at the printed address.

Tests use it as a context manager (tests/test_topology.py)::

    with Topology(web=3) as hub:
        hub.url, hub.web_urls, hub.kill_web(0), hub.start_web(0), hub.manage("shell", "-c", "...")
        hub.s3_client()  # boto3, on the emulator: hub.buckets["default"], hub.buckets["private"]

``python scripts/topology.py --check`` prints what is missing (exit code 1 if anything is).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = os.environ.get("HUB_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
# Collected static files are reused while the sources are unchanged: collecting and compressing
# them takes a minute or more here.
STATIC_CACHE = Path(os.environ.get("HUB_TOPOLOGY_STATIC", str(ROOT / "var" / "topology-static")))
# What a request may carry at most (HUB_REQUEST_MAX_BYTES's default); the proxy refuses more.
BODY_LIMIT_MB = 22
STORAGE_CHOICES = ("s3", "folder")
# The emulator's buckets, by the name of the storage in settings.STORAGES they hold.
BUCKETS = {"default": "hub-media", "private": "hub-private"}
# The emulator accepts any credentials; boto3 only needs some, and a region, to sign requests.
S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION = "topology", "topology-secret", "us-east-1"


class TopologyError(RuntimeError):
    """Something did not start; the message says what, and where its log is."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_proxy(choice: str = "auto") -> tuple[str, str] | None:
    """("caddy" | "nginx", path of the binary), or None when none of the allowed ones exists."""
    names = ["caddy", "nginx"] if choice == "auto" else [choice]
    for name in names:
        path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
        if path:
            return name, path
    return None


def missing(proxy: str = "auto", storage: str = "s3") -> list[str]:
    """What this machine lacks to run the topology, as install hints (empty: nothing)."""
    lacking = []
    if storage == "s3" and not all(
        importlib.util.find_spec(module) for module in ("moto", "flask", "flask_cors")
    ):
        lacking.append(
            "the S3 emulator moto[s3] with flask (.venv/bin/pip install -c requirements/constraints.txt"
            ' ".[dev]")'
        )
    if not (PG_BIN / "initdb").exists():
        lacking.append(f"PostgreSQL 15 server binaries in {PG_BIN} (apt-get install postgresql-15)")
    if not shutil.which("redis-server"):
        lacking.append("redis-server (apt-get install redis-server)")
    if find_proxy(proxy) is None:
        lacking.append("a reverse proxy: caddy or nginx (apt-get install caddy, or nginx)")
    return lacking


def _static_sources_stamp() -> str:
    """A fingerprint of everything collectstatic copies: our static folders and the pinned
    dependencies (whose versions fix the files of installed packages)."""
    digest = hashlib.sha256()
    folders = [ROOT / "static", *sorted(ROOT.glob("*/static"))]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
                )
    digest.update((ROOT / "requirements" / "constraints.txt").read_bytes())
    return digest.hexdigest()


class _Process:
    def __init__(self, name: str, popen: subprocess.Popen, log: Path) -> None:
        self.name, self.popen, self.log = name, popen, log

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal(self, sig: int) -> None:
        """Signal the whole process group (gunicorn's master and its workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def stop(self, grace: float = 10.0) -> None:
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(5)


class Topology:
    """The whole production topology on loopback; a context manager (see the module's text)."""

    def __init__(
        self,
        web: int = 3,
        workers: int = 1,
        proxy: str = "auto",
        port: int = 0,
        log: Callable[[str], None] = print,
        storage: str = "s3",
    ) -> None:
        if web < 1 or workers < 0:
            raise ValueError("at least one web process, and zero or more workers")
        if storage not in STORAGE_CHOICES:
            raise ValueError(f"storage must be one of {', '.join(STORAGE_CHOICES)}")
        self.web_count, self.worker_count, self.proxy_choice = web, workers, proxy
        self.storage = storage
        self.port = port or free_port()
        self.say = log
        self.folder = Path()
        self.env: dict[str, str] = {}
        self.web_ports: list[int] = []
        self.web: list[_Process | None] = []
        self.workers: list[_Process] = []
        self.proxy: _Process | None = None
        self.proxy_name = ""
        self.redis: _Process | None = None
        self.s3: _Process | None = None
        self.s3_port = 0
        self.pg_started = False

    # ------------------------------------------------------------------ addresses
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def web_urls(self) -> list[str]:
        """Each gunicorn server's own address (behind the proxy; for tests that pick one)."""
        return [f"http://127.0.0.1:{port}" for port in self.web_ports]

    @property
    def s3_url(self) -> str:
        """The S3 emulator's endpoint ("" with the folder storage)."""
        return f"http://127.0.0.1:{self.s3_port}" if self.s3_port else ""

    @property
    def buckets(self) -> dict[str, str]:
        """The bucket of each storage ("default", "private"); empty with the folder storage."""
        return dict(BUCKETS) if self.storage == "s3" else {}

    def s3_client(self) -> Any:
        """A boto3 S3 client on the emulator, signed with the topology's dummy credentials."""
        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
            region_name=S3_REGION,
        )

    # ------------------------------------------------------------------ life cycle
    def __enter__(self) -> Topology:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        lacking = missing(self.proxy_choice, self.storage)
        if lacking:
            raise TopologyError("missing: " + "; ".join(lacking))
        started = time.monotonic()
        self.folder = Path(tempfile.mkdtemp(prefix="hub-topology.", dir="/tmp"))
        # The postgres user (when we are root) and nginx's workers must pass through it.
        self.folder.chmod(0o711)
        for name in ("logs", "mail"):
            (self.folder / name).mkdir()
        if self.storage == "folder":
            (self.folder / "media").mkdir(mode=0o755)
            (self.folder / "private").mkdir()
        self.say(f"== topology: files in {self.folder}")
        pg_port = self._start_postgres()
        redis_port = self._start_redis()
        if self.storage == "s3":
            self._start_s3()
        self.env = self._environment(pg_port, redis_port)
        self._prepare()
        self.web_ports = [free_port() for _ in range(self.web_count)]
        self.web = [None] * self.web_count
        for index in range(self.web_count):
            self.start_web(index, wait=False)
        for index in range(self.web_count):
            self._wait_web(index)
        for index in range(self.worker_count):
            self._start_worker(index)
        self._start_proxy()
        require = "?require=workers" if self.worker_count else ""
        self._wait_http(self.url + "/healthz" + require, "the proxy", self.proxy)
        self.say(f"== topology: ready in {time.monotonic() - started:.0f} s")

    def stop(self) -> None:
        """Stop everything (proxy first, stores last) and delete the folder; safe to repeat."""
        processes = [self.proxy, *self.web, *self.workers, self.redis, self.s3]
        for process in processes:
            if process is not None:
                began = time.monotonic()
                process.stop()
                if time.monotonic() - began > 3:
                    self.say(
                        f"== topology: {process.name} took {time.monotonic() - began:.0f} s to stop"
                    )
        self.proxy, self.web, self.workers, self.redis, self.s3 = None, [], [], None, None
        if self.pg_started:
            self._as_owner(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "pg"), "-m", "fast", "-w", "stop"],
                check=False,
            )
            self.pg_started = False
        if self.folder != Path() and self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ the web processes
    def start_web(self, index: int, wait: bool = True) -> None:
        """(Re)start gunicorn server ``index`` on its port."""
        env = dict(
            self.env, GUNICORN_BIND=f"127.0.0.1:{self.web_ports[index]}", GUNICORN_WORKERS="1"
        )
        self.web[index] = self._spawn(
            f"web{index}",
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            env,
        )
        if wait:
            self._wait_web(index)

    def kill_web(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Kill gunicorn server ``index`` (master and worker) at once, as a crash would."""
        process = self.web[index]
        if process is None:
            return
        process.signal(sig)
        process.popen.wait(10)
        self.web[index] = None

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``manage.py`` against this topology (its database, Redis and settings)."""
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )

    # ------------------------------------------------------------------ the parts
    def _start_postgres(self) -> int:
        data = self.folder / "pg"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        self._as_owner([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"])
        port = free_port()
        options = (
            f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_owner(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(data / "log"),
                "-w",
                "start",
            ]
        )
        self.pg_started = True
        psql = [
            str(PG_BIN / "psql"),
            "-X",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
        ]
        subprocess.run([*psql, "-d", "postgres", "-c", "CREATE DATABASE hub"], check=True)
        vector = subprocess.run(
            [*psql, "-d", "hub", "-c", "CREATE EXTENSION IF NOT EXISTS vector"],
            capture_output=True,
            check=False,
        )
        self.say(
            f"== topology: PostgreSQL on 127.0.0.1:{port} "
            f"({'with' if vector.returncode == 0 else 'without'} pgvector)"
        )
        return port

    def _start_redis(self) -> int:
        port = free_port()
        self.redis = self._spawn(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(port), "--bind", "127.0.0.1", "--dir", str(self.folder),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
            ],
            dict(os.environ),
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), 1) as s,
            ):
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    self.say(f"== topology: Redis on 127.0.0.1:{port}")
                    return port
            self._check_alive(self.redis)
            time.sleep(0.1)
        raise TopologyError(f"Redis did not answer; log: {self.redis.log}")

    def _start_s3(self) -> None:
        """moto's S3 emulator in its own process, with the two buckets the storages use."""
        self.s3_port = free_port()
        self.s3 = self._spawn(
            "s3",
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
            dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        )
        self._wait_http(self.s3_url + "/", "the S3 emulator", self.s3, timeout=30)
        client = self.s3_client()
        for bucket in BUCKETS.values():
            client.create_bucket(Bucket=bucket)
        self.say(
            f"== topology: S3 emulator on {self.s3_url} (buckets {', '.join(BUCKETS.values())})"
        )

    def _storage_environment(self) -> dict[str, str]:
        """Where the processes keep uploaded files: the emulator's buckets, or the folder."""
        if self.storage == "folder":
            return {
                "MEDIA_ROOT": str(self.folder / "media"),
                "HUB_PRIVATE_ROOT": str(self.folder / "private"),
            }
        return {
            "AWS_STORAGE_BUCKET_NAME": BUCKETS["default"],
            "AWS_PRIVATE_BUCKET_NAME": BUCKETS["private"],
            "AWS_S3_ENDPOINT_URL": self.s3_url,
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
            "AWS_DEFAULT_REGION": S3_REGION,
            # Never ask a cloud metadata service for credentials or a region.
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def _environment(self, pg_port: int, redis_port: int) -> dict[str, str]:
        origins = [f"http://{host}:{self.port}" for host in ("127.0.0.1", "localhost")]
        # Storage variables of the calling shell would point the processes at another store.
        inherited = {k: v for k, v in os.environ.items() if k not in _STORAGE_ENV}
        return dict(
            inherited,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/hub",
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # The browser's own origin is http://, the Hub believes https:// (see the top).
            CSRF_TRUSTED_ORIGINS=",".join(origins),
            HUB_BASE_URL=origins[0],
            STATIC_ROOT=str(STATIC_CACHE / "files"),
            EMAIL_URL=f"filemail://{self.folder / 'mail'}",
            HUB_VAR_DIR=str(self.folder),
            LOG_FORMAT="text",
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            PYTHONDONTWRITEBYTECODE="1",
            **self._storage_environment(),
        )

    def _prepare(self) -> None:
        self.say("== topology: migrate")
        self._run_manage("migrate", "--no-input")
        self._run_manage("createcachetable")
        stamp = _static_sources_stamp()
        stamp_file = STATIC_CACHE / "stamp"
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            self.say(f"== topology: static files unchanged ({STATIC_CACHE / 'files'})")
            return
        self.say(f"== topology: collectstatic into {STATIC_CACHE / 'files'} (a minute or two)")
        shutil.rmtree(STATIC_CACHE, ignore_errors=True)
        STATIC_CACHE.mkdir(parents=True)
        self._run_manage("collectstatic", "--no-input", "-v0")
        stamp_file.write_text(stamp)

    def _run_manage(self, *args: str) -> None:
        result = self.manage(*args, check=False)
        if result.returncode != 0:
            raise TopologyError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )

    def _start_worker(self, index: int) -> None:
        self.workers.append(
            self._spawn(
                f"worker{index}",
                [
                    PYTHON,
                    "manage.py",
                    "hub_worker",
                    "--interval",
                    "1",
                    "--worker-id",
                    f"topology-{index}",
                ],
                self.env,
            )
        )

    def _start_proxy(self) -> None:
        found = find_proxy(self.proxy_choice)
        if found is None:  # checked in start()
            raise TopologyError("no reverse proxy")
        self.proxy_name, binary = found
        upstreams = [f"127.0.0.1:{port}" for port in self.web_ports]
        # Public uploads are the proxy's to serve only when they are files on this machine.
        media = self.folder / "media" if self.storage == "folder" else None
        if self.proxy_name == "caddy":
            config = self.folder / "Caddyfile"
            config.write_text(_caddyfile(self.port, upstreams, self.folder, media))
            command = [binary, "run", "--config", str(config), "--adapter", "caddyfile"]
            env = dict(
                os.environ,
                HOME=str(self.folder),
                XDG_DATA_HOME=str(self.folder / "caddy"),
                XDG_CONFIG_HOME=str(self.folder / "caddy"),
            )
        else:
            (self.folder / "nginx").mkdir()
            config = self.folder / "nginx.conf"
            config.write_text(_nginx_conf(self.port, upstreams, self.folder, media))
            error_log = str(self.folder / "logs" / "proxy-error.log")
            command = [binary, "-p", str(self.folder / "nginx"), "-e", error_log, "-c", str(config)]
            env = dict(os.environ)
        self.proxy = self._spawn("proxy", command, env)
        self.say(f"== topology: {self.proxy_name} on {self.url} -> {', '.join(upstreams)}")

    # ------------------------------------------------------------------ helpers
    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> _Process:
        log = self.folder / "logs" / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: Ctrl-C reaches us, we stop it
            )
        return _Process(name, popen, log)

    def _as_owner(self, command: list[str], check: bool = True) -> None:
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise TopologyError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def _check_alive(self, process: _Process | None) -> None:
        if process is not None and not process.alive():
            tail = process.log.read_text(errors="replace")[-3000:]
            raise TopologyError(f"{process.name} exited ({process.popen.returncode}):\n{tail}")

    def _wait_web(self, index: int) -> None:
        self._wait_http(self.web_urls[index] + "/healthz", f"web{index}", self.web[index])

    def _wait_http(
        self, url: str, what: str, process: _Process | None, timeout: float = 90
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive(process)
            if get_status(url) == 200:
                return
            time.sleep(0.2)
        raise TopologyError(f"{what} did not answer 200 at {url} within {timeout:.0f} s")


def get_status(url: str) -> int:
    """The status of a GET sent as the proxy would (HTTPS terminated in front); 0: no answer."""
    host_port = url.split("://", 1)[1].split("/", 1)[0]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1] if "/" in url.split("://", 1)[1] else "/"
    host, port = host_port.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def _caddyfile(port: int, upstreams: list[str], folder: Path, media: Path | None) -> str:
    media_route = (
        f"""handle_path /media/* {{
		root * {media}
		file_server
	}}
	"""
        if media
        else ""
    )
    return f"""{{
	admin off
	auto_https off
	storage file_system {folder / "caddy"}
}}

http://:{port} {{
	bind 127.0.0.1
	log {{
		output file {folder / "logs" / "proxy-access.log"}
	}}
	request_body {{
		max_size {BODY_LIMIT_MB}MB
	}}
	{media_route}handle {{
		reverse_proxy {" ".join(upstreams)} {{
			lb_policy round_robin
			# A server that refuses connections is skipped for 10 s; the request goes to the next.
			lb_try_duration 5s
			fail_duration 10s
			# TLS ends here in production; on loopback the Hub is told so.
			header_up X-Forwarded-Proto https
		}}
	}}
}}
"""


def _nginx_conf(port: int, upstreams: list[str], folder: Path, media: Path | None) -> str:
    servers = "\n".join(f"        server {up} max_fails=1 fail_timeout=10s;" for up in upstreams)
    media_location = (
        f"""location /media/ {{
            alias {media}/;
        }}
        """
        if media
        else ""
    )
    temp = folder / "nginx"
    return f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "logs" / "proxy-error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder / "logs" / "proxy-access.log"};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    # Refused from the Content-Length, before any of the body is read.
    client_max_body_size {BODY_LIMIT_MB}m;
    upstream hub {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        {media_location}location / {{
            proxy_pass http://hub;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # TLS ends here in production; on loopback the Hub is told so.
            proxy_set_header X-Forwarded-Proto https;
            proxy_connect_timeout 2s;
            # A server that refuses the connection: the request goes to the next one.
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def _seed(topology: Topology, count: int) -> None:
    topology.say(f"== topology: seed_synthetic --practices {count}")
    topology._run_manage("seed_synthetic", "--practices", str(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web", type=int, default=3, help="gunicorn servers (default 3)")
    parser.add_argument("--workers", type=int, default=1, help="task workers (default 1)")
    parser.add_argument("--proxy", choices=["auto", "caddy", "nginx"], default="auto")
    parser.add_argument(
        "--storage",
        choices=STORAGE_CHOICES,
        default="s3",
        help="uploads in the S3 emulator (default) or in a folder every process shares",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="the proxy's port (default: a free one)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="synthetic practices to add (seed_synthetic)"
    )
    parser.add_argument("--check", action="store_true", help="only say what is missing")
    args = parser.parse_args(argv)
    if args.check:
        lacking = missing(args.proxy, args.storage)
        print("\n".join(f"missing: {item}" for item in lacking) or "everything needed is installed")
        return 1 if lacking else 0

    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    topology = Topology(
        web=args.web, workers=args.workers, proxy=args.proxy, port=args.port, storage=args.storage
    )
    try:
        with topology:
            if args.seed:
                _seed(topology, args.seed)
            env_file = topology.folder / "env"
            env_file.touch(mode=0o600)  # it holds the throwaway SECRET_KEY
            shown = [key for key in (*_PUBLIC_ENV, *_STORAGE_ENV) if key in topology.env]
            env_file.write_text(" ".join(f"{key}={topology.env[key]}" for key in shown))
            print(f"\nThe Hub is running at {topology.url}/ (Ctrl-C to stop)", flush=True)
            print(
                f"  web processes: {', '.join(topology.web_urls)}; logs: {topology.folder / 'logs'}"
            )
            if topology.s3_url:
                print(f"  S3 emulator: {topology.s3_url} (buckets {', '.join(BUCKETS.values())})")
            print(
                f"  manage.py here: env $(cat {topology.folder / 'env'}) .venv/bin/python manage.py ..."
            )
            for _ in _forever():
                for process in [
                    topology.proxy, *topology.web, *topology.workers, topology.redis, topology.s3
                ]:  # fmt: skip
                    topology._check_alive(process)
    except KeyboardInterrupt:
        print("\n== topology: stopped", flush=True)
    except TopologyError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    return 0


_PUBLIC_ENV = (
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS",
    "STATIC_ROOT", "EMAIL_URL", "HUB_BASE_URL", "HUB_VAR_DIR",
)  # fmt: skip
# Where uploads go: the folder's variables or the emulator's (only those of the chosen storage
# are set).
_STORAGE_ENV = (
    "MEDIA_ROOT", "HUB_PRIVATE_ROOT", "AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
    "AWS_EC2_METADATA_DISABLED",
)  # fmt: skip


def _forever() -> Iterator[None]:
    while True:
        time.sleep(2)
        yield None


if __name__ == "__main__":
    sys.exit(main())
