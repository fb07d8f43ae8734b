"""purge_outputs deletes the prepared files nobody will be served again, with their rows, and
keeps every file that can still be downloaded."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from core.worker import periodic_jobs
from outputs.choices import JobKind, JobStatus
from outputs.models import OutputJob

pytestmark = pytest.mark.django_db


def _job(call, kind=JobKind.COMPENDIUM_PDF, *, age, status=JobStatus.DONE, language="en", **fields):
    job = OutputJob.objects.create(kind=kind, call=call, language=language, status=status, **fields)
    if status == JobStatus.DONE:
        job.file.save("file.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    past = timezone.now() - age
    OutputJob.objects.filter(pk=job.pk).update(created_at=past, updated_at=past)
    return job


def test_superseded_expired_and_failed_files_go_with_their_rows(
    closed_call, django_capture_on_commit_callbacks
):
    hour, day = timedelta(hours=1), timedelta(days=1)
    doomed = [
        _job(closed_call, JobKind.CALL_EXPORT, age=8 * day, expires_at=timezone.now() - day),
        _job(closed_call, age=2 * day),  # superseded by the newer build below
        _job(None, query="objective=10", age=3 * hour),  # superseded by the newer listing one
        _job(closed_call, JobKind.COMPENDIUM_DOCX, age=40 * day),  # untouched for 40 days
        _job(closed_call, age=2 * day, status=JobStatus.FAILED),
        _job(closed_call, JobKind.COMPENDIUM_DOCX, age=2 * day, status=JobStatus.RUNNING),  # lost
    ]
    kept = [
        _job(closed_call, JobKind.CALL_EXPORT, age=day, expires_at=timezone.now() + day),
        _job(closed_call, age=day),
        _job(None, query="objective=10", age=hour),
        _job(None, query="objective=10", age=2 * hour, language="fr"),
        _job(None, query="objective=7", age=2 * hour),
        _job(closed_call, age=hour, status=JobStatus.FAILED),  # the Hub team may look at it
        _job(closed_call, JobKind.COMPENDIUM_DOCX, age=hour, status=JobStatus.QUEUED),
    ]
    doomed_files = [(job.file.storage, job.file.name) for job in doomed if job.file]
    assert all(storage.exists(name) for storage, name in doomed_files)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_outputs", stdout=out)
    assert out.getvalue().strip() == f"{len(doomed)} prepared files deleted"
    assert set(OutputJob.objects.values_list("pk", flat=True)) == {job.pk for job in kept}
    assert not any(storage.exists(name) for storage, name in doomed_files)
    assert all(job.file.storage.exists(job.file.name) for job in kept if job.file)


def test_the_purge_runs_daily_on_the_workers():
    jobs = {job.command: job for job in periodic_jobs()}
    assert jobs["purge_outputs"].every == timedelta(days=1)
