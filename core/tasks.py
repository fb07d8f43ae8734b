"""Helpers for background tasks shared by every app.

A services module never imports its app's tasks module (the tasks import the services): each
tasks module lists its tasks with :func:`register_tasks`, the app's ``ready()`` loads it, and
services find a task by its dotted path with :func:`task_named`.
"""

from datetime import datetime
from typing import Any

from django.core.management import call_command
from django_tasks import default_task_backend, task

from .mail import deliver_mail

_registered: dict[str, Any] = {}


def register_tasks(*tasks: Any) -> None:
    """Make ``tasks`` findable by their dotted path (``calls.tasks.open_call_when_due``)."""
    for item in tasks:
        _registered[item.module_path] = item


def task_named(path: str) -> Any:
    """The registered task at ``path``; a KeyError names a tasks module its app did not load."""
    try:
        return _registered[path]
    except KeyError:
        raise KeyError(
            f"{path} is not registered: does its app's ready() load its tasks?"
        ) from None


def enqueue_at(task: Any, when: datetime, *args: Any) -> bool:
    """Run ``task`` at ``when`` on backends that can defer (the database backend can).

    Returns False on backends that cannot (the immediate backend of the tests): callers rely
    on their safety nets (``sync_calls``, the publication check) there."""
    if not default_task_backend.supports_defer:
        return False
    task.using(run_after=when).enqueue(*args)
    return True


# Sending a stored e-mail: the task lives beside the outbox (core/mail.py), whose services queue it.
register_tasks(deliver_mail)


@task()
def run_periodic_command(name: str, args: list[str]) -> None:
    """A periodic job (``HUB_PERIODIC_JOBS``): run the management command ``name``."""
    call_command(name, *args)
