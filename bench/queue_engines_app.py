"""The small Django project in which bench/queue_engines.py runs each queue engine.

One module plays every part, chosen by ``QB_ENGINE`` (``rq``, ``procrastinate``, ``celery``):
Django settings (``DJANGO_SETTINGS_MODULE=bench.queue_engines_app``), the tasks (written with
Django's tasks API, ``django_tasks.task``), the adapter that puts each engine behind that API,
and a command line for the benchmark's subprocesses::

    python -m bench.queue_engines_app worker      # one worker of QB_ENGINE
    python -m bench.queue_engines_app enqueue N   # enqueue N small tasks, print latencies (JSON)
    python -m bench.queue_engines_app slow KEY    # enqueue one task that takes QB_SLOW seconds

Every task writes its effect to the PostgreSQL table ``qb_done`` (``QB_DATABASE_URL``), so the
benchmark counts effects the same way for every engine. The engines' Python packages are
imported only for the engine chosen, so one interpreter needs only the one it runs.
"""

import json
import os
import sys
import time
from urllib.parse import urlparse

ENGINE = os.environ.get("QB_ENGINE", "rq")
REDIS_URL = os.environ.get("QB_REDIS_URL", "redis://127.0.0.1:6379/0")
_db = urlparse(os.environ.get("QB_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qb"))
STALE = int(os.environ.get("QB_STALE_SECONDS", "15"))

SECRET_KEY = "bench-only"  # noqa: S105 (a throwaway project on loopback)
USE_TZ = True
DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "django_tasks"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "postgres",
        "HOST": _db.hostname,
        "PORT": _db.port,
    }
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

if ENGINE == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    # django-tasks-rq gives RQ no retry, and RQ retries an abandoned job only when it has one:
    # the queue class below adds it (the adapter the Hub would need).
    RQ = {"QUEUE_CLASS": "bench.queue_engines_backends.RetryingQueue"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
elif ENGINE == "procrastinate":
    INSTALLED_APPS += ["procrastinate.contrib.django"]
    PROCRASTINATE_IMPORT_PATHS = ["bench.queue_engines_backends"]
    PROCRASTINATE_WORKER_DEFAULTS = {
        "update_heartbeat_interval": 2,
        "stalled_worker_timeout": STALE,
    }
    TASKS = {"default": {"BACKEND": "bench.queue_engines_backends.ProcrastinateBackend"}}
elif ENGINE == "celery":
    TASKS = {"default": {"BACKEND": "bench.queue_engines_backends.CeleryBackend"}}


# --- command line ----------------------------------------------------------------------------


def _worker() -> None:
    from django.core.management import call_command

    from bench import queue_engines_backends

    if ENGINE == "rq":
        call_command("rqworker", "default", "--with-scheduler", "--job-class",
                     "django_tasks_rq.backend.Job")  # fmt: skip
    elif ENGINE == "procrastinate":
        call_command("procrastinate", "worker", "--concurrency=1")
    else:
        queue_engines_backends.celery_app.worker_main(
            ["worker", "-c", "1", "--without-gossip", "--without-mingle", "-l", "WARNING"]
        )


def _enqueue(count: int) -> None:
    from bench.queue_engines_tasks import small

    times = []
    started = time.perf_counter()
    for number in range(count):
        before = time.perf_counter()
        small.enqueue(f"small:{number}")
        times.append((time.perf_counter() - before) * 1000)
    total = time.perf_counter() - started
    times.sort()
    print(json.dumps({
        "enqueue_p50_ms": round(times[len(times) // 2], 3),
        "enqueue_p95_ms": round(times[int(len(times) * 0.95)], 3),
        "enqueue_total_s": round(total, 3),
    }))  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.queue_engines_app")
    import django

    django.setup()
    from bench.queue_engines_tasks import slow

    command = sys.argv[1]
    if command == "worker":
        _worker()
    elif command == "enqueue":
        _enqueue(int(sys.argv[2]))
    elif command == "slow":
        slow.enqueue(sys.argv[2], float(os.environ.get("QB_SLOW", "6")))


if __name__ == "__main__":
    main()
