"""Django's tasks API on Procrastinate (the production engine, core/procrastinate_queue.py).

- :class:`ProcrastinateBackend` is a django-tasks backend: ``task.enqueue(...)`` defers one
  Procrastinate job, ``hub.run``, carrying the task's dotted path and arguments. The job row is
  written through Django's connection, so a task enqueued inside a transaction that rolls back
  is never run. Apps keep writing ``@task()`` and ``task_named(...).enqueue(...)``.
- ``hub.run`` calls the task. A task that raises is tried again with exponential backoff
  (``HUB_TASK_RETRY_SECONDS``, then twice as long each time) until ``HUB_TASK_MAX_ATTEMPTS``
  attempts in all.

This module imports nothing of the Hub: ``core.tasks`` needs the backend to declare its tasks.
"""

from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from procrastinate.contrib.django import app
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy, RetryDecision


class ProcrastinateBackend(BaseTaskBackend):
    """Django's tasks API on Procrastinate: each enqueued task is one ``hub.run`` job."""

    supports_defer = True

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        job_id = run_task.configure(
            queue=task.queue_name, schedule_at=task.run_after, priority=task.priority
        ).defer(path=task.module_path, args=list(args), kwargs=dict(kwargs))
        return TaskResult(
            task=task,
            id=str(job_id),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


class Backoff(BaseRetryStrategy):
    """Try a failed task again after ``HUB_TASK_RETRY_SECONDS``, then twice as long each time,
    until ``HUB_TASK_MAX_ATTEMPTS`` attempts in all."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if job.attempts + 1 >= settings.HUB_TASK_MAX_ATTEMPTS:
            return None
        return RetryDecision(
            retry_in={"seconds": settings.HUB_TASK_RETRY_SECONDS * 2**job.attempts}
        )


@app.task(name="hub.run", retry=Backoff())
def run_task(path: str, args: list, kwargs: dict) -> None:
    """Run the django-tasks task at ``path`` (what ``task.enqueue`` deferred)."""
    close_old_connections()
    try:
        import_string(path).call(*args, **kwargs)
    finally:
        close_old_connections()
