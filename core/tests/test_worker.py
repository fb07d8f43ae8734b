"""Task workers: tasks of a dead worker are run again (once), periodic jobs are enqueued once."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import worker
from core.models import PeriodicJob, WorkerBeat

from .worker_tasks import append_line

ROOT = Path(__file__).resolve().parents[2]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_BACKEND
    settings.HUB_WORKER_STALE_SECONDS = 60
    settings.HUB_TASK_MAX_ATTEMPTS = 3


def claimed_by(worker_id: str, path: Path, seen_ago: int) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=append_line.enqueue(str(path)).id)
    result.claim(worker_id)
    WorkerBeat.objects.create(
        worker_id=worker_id, seen_at=timezone.now() - timedelta(seconds=seen_ago)
    )
    return result


@pytest.mark.django_db(transaction=True)
def test_a_dead_workers_task_runs_again_and_only_once(db_tasks, tmp_path):
    log = tmp_path / "runs.log"
    result = claimed_by("dead-worker", log, seen_ago=120)

    assert worker.recover_orphans() == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    assert not WorkerBeat.objects.filter(worker_id="dead-worker").exists()

    call_command("hub_worker", "--batch", "--no-startup-delay", "--worker-id", "alive", verbosity=0)

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["dead-worker", "alive"]
    assert log.read_text().count("ran") == 1
    assert not WorkerBeat.objects.filter(worker_id="alive").exists()  # it stopped cleanly


@pytest.mark.django_db
def test_a_live_workers_task_is_left_alone(db_tasks, tmp_path):
    result = claimed_by("busy-worker", tmp_path / "runs.log", seen_ago=5)

    assert worker.recover_orphans() == 0
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_fails_with_a_reason(db_tasks, tmp_path):
    result = claimed_by("w1", tmp_path / "runs.log", seen_ago=120)
    result.claim("w2")
    result.claim("w3")
    WorkerBeat.objects.filter(worker_id="w1").update(worker_id="w3")

    worker.recover_orphans()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == worker.LOST
    assert "stopped 3 times" in result.traceback


@pytest.mark.django_db
def test_a_due_periodic_job_is_enqueued_once_whatever_the_number_of_workers(db_tasks, settings):
    settings.HUB_PERIODIC_JOBS = [{"command": "sync_calls", "every": 300}]
    now = timezone.now()
    assert worker.enqueue_due_jobs(now=now) == []  # the first look only sets the next slot
    slot = PeriodicJob.objects.get(name="sync_calls").next_run_at
    assert now < slot <= now + timedelta(seconds=300)

    later = slot + timedelta(seconds=1)
    first, second = worker.enqueue_due_jobs(now=later), worker.enqueue_due_jobs(now=later)

    assert (first, second) == (["sync_calls"], [])
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "core.tasks.run_periodic_command"
    assert queued.args_kwargs["args"] == ["sync_calls", []]
    assert PeriodicJob.objects.get(name="sync_calls").next_run_at == slot + timedelta(seconds=300)


def test_daily_jobs_fall_at_their_hour_and_others_on_shared_slots():
    daily = worker.Job(name="d", command="d", every=timedelta(days=1), at=datetime.min.time())
    after = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
    assert worker.next_run(daily, after) == datetime(2026, 12, 6, 0, 0, tzinfo=UTC)
    five = worker.Job(name="f", command="f", every=timedelta(minutes=5))
    assert worker.next_run(five, after) == datetime(2026, 12, 5, 18, 5, tzinfo=UTC)
    assert worker.next_run(five, after + timedelta(seconds=1)) == after + timedelta(minutes=5)


def test_the_configured_periodic_jobs_are_real_commands():
    assert {job.command for job in worker.periodic_jobs()} <= set(get_commands())


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_task_is_replaced_and_the_task_is_done_exactly_once(tmp_path):
    """Real processes: worker 1 is killed with SIGKILL while the task runs; worker 2 sees its
    heartbeat stop, puts the task back and runs it to the end."""
    db, log = tmp_path / "hub.sqlite3", tmp_path / "task.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{db}",
        HUB_VAR_DIR=str(tmp_path),
        HUB_WORKER_BEAT_SECONDS="1",
        HUB_WORKER_STALE_SECONDS="3",
    )
    assert manage("migrate", "-v0", env=env).wait(120) == 0
    enqueue = (
        f"from core.tests.worker_tasks import slow_the_first_time as t; t.enqueue({str(log)!r})"
    )
    assert manage("shell", "-c", enqueue, env=env).wait(60) == 0

    first = manage("hub_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay", env=env)
    started = wait_for(lambda: log.exists() and "start" in log.read_text(), 60)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert started, first.stderr.read() if first.stderr else ""

    second = manage("hub_worker", "--no-reload", "--interval", "0.2", "--max-tasks", "1", env=env)
    assert second.wait(60) == 0, second.stderr.read() if second.stderr else ""

    assert log.read_text().split() == ["start", "start", "done"]
    with sqlite3.connect(db) as conn:
        status, workers = conn.execute(
            f"select status, worker_ids from {DBTaskResult._meta.db_table}"  # noqa: S608
        ).fetchone()
    assert status == TaskResultStatus.SUCCESSFUL
    assert len(json.loads(workers)) == 2
