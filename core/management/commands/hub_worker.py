"""``manage.py hub_worker``: django-tasks-db's ``db_worker`` with a heartbeat (core.worker).

It takes the same options. Beside the task loop it beats, gives the tasks of dead workers back
to the queue and enqueues the periodic jobs (``HUB_PERIODIC_JOBS``) when they are due.

With ``HUB_TASK_ENGINE=procrastinate`` it runs a Procrastinate worker instead
(core/procrastinate_queue.py), which does the same on its own: ``--worker-id`` names it,
``HUB_WORKER_CONCURRENCY`` sets how many tasks it runs at once; it takes no other option.
"""

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from core import procrastinate_queue
from core.worker import Heart, forget


class Command(db_worker.Command):
    help = (
        "Run a background task worker that recovers the tasks of dead workers and runs the "
        "periodic jobs itself."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        if settings.HUB_TASK_ENGINE != "procrastinate":
            super().add_arguments(parser)
            return
        parser.add_argument("--worker-id", default=None, help="A name for this worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HUB_TASK_ENGINE == "procrastinate":
            procrastinate_queue.run_worker(
                name=options["worker_id"], concurrency=settings.HUB_WORKER_CONCURRENCY
            )
            return
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)  # the reloader's parent only watches files
            return
        heart = Heart(options["worker_id"])
        heart.first_beat()
        heart.start()
        try:
            super().handle(*args, **options)
        finally:
            heart.stop()
            forget(options["worker_id"])
