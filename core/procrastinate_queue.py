"""The production task engine: Procrastinate on PostgreSQL, behind Django's tasks API.

Chosen over RQ and Celery on measured reasons (docs/operations.md, "Choosing the queue
engine"; bench/queue_engines.py). ``HUB_TASK_ENGINE=procrastinate`` turns it on
(config/settings/base.py); the embedded default stays django-tasks-db with ``hub_worker``.

- core/procrastinate_backend.py puts Django's tasks API on it (each task is one ``hub.run``
  job, retried with backoff when it raises).
- ``hub.recover_stalled`` runs every ``HUB_WORKER_BEAT_SECONDS`` on whichever worker takes it:
  the jobs held by workers whose heartbeat is older than ``HUB_WORKER_STALE_SECONDS`` (killed,
  out of memory, machine lost) go back to the queue, or fail once they have had
  ``HUB_TASK_MAX_ATTEMPTS`` attempts. Delivery is therefore at least once: every task is
  idempotent (docs/operations.md, "Idempotent tasks").
- ``HUB_PERIODIC_JOBS`` become Procrastinate periodic tasks (``hub.periodic``): every worker
  runs the scheduler and the database defers each slot once, so no cron is needed.
- :func:`waiting`, :func:`failed_count` and :func:`workers_alive` feed ``/metrics`` and
  ``/healthz?require=workers`` (core/observability.py) on this engine.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import close_old_connections, connection
from procrastinate import jobs
from procrastinate.contrib.django import app

from .worker import periodic_jobs

logger = logging.getLogger(__name__)


@app.task(name="hub.periodic", pass_context=False)
def run_periodic(timestamp: int, command: str, args: list[str]) -> None:
    """A periodic job (``HUB_PERIODIC_JOBS``): run the management command ``command``."""
    close_old_connections()
    try:
        call_command(command, *args)
    finally:
        close_old_connections()


@app.task(name="hub.recover_stalled", queueing_lock="hub.recover_stalled")
async def recover_stalled(timestamp: int) -> None:
    """Give the jobs of dead workers back to the queue (or fail them after the last attempt)."""
    manager = app.job_manager
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.HUB_WORKER_STALE_SECONDS
    )
    for job in stalled:
        if job.attempts + 1 >= settings.HUB_TASK_MAX_ATTEMPTS:
            await manager.finish_job(job, status=jobs.Status.FAILED, delete_job=False)
            logger.error("Task %s lost its worker %d times: failed", job.id, job.attempts + 1)
        else:
            await manager.retry_job(job)
            logger.warning("Task %s recovered from a dead worker", job.id)
    await manager.prune_stalled_workers(settings.HUB_WORKER_STALE_SECONDS)


def cron(every: timedelta, at: Any) -> str:
    """A job's schedule as a cron line (seconds as a sixth field where needed)."""
    if at is not None:
        return f"{at.minute} {at.hour} * * *"
    seconds = int(every.total_seconds())
    if seconds < 60 and 60 % seconds == 0:
        return f"* * * * * */{seconds}"
    if seconds % 60 == 0 and 60 % (seconds // 60) == 0:
        return f"*/{seconds // 60} * * * *"
    if seconds % 3600 == 0 and 24 % (seconds // 3600) == 0:
        return f"0 */{seconds // 3600} * * *"
    raise ImproperlyConfigured(
        f"A periodic job every {seconds} s cannot be written as a schedule: use a divisor of "
        "a minute, an hour or a day, or a daily time."
    )


def register_periodic_jobs() -> None:
    """``HUB_PERIODIC_JOBS`` and the recovery of stalled jobs, as Procrastinate schedules."""
    for job in periodic_jobs():
        app.periodic(
            cron=cron(job.every, job.at),
            periodic_id=job.name,
            task_kwargs={"command": job.command, "args": list(job.args)},
        )(run_periodic)
    app.periodic(
        cron=cron(timedelta(seconds=settings.HUB_WORKER_BEAT_SECONDS), None),
        periodic_id="recover_stalled",
    )(recover_stalled)


register_periodic_jobs()


def run_worker(*, name: str | None, concurrency: int) -> None:
    """``manage.py hub_worker`` on this engine: a worker that beats, recovers and schedules."""
    with app.replace_connector(app.connector.get_worker_connector()):  # type: ignore[attr-defined]
        app.run_worker(
            name=name,
            concurrency=concurrency,
            update_heartbeat_interval=settings.HUB_WORKER_BEAT_SECONDS,
            stalled_worker_timeout=settings.HUB_WORKER_STALE_SECONDS,
        )


WAITING = """
SELECT j.queue_name, count(*),
       min(coalesce(j.scheduled_at, (SELECT min(e.at) FROM procrastinate_events e
                                     WHERE e.job_id = j.id)))
FROM procrastinate_jobs j
WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
GROUP BY j.queue_name
"""


def waiting() -> list[tuple[str, int, datetime | None]]:
    """Per queue: jobs ready to run and when the oldest became ready (for the metrics)."""
    with connection.cursor() as cursor:
        cursor.execute(WAITING)
        return list(cursor.fetchall())


def failed_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'")
        return int(cursor.fetchone()[0])


def workers_alive() -> int:
    """Workers whose heartbeat is more recent than ``HUB_WORKER_STALE_SECONDS``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_workers "
            "WHERE last_heartbeat >= now() - make_interval(secs => %s)",
            [settings.HUB_WORKER_STALE_SECONDS],
        )
        return int(cursor.fetchone()[0])
