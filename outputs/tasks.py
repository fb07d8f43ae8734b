"""Background work: building a call's compendium or export, and publishing a featured page at
its scheduled instant. Every task is safe to run twice."""

import tempfile
from typing import Any

from django.utils import timezone
from django_tasks import task

from core.links import base_url

from .choices import JobKind
from .compendium_docx import build_docx
from .compendium_pdf import build_pdf
from .export import build_zip
from .models import FeaturedSelection, OutputJob
from .services import featured_publish_if_due, job_run

BUILDERS = {
    JobKind.COMPENDIUM_PDF: build_pdf,
    JobKind.COMPENDIUM_DOCX: build_docx,
    JobKind.CALL_EXPORT: build_zip,
}


@task()
def build_output(job_uuid: str) -> str:
    """Build the job's file; returns the job's status when done."""
    job = OutputJob.objects.select_related("call").filter(uuid=job_uuid).first()
    if job is None:
        return "missing"
    builder = BUILDERS[JobKind(job.kind)]
    root = base_url()

    def build(**kwargs: Any) -> None:
        builder(base_url=root, **kwargs)

    with tempfile.TemporaryDirectory() as workdir:
        job = job_run(job=job, build=build, filename=job.filename, workdir=workdir)
    return job.status


@task()
def publish_featured_when_due(selection_id: int) -> bool:
    selection = FeaturedSelection.objects.filter(pk=selection_id).first()
    return selection is not None and featured_publish_if_due(
        selection=selection, now=timezone.now()
    )
