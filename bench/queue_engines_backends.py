"""What puts each engine behind Django's tasks API in the queue benchmark.

For RQ, django-tasks-rq is the backend and a queue class adds the retries RQ needs to take back
an abandoned job; for Procrastinate and Celery, a small django-tasks backend hands the task's
dotted path and arguments to one engine task (``hub.run``) that calls it.
"""

import os
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus

ENGINE = os.environ.get("QB_ENGINE", "rq")
STALE = int(os.environ.get("QB_STALE_SECONDS", "15"))
REDIS_URL = os.environ.get("QB_REDIS_URL", "redis://127.0.0.1:6379/0")


# --- adapters --------------------------------------------------------------------------------


def _run_by_path(path: str, args: list, kwargs: dict) -> None:
    """Run the django-tasks task at ``path`` (what every adapter's engine-side task does)."""
    import_string(path).call(*args, **kwargs)


def _result(backend: Any, task: Any, args: Any, kwargs: Any, result_id: str) -> Any:
    return TaskResult(
        task=task, id=result_id, status=TaskResultStatus.READY, enqueued_at=timezone.now(),
        started_at=None, last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs,
        backend=backend.alias, errors=[], worker_ids=[],
    )  # fmt: skip


if ENGINE == "rq":
    from django_rq.queues import DjangoRQ
    from rq import Retry

    class RetryingQueue(DjangoRQ):
        def create_job(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("retry", Retry(max=3, interval=[2, 10, 60]))
            return super().create_job(*args, **kwargs)

elif ENGINE == "procrastinate":
    from procrastinate import RetryStrategy
    from procrastinate.contrib.django import app as procrastinate_app

    @procrastinate_app.task(
        name="hub.run",
        retry=RetryStrategy(max_attempts=5, wait=2, exponential_wait=2),
    )
    def run_django_task(path: str, args: list, kwargs: dict) -> None:
        _run_by_path(path, args, kwargs)

    @procrastinate_app.periodic(cron=f"* * * * * */{max(STALE // 3, 1)}")
    @procrastinate_app.task(name="hub.retry_stalled", queueing_lock="retry_stalled")
    async def retry_stalled(timestamp: int) -> None:
        manager = procrastinate_app.job_manager
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALE):
            await manager.retry_job(job)

    class ProcrastinateBackend(BaseTaskBackend):
        supports_defer = True

        def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
            self.validate_task(task)
            job_id = run_django_task.configure(
                queue=task.queue_name, schedule_at=task.run_after, priority=task.priority
            ).defer(path=task.module_path, args=list(args), kwargs=dict(kwargs))
            return _result(self, task, args, kwargs, str(job_id))

elif ENGINE == "celery":
    from celery import Celery

    celery_app = Celery("qb", broker=REDIS_URL)
    celery_app.conf.update(
        task_acks_late=True,  # acknowledged after the task, so a lost worker's task comes back
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": STALE * 2},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )

    @celery_app.task(name="hub.run", autoretry_for=(Exception,), retry_backoff=2, max_retries=5)
    def run_django_task(path: str, args: list, kwargs: dict) -> None:
        _run_by_path(path, args, kwargs)

    class CeleryBackend(BaseTaskBackend):
        supports_defer = True

        def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
            self.validate_task(task)
            sent = run_django_task.apply_async(
                (task.module_path, list(args), dict(kwargs)), eta=task.run_after
            )
            return _result(self, task, args, kwargs, sent.id)
