"""Helpers for background tasks shared by every app."""

from datetime import datetime
from typing import Any

from django.core.management import call_command
from django_tasks import task


def enqueue_at(task: Any, when: datetime, *args: Any) -> bool:
    """Run ``task`` at ``when`` on backends that can defer (the database backend can).

    Returns False on backends that cannot (the immediate backend of the tests): callers rely
    on their safety nets (``sync_calls``, the publication check) there."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    task.using(run_after=when).enqueue(*args)
    return True


@task()
def run_periodic_command(name: str, args: list[str]) -> None:
    """A periodic job (``HUB_PERIODIC_JOBS``): run the management command ``name``."""
    call_command(name, *args)
