"""A task that follows a write (a receipt, an invitation, an index update) is queued if and only
if that write commits, and, when the queue lives in the Hub's database, in the same transaction:
queued after the commit instead, a database outage in between lost it."""

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from core.tasks import enqueue_on_commit

from .worker_tasks import append_line

pytestmark = pytest.mark.django_db(transaction=True)


def queued(path) -> int:
    return DBTaskResult.objects.filter(args_kwargs__args=[str(path)]).count()


def write_that_fails(path) -> None:
    """A transaction that queues a task, then fails and rolls back."""
    with transaction.atomic():
        enqueue_on_commit(append_line, str(path))
        raise RuntimeError("the write fails")


def test_with_the_queue_in_the_database_the_task_is_written_inside_the_transaction(
    settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        enqueue_on_commit(append_line, str(tmp_path / "kept"))
        # Already in the transaction, before any commit: nothing is left for after it.
        assert queued(tmp_path / "kept") == 1
        assert not connection.run_on_commit
    assert queued(tmp_path / "kept") == 1

    with pytest.raises(RuntimeError):
        write_that_fails(tmp_path / "dropped")
    assert queued(tmp_path / "dropped") == 0


def test_a_backend_outside_the_database_runs_the_task_after_the_commit_only(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    log = tmp_path / "log"
    with transaction.atomic():
        enqueue_on_commit(append_line, str(log))
        assert not log.exists()
    assert log.read_text() == "ran\n"

    with pytest.raises(RuntimeError):
        write_that_fails(tmp_path / "never")
    assert not (tmp_path / "never").exists()
