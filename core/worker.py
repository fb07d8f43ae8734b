"""What the task workers need beyond django-tasks-db: liveness, recovery and a clock.

django-tasks-db marks a task "running" when a worker claims it and never looks at it again, so
a worker killed in the middle of a task would leave it running for ever. Each of our workers
(``manage.py hub_worker``) therefore beats: a thread writes ``WorkerBeat.seen_at`` every
``HUB_WORKER_BEAT_SECONDS``. On the same beat it does two chores that any live worker may do:

- recovery: a worker silent for ``HUB_WORKER_STALE_SECONDS`` is dead; the tasks it held go back
  to the queue (delivery is at least once, so tasks are written to be idempotent), or fail with
  "worker lost" after ``HUB_TASK_MAX_ATTEMPTS`` claims, so a task that kills its worker cannot
  loop for ever;
- the clock: ``HUB_PERIODIC_JOBS`` are enqueued when due, each run by exactly one worker (a
  compare-and-set on ``PeriodicJob.next_run_at``), so production needs no outside cron.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob, WorkerBeat
from .tasks import run_periodic_command

logger = logging.getLogger(__name__)

LOST = "core.worker.WorkerLost"


@dataclass(frozen=True)
class Job:
    """A management command the workers run on a schedule: every ``every``, or daily ``at``."""

    name: str
    command: str
    every: timedelta
    at: time | None = None
    args: tuple[str, ...] = ()


def periodic_jobs() -> list[Job]:
    """``HUB_PERIODIC_JOBS`` as jobs: ``{"command": ..., "every": seconds}`` or
    ``{"command": ..., "daily": "HH:MM"}`` (UTC), with optional ``"name"`` and ``"args"``."""
    jobs = []
    for spec in settings.HUB_PERIODIC_JOBS:
        daily = spec.get("daily")
        jobs.append(
            Job(
                name=spec.get("name", spec["command"]),
                command=spec["command"],
                every=timedelta(days=1) if daily else timedelta(seconds=int(spec["every"])),
                at=time.fromisoformat(daily) if daily else None,
                args=tuple(spec.get("args", ())),
            )
        )
    return jobs


def next_run(job: Job, after: datetime) -> datetime:
    """The job's first slot strictly after ``after``: the next ``at`` of day, or the next
    multiple of ``every`` since the epoch (so every worker computes the same slots)."""
    if job.at is not None:
        slot = datetime.combine(after.date(), job.at, tzinfo=after.tzinfo)
        return slot if slot > after else slot + timedelta(days=1)
    step = job.every.total_seconds()
    slots = int(after.timestamp() // step) + 1
    return datetime.fromtimestamp(slots * step, tz=after.tzinfo)


def enqueue_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose slot has come; returns the names enqueued here."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        row, created = PeriodicJob.objects.get_or_create(
            name=job.name, defaults={"next_run_at": next_run(job, now)}
        )
        if created or row.next_run_at > now:
            continue
        with transaction.atomic():
            moved = PeriodicJob.objects.filter(name=job.name, next_run_at=row.next_run_at).update(
                next_run_at=next_run(job, now), last_enqueued_at=now
            )
            if moved:  # another worker that read the same slot finds it moved and skips it
                run_periodic_command.enqueue(job.command, list(job.args))
                enqueued.append(job.name)
    return enqueued


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname(), "pid": os.getpid(), "seen_at": timezone.now()},
    )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its beat (its tasks are finished)."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def recover_orphans(*, now: datetime | None = None) -> int:
    """Give the tasks of dead workers back to the queue; returns how many were recovered."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.HUB_WORKER_STALE_SECONDS)
    dead = set(WorkerBeat.objects.filter(seen_at__lt=stale).values_list("worker_id", flat=True))
    if not dead:
        return 0
    count = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in dead:
                _requeue_or_fail(result, now)
                count += 1
        WorkerBeat.objects.filter(worker_id__in=dead, seen_at__lt=stale).delete()
    if count:
        logger.warning("Recovered %d task(s) from dead worker(s) %s", count, sorted(dead))
    return count


def _requeue_or_fail(result: DBTaskResult, now: datetime) -> None:
    if len(result.worker_ids) < settings.HUB_TASK_MAX_ATTEMPTS:
        result.status = TaskResultStatus.READY
        result.started_at = None
        result.save(update_fields=["status", "started_at"])
        return
    result.status = TaskResultStatus.FAILED
    result.finished_at = now
    result.exception_class_path = LOST
    result.traceback = (
        f"The worker running this task stopped {len(result.worker_ids)} times "
        "before it finished; it was not tried again."
    )
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])


def chores(worker_id: str) -> None:
    """One beat: say we are alive, recover dead workers' tasks, enqueue due periodic jobs."""
    beat(worker_id)
    recover_orphans()
    enqueue_due_jobs()


class Heart(threading.Thread):
    """Runs :func:`chores` every ``HUB_WORKER_BEAT_SECONDS`` beside the worker's task loop.

    The worker does the first round itself (:meth:`first_beat`) before it takes any task, so a
    task recovered from a dead worker is seen by its first look at the queue; the thread then
    beats from one period later."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heart-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def first_beat(self) -> None:
        try:
            chores(self.worker_id)
        except OperationalError as exc:  # a locked or restarting database: the thread retries
            logger.warning("Worker heartbeat skipped: %s", exc)

    def run(self) -> None:
        while not self.stopped.wait(settings.HUB_WORKER_BEAT_SECONDS):
            try:
                chores(self.worker_id)
            except OperationalError as exc:  # a locked or restarting database: try next beat
                logger.warning("Worker heartbeat skipped: %s", exc)
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=settings.HUB_WORKER_BEAT_SECONDS + 5)
