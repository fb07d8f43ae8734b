"""Submissions of practices and knowledge resources, from first draft to decision.

The draft's content lives in ``Submission.data`` (a JSON object keyed by the field names of
``submissions.fields``). Every save bumps ``revision`` and records the changed fields in
``DraftChange``, which is how concurrent edits by co-submitters are detected instead of silently
overwritten. Submitting freezes the data into a ``SubmissionVersion``.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, random_name
from core.models import TimeStampedModel
from core.workflow import Workflow, can_transition

from .choices import (
    EDITABLE,
    TRANSITIONS,
    UNDER_REVIEW,
    UNSCREENED,
    FindingDecision,
    SubmissionStatus,
)
from .errors import SubmissionTransitionError
from .fields import CONTENT_TYPES


class Submission(TimeStampedModel):
    """One practice or resource on its way to the repository."""

    CONTENT_TYPE_CHOICES = [(slug, ct.name) for slug, ct in CONTENT_TYPES.items()]

    workflow = Workflow(
        states=SubmissionStatus, transitions=TRANSITIONS, error=SubmissionTransitionError
    )

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference number"), max_length=20, unique=True, null=True, blank=True
    )
    content_type = models.CharField(_("content type"), max_length=16, choices=CONTENT_TYPE_CHOICES)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call for practices"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    co_submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-submitters"),
        blank=True,
        related_name="co_submissions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=250, blank=True)
    data = models.JSONField(_("content"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    eligibility = models.JSONField(_("eligibility answers"), default=dict, blank=True)
    finding_decisions = models.JSONField(_("safeguarding decisions"), default=dict, blank=True)
    safeguarding_flagged = models.BooleanField(_("flagged for safeguarding"), default=False)
    submit_key = models.UUIDField(_("submission key"), null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # When the owner was told an untouched draft will be deleted (services.drafts_expire).
    expiry_warned_at = models.DateTimeField(_("deletion announced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "call"], name="submission_status_call_idx")]

    def __str__(self) -> str:
        return self.reference or self.title or str(_("Untitled draft"))

    def get_absolute_url(self) -> str:
        return reverse("submissions:detail", kwargs={"uuid": self.uuid})

    @property
    def spec(self):
        return CONTENT_TYPES[self.content_type]

    @property
    def is_editable(self) -> bool:
        """Whether the submitters may change the text (draft, or sent back to them)."""
        return self.status in EDITABLE

    @property
    def is_draft(self) -> bool:
        return self.status == SubmissionStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == SubmissionStatus.PUBLISHED

    @property
    def can_be_withdrawn(self) -> bool:
        return can_transition(self, SubmissionStatus.WITHDRAWN)

    @property
    def awaits_screening(self) -> bool:
        """Sent and not yet screened (submitted, or in screening)."""
        return self.status in UNSCREENED

    @property
    def is_under_review(self) -> bool:
        """With reviewers, or waiting for the decision after their reviews."""
        return self.status in UNDER_REVIEW


class DraftChange(models.Model):
    """The fields one save changed, with their new values."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="changes"
    )
    revision = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed = models.JSONField(_("changed fields"))
    previous = models.JSONField(_("values before the change"), default=dict)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft change")
        verbose_name_plural = _("draft changes")
        ordering = ["submission", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "revision"],
                name="draft_change_unique_revision",
                violation_error_message=_("This revision already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}@{self.revision}"


class SubmissionVersion(models.Model):
    """The content as it was when submitted (or resubmitted after changes)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"],
                name="submission_version_unique_number",
                violation_error_message=_("This version number already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name in the private storage: neither the submission nor the file name shows."""
    return random_name("attachments", filename)


class Attachment(models.Model):
    """A cleaned file attached to a submission. Removing one only marks it removed."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=300
    )
    name = models.CharField(_("file name"), max_length=150)  # the cleaned original, for display
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An invitation to co-edit a draft, sent by e-mail."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "email"],
                name="invitation_unique_email",
                violation_error_message=_("This person has already been invited."),
            )
        ]

    def __str__(self) -> str:
        return self.email

    # --- Who may accept and until when (issue 11.4) ---------------------------------------
    @property
    def expires_at(self) -> datetime:
        """Links work for ``HUB_INVITATION_DAYS`` days after the (latest) sending."""
        return self.created_at + timedelta(days=settings.HUB_INVITATION_DAYS)

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_addressed_to(self, user: Any) -> bool:
        """Whether ``user`` has verified the invited address (allauth's EmailAddress)."""
        if not getattr(user, "is_authenticated", False):
            return False
        return EmailAddress.objects.filter(
            user=user, email__iexact=self.email, verified=True
        ).exists()

    # --- end of invitation checks ----------------------------------------------------------


class Message(models.Model):
    """A message between the Hub team and the submitters about one submission."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_hub_team = models.BooleanField(_("from the Hub team"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.submission} {self.created_at:%Y-%m-%d}"


class SafeguardingFlag(models.Model):
    """A possible piece of personal data the submitter neither removed nor confirmed."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="flags"
    )
    field = models.CharField(_("field"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20)
    excerpt = models.TextField(_("excerpt"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    decision = models.CharField(
        _("decision"), max_length=12, choices=FindingDecision.choices, blank=True
    )
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("safeguarding flag")
        verbose_name_plural = _("safeguarding flags")

    def __str__(self) -> str:
        return f"{self.kind}: {self.excerpt[:40]}"


class DeadlineExtension(models.Model):
    """A curator lets one person submit to a call after its deadline."""

    call = models.ForeignKey(
        "calls.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="extensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    until = models.DateTimeField(_("until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="extension_unique_person",
                violation_error_message=_("This person already has an extension for this call."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.until:%Y-%m-%d}"
