"""Helpers for background tasks shared by every app.

A services module never imports its app's tasks module (the tasks import the services): each
tasks module lists its tasks with :func:`register_tasks`, the app's ``ready()`` loads it, and
services find a task by its dotted path with :func:`task_named`.
"""

from datetime import datetime
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
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


def _queue_in_this_database(task: Any) -> bool:
    """Whether ``task``'s backend writes its queue through Django's connection to the Hub's own
    database (django-tasks' database backend; Procrastinate, core/procrastinate_backend.py)."""
    backend = type(task.get_backend())
    return backend.__module__.startswith(("django_tasks_db.", "core.procrastinate_backend"))


def enqueue_on_commit(task: Any, *args: Any, when: datetime | None = None) -> None:
    """Queue ``task(*args)`` (to run at ``when``, if given) exactly when the current transaction
    commits: a receipt, an invitation, an index update follow the write they belong to.

    When the queue lives in the Hub's database the task row is written *inside* the
    transaction, so it commits or rolls back with the write: queued after the commit instead,
    a database outage or a crash in between lost it (the fault test of a database restart
    found a submission without its receipt). Other backends (the immediate one of the tests)
    queue it once the transaction has committed. ``when`` on a backend that cannot defer
    queues nothing (see :func:`enqueue_at`)."""

    def enqueue() -> None:
        if when is None:
            task.enqueue(*args)
        else:
            enqueue_at(task, when, *args)

    if connection.in_atomic_block and _queue_in_this_database(task):
        enqueue()
    else:
        transaction.on_commit(enqueue)


# Sending a stored e-mail: the task lives beside the outbox (core/mail.py), whose services queue it.
register_tasks(deliver_mail)


@task()
def run_periodic_command(name: str, args: list[str]) -> None:
    """A periodic job (``HUB_PERIODIC_JOBS``): run the management command ``name``."""
    call_command(name, *args)
