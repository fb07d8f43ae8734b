"""The roster: people who apply to review, and the profiles of approved reviewers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb
from core.files import private_storage, random_name
from core.models import TimeStampedModel
from core.workflow import Workflow

from ..choices import APPLICATION_TRANSITIONS, ApplicationStatus
from ..errors import RosterDecisionError


class ExpertiseFields(models.Model):
    """What a reviewer knows and reads; shared by applications and profiles."""

    objectives = models.ManyToManyField(
        "taxonomy.Objective", verbose_name=_("expertise by GCM objective"), related_name="+"
    )
    themes = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("cross-cutting themes"), blank=True, related_name="+"
    )
    reading_languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("languages you can review in"), related_name="+"
    )
    regions = models.ManyToManyField(
        "taxonomy.Region", verbose_name=_("regions of experience"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField(
        "taxonomy.Country", verbose_name=_("countries of experience"), blank=True, related_name="+"
    )
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    is_un = models.BooleanField(_("works for a UN entity"), default=False)
    organisation = models.CharField(_("organisation"), max_length=200)
    publications = models.TextField(_("publications and links"), blank=True)
    conflicts = models.TextField(
        _("organisations you have a conflict of interest with"),
        blank=True,
        help_text=_("One per line: employers, funders, close partners."),
    )
    reviews_per_year = models.PositiveSmallIntegerField(_("reviews you can do a year"), default=6)
    gender = models.CharField(_("gender (optional, self-declared)"), max_length=40, blank=True)

    class Meta:
        abstract = True

    def conflict_list(self) -> list[str]:
        return [line.strip() for line in self.conflicts.splitlines() if line.strip()]


def cv_path(instance: "RosterApplication", filename: str) -> str:
    """A random name in the private storage (the person and the file name never show)."""
    return random_name("cvs", filename)


class RosterApplication(ExpertiseFields, TimeStampedModel):
    """An application to join the peer review roster."""

    workflow = Workflow(
        states=ApplicationStatus,
        transitions=APPLICATION_TRANSITIONS,
        error=RosterDecisionError,
        verb=AuditVerb.ROSTER_DECIDED,
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="roster_applications",
    )
    motivation = models.TextField(_("why you would like to review"), blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_path, storage=private_storage, blank=True)
    cv_name = models.CharField(_("CV file name"), max_length=150, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_message = models.TextField(_("message to the applicant"), blank=True)

    class Meta:
        verbose_name = _("roster application")
        verbose_name_plural = _("roster applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status=ApplicationStatus.PENDING),
                name="roster_one_pending_application",
                violation_error_message=_(
                    "You already have an application waiting for a decision."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == ApplicationStatus.APPROVED


class ReviewerProfile(ExpertiseFields, TimeStampedModel):
    """An approved reviewer's expertise, languages and availability."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="reviewer_profile",
    )
    is_active = models.BooleanField(_("available for invitations"), default=True)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        ordering = ["user__name"]

    def __str__(self) -> str:
        return str(self.user)
