"""The queue benchmark's tasks, on Django's tasks API (settings: bench/queue_engines_app.py)."""

import os
import time

from django.db import connection
from django_tasks import task

# --- the tasks, on Django's tasks API --------------------------------------------------------


def record(key: str) -> None:
    """The task's one effect: a row in ``qb_done`` (the benchmark counts them)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO qb_done (key, pid) VALUES (%s, %s)", [key, os.getpid()])


@task()
def small(key: str) -> None:
    record(key)


@task()
def slow(key: str, seconds: float) -> None:
    record(f"started:{key}")
    time.sleep(seconds)
    record(key)
