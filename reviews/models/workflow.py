"""Assignments, reviews, decisions and the message templates curators edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow

from ..choices import (
    ACTIVE_ASSIGNMENT,
    ASSIGNMENT_TRANSITIONS,
    ASSIGNMENT_VERBS,
    AssignmentStatus,
    Outcome,
    Recommendation,
    TemplateKind,
)
from ..errors import AssignmentTransitionError


def _validate(assignment: "ReviewAssignment", *_args: object) -> None:
    assignment.full_clean()  # one active invitation per reviewer and submission


class ReviewAssignment(models.Model):
    """One reviewer asked to review one submission. Its moves are recorded on the submission's
    history, with the reviewer's address first in the note."""

    workflow = Workflow(
        states=AssignmentStatus,
        transitions=ASSIGNMENT_TRANSITIONS,
        error=AssignmentTransitionError,
        verb=lambda _current, to: ASSIGNMENT_VERBS[to],
        audit_target=lambda assignment: assignment.submission,
        audit_note=lambda assignment, note: f"{assignment.reviewer.email} {note}".strip(),
        before_save={AssignmentStatus.INVITED: (_validate,)},
    )

    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.SUGGESTED,
    )
    is_internal = models.BooleanField(_("internal (UN) reviewer"), default=False)
    tie_break = models.BooleanField(_("added to settle a disagreement"), default=False)
    affinity = models.FloatField(_("affinity"), default=0.0)
    explanation = models.JSONField(_("why suggested"), default=dict, blank=True)
    version = models.PositiveSmallIntegerField(_("version to review"), default=1)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Not stored: the team's page (reviews.selectors.workflow) attaches the reviewer's track
    # record and the reasons the reviewer was suggested.
    record: dict[str, int]
    reasons: list[str]

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["submission", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                condition=models.Q(status__in=ACTIVE_ASSIGNMENT),
                name="assignment_one_active_per_reviewer",
                violation_error_message=_("This reviewer is already assigned to this submission."),
            )
        ]
        indexes = [models.Index(fields=["reviewer", "status"], name="assignment_reviewer_status")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.submission}"

    @property
    def is_suggested(self) -> bool:
        return self.status == AssignmentStatus.SUGGESTED

    @property
    def awaits_answer(self) -> bool:
        """Invited, and the reviewer has not answered yet."""
        return self.status == AssignmentStatus.INVITED

    @property
    def is_accepted(self) -> bool:
        """Accepted and the review of the current version not sent yet."""
        return self.status == AssignmentStatus.ACCEPTED

    @property
    def was_accepted(self) -> bool:
        """The reviewer accepted (and may have sent the review): the review page is theirs."""
        return self.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED)


class Review(models.Model):
    """A reviewer's assessment of one version of a submission."""

    assignment = models.ForeignKey(
        ReviewAssignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    version = models.PositiveSmallIntegerField(_("version reviewed"))
    scores = models.JSONField(_("scores"), default=dict)
    comments = models.JSONField(_("comments per criterion"), default=dict, blank=True)
    comments_to_team = models.TextField(_("comments for the Hub team"), blank=True)
    comments_to_submitter = models.TextField(_("comments for the submitter"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices
    )
    conflict_confirmed = models.BooleanField(_("no conflict of interest"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "version"],
                name="review_one_per_version",
                violation_error_message=_("This version has already been reviewed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} v{self.version}: {self.recommendation}"

    @property
    def mean_score(self) -> float:
        values = [int(v) for v in self.scores.values()]
        return sum(values) / len(values) if values else 0.0


class Decision(models.Model):
    """The Hub team's decision on a submission after review."""

    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    message = models.TextField(_("message to the submitter"))
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.get_outcome_display()}"


class MessageTemplate(models.Model):
    """An editable message the Hub team sends, in each interface language (translation.py)."""

    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"), help_text=_("You can use {title}, {reference} and {name}.")
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self) -> str:
        return self.get_kind_display()
