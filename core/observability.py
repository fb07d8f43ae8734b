"""Prometheus metrics (request ids and log formats are in core/logs.py).

- ``MetricsMiddleware`` times every request into a histogram by route, method and status class;
  ``render_metrics`` adds what the database knows at scrape time: tasks waiting and the age of
  the oldest, failed tasks, live workers. With several gunicorn processes, set
  ``PROMETHEUS_MULTIPROC_DIR`` (docs/operations.md) so the scrape adds up every process.
"""

import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from . import procrastinate_queue
from .mail import outbox_counts
from .models import WorkerBeat

REQUEST_SECONDS = Histogram(
    "hub_http_request_duration_seconds",
    "Time to answer an HTTP request, by route, method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else "unmatched"
        REQUEST_SECONDS.labels(route, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class QueueCollector:
    """Gauges read from the database at scrape time: the same in every process."""

    def collect(self):
        now = timezone.now()
        waiting = GaugeMetricFamily(
            "hub_tasks_waiting", "Tasks ready to run, by queue.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "hub_tasks_oldest_waiting_seconds",
            "Age of the oldest task ready to run.",
            labels=["queue"],
        )
        for queue, count, first in queue_waiting():
            waiting.add_metric([queue], count)
            oldest.add_metric([queue], (now - first).total_seconds() if first else 0)
        yield waiting
        yield oldest
        yield GaugeMetricFamily(
            "hub_tasks_failed",
            "Task results kept with a failure (pruned with the results).",
            value=tasks_failed(),
        )
        yield GaugeMetricFamily(
            "hub_workers_alive", "Task workers whose heartbeat is recent.", value=workers_alive()
        )
        mail = outbox_counts()
        for name, help_text in MAIL_GAUGES.items():
            yield GaugeMetricFamily(f"hub_mail_{name}", help_text, value=mail[name])


MAIL_GAUGES = {
    "waiting": "Stored e-mails waiting to be sent or retried (core.mail).",
    "failed": "Stored e-mails the mail server refused for good, or after every retry.",
    "interrupted": "E-mails whose sending process stopped mid-way: sent or not, unknown.",
}


def queue_waiting() -> list[tuple[str, int, Any]]:
    """Per queue: tasks ready to run, and when the oldest was enqueued (either engine)."""
    if settings.HUB_TASK_ENGINE == "procrastinate":
        return procrastinate_queue.waiting()
    ready = DBTaskResult.objects.ready().values("queue_name")
    rows = ready.annotate(n=Count("id"), first=Min("enqueued_at"))
    return [(row["queue_name"], row["n"], row["first"]) for row in rows]


def tasks_failed() -> int:
    if settings.HUB_TASK_ENGINE == "procrastinate":
        return procrastinate_queue.failed_count()
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


def workers_alive() -> int:
    if settings.HUB_TASK_ENGINE == "procrastinate":
        return procrastinate_queue.workers_alive()
    fresh = timezone.now() - timedelta(seconds=settings.HUB_WORKER_STALE_SECONDS)
    return WorkerBeat.objects.filter(seen_at__gte=fresh).count()


def render_metrics() -> bytes:
    """The Prometheus text exposition of this Hub (every process's requests, the queue)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(QueueCollector())
    return generate_latest(registry)


class _ThisProcess:
    """The request histogram of this process only (no multiprocess directory configured)."""

    def collect(self):
        yield from REQUEST_SECONDS.collect()
