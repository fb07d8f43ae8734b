"""Statuses and kinds of what a call produces after its deadline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeaturedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


FEATURED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    FeaturedStatus.DRAFT: (FeaturedStatus.SCHEDULED, FeaturedStatus.PUBLISHED),
    FeaturedStatus.SCHEDULED: (FeaturedStatus.DRAFT, FeaturedStatus.PUBLISHED),
    FeaturedStatus.PUBLISHED: (FeaturedStatus.DRAFT,),
}


class JobKind(models.TextChoices):
    COMPENDIUM_PDF = "compendium_pdf", _("Compendium (PDF)")
    COMPENDIUM_DOCX = "compendium_docx", _("Compendium (Word)")
    CALL_EXPORT = "call_export", _("Export of the call (ZIP)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


JOB_TRANSITIONS: dict[str, tuple[str, ...]] = {
    JobStatus.QUEUED: (JobStatus.RUNNING, JobStatus.FAILED),
    JobStatus.RUNNING: (JobStatus.DONE, JobStatus.FAILED),
}
