"""What the Hub makes of a call once it has closed: a curated page of featured practices, and
files built in the background (the compendium of its published practices, the Hub team's export).

The featured page's title, introduction and each editor's note exist in every interface language
(translation.py); a missing translation falls back to English with a notice on the page.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.models import TimeStampedModel
from core.workflow import Workflow

from .choices import (
    FEATURED_TRANSITIONS,
    JOB_TRANSITIONS,
    FeaturedStatus,
    JobKind,
    JobStatus,
)


def _validate(selection: "FeaturedSelection", *_args: object) -> None:
    selection.full_clean()


class FeaturedSelection(TimeStampedModel):
    """The Hub team's selection of a call's practices, with an introduction, published as the
    call's "Featured practices" page (one per call)."""

    workflow = Workflow(
        states=FeaturedStatus,
        transitions=FEATURED_TRANSITIONS,
        refusal=_("A featured page cannot go from “%(current)s” to “%(target)s”."),
        before_save={"*": (_validate,)},
    )

    call = models.OneToOneField(
        "calls.Call",
        verbose_name=_("call for practices"),
        on_delete=models.CASCADE,
        related_name="featured_selection",
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=16, choices=FeaturedStatus.choices, default=FeaturedStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "The instant the page goes public when it is scheduled (an international day)."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("featured practices page")
        verbose_name_plural = _("featured practices pages")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outputs:featured", kwargs={"slug": self.call.slug})

    @property
    def is_published(self) -> bool:
        return self.status == FeaturedStatus.PUBLISHED


class FeaturedPractice(models.Model):
    """One practice on a featured page, in its place, with the editor's takeaway."""

    selection = models.ForeignKey(
        FeaturedSelection,
        verbose_name=_("featured practices page"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    practice = models.ForeignKey(
        "repository.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(
        _("editor's note"), blank=True, help_text=_("One or two sentences: the takeaway.")
    )

    class Meta:
        verbose_name = _("featured practice")
        verbose_name_plural = _("featured practices")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "practice"],
                name="featured_practice_once",
                violation_error_message=_("A practice is featured only once on a page."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.practice_id}"

    def clean(self) -> None:
        practice, selection = self.practice, self.selection
        if practice.call_id != selection.call_id or not practice.is_published:
            raise ValidationError(
                {"practice": _("Only the call's published practices can be featured on its page.")}
            )


def job_file_path(instance: "OutputJob", filename: str) -> str:
    return f"outputs/{instance.uuid.hex}/{filename}"


class OutputJob(TimeStampedModel):
    """A file built in the background, with its progress: a call's compendium or export, or the
    compendium of a practice listing (no call; ``query`` holds the listing's parameters).

    A compendium job is reused while its ``content_key`` (the practices it holds and their last
    changes) stays the same; an export's download link stops working at ``expires_at``. Old
    files are purged (``purge_outputs``)."""

    workflow = Workflow(states=JobStatus, transitions=JOB_TRANSITIONS)

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call for practices"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    query = models.TextField(
        _("listing parameters"),
        blank=True,
        help_text=_("For the compendium of a listing: its filters, as in its address."),
    )
    language = models.CharField(_("language"), max_length=10)
    content_key = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("items done"), default=0)
    total = models.PositiveIntegerField(_("items in all"), default=0)
    file = models.FileField(_("file"), upload_to=job_file_path, storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("what went wrong"), blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["call", "kind", "language", "content_key"], name="output_job_cache_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=JobKind.CALL_EXPORT) | models.Q(call__isnull=False),
                name="output_export_has_call",
                violation_error_message=_("An export is always of a call."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.call_id or self.query or '-'}"

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.DONE and not self.has_expired

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, (100 * self.done) // self.total) if self.total else 0

    @property
    def extension(self) -> str:
        extensions: dict[str, str] = {JobKind.COMPENDIUM_DOCX: "docx", JobKind.CALL_EXPORT: "zip"}
        return extensions.get(self.kind, "pdf")

    @property
    def filename(self) -> str:
        """The name the file is downloaded under."""
        stem = "export" if self.kind == JobKind.CALL_EXPORT else f"compendium-{self.language}"
        prefix = self.call.slug if self.call is not None else "practices"
        return f"{prefix}-{stem}.{self.extension}"

    def get_download_url(self) -> str:
        """Where the finished file is fetched (a compendium's address serves it while ready)."""
        name = "compendium_docx" if self.kind == JobKind.COMPENDIUM_DOCX else "compendium_pdf"
        call = self.call
        if call is None:
            query = f"?{self.query}" if self.query else ""
            return reverse(f"outputs_listing:{name}") + query
        if self.kind == JobKind.CALL_EXPORT:
            return reverse("outputs:export_download", kwargs={"slug": call.slug, "job": self.uuid})
        return reverse(f"outputs:{name}", kwargs={"slug": call.slug})
