"""Calls for practices: what curators publish to gather practices on a theme."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import validate_time_zone
from core.models import TimeStampedModel
from core.workflow import Workflow

from .choices import TRANSITIONS, CallStatus
from .querysets import CallQuerySet


def default_content_types() -> list[str]:
    return ["practice"]


def default_time_zone() -> str:
    return settings.HUB_CALL_TIME_ZONE


class Call(TimeStampedModel):
    """A call for practices. Text fields exist in every interface language (translation.py);
    long texts are Markdown, rendered without raw HTML."""

    workflow = Workflow(
        states=CallStatus,
        transitions=TRANSITIONS,
        refusal=_("A call cannot go from “%(current)s” to “%(target)s”."),
        before_save={"*": (lambda call, *_: call.full_clean(),)},
    )

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences for cards and feeds.")
    )
    context = models.TextField(_("context"), blank=True, help_text=_("Markdown."))
    actions = models.TextField(
        _("actions the call asks for"), blank=True, help_text=_("Markdown; one item per line.")
    )
    occasion = models.CharField(_("occasion"), max_length=200, blank=True)
    who_can_submit = models.TextField(_("who can submit"), blank=True, help_text=_("Markdown."))
    criteria = models.TextField(_("criteria"), blank=True, help_text=_("Markdown."))
    how_to_submit = models.TextField(_("how to submit"), blank=True, help_text=_("Markdown."))
    objectives = models.ManyToManyField(
        "taxonomy.Objective", verbose_name=_("GCM objectives"), blank=True, related_name="calls"
    )
    content_types = models.JSONField(
        _("content types accepted"),
        default=default_content_types,
        help_text=_("Which kinds of submission the call accepts: practice, resource."),
    )
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_("Leave empty to route questions to the Hub team's inbox."),
    )
    review_internal = models.PositiveSmallIntegerField(
        _("internal (UN) reviewers per submission"), default=1
    )
    review_external = models.PositiveSmallIntegerField(
        _("external reviewers per submission"), default=2
    )
    review_max_load = models.PositiveSmallIntegerField(_("maximum reviews per reviewer"), default=6)
    review_days = models.PositiveSmallIntegerField(_("days reviewers have to review"), default=21)
    blind_review = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Hide submitters' names and organisations from reviewers."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_(
            "The time zone the call announces its dates in (e.g. America/New_York): its "
            "pages show the deadline in it, then in the reader's own zone."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for practices")
        verbose_name_plural = _("calls for practices")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(opens_at__lt=models.F("deadline")),
                name="call_opens_before_deadline",
                violation_error_message=_("A call must open before its deadline."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.OPEN

    @property
    def is_draft(self) -> bool:
        """Only the Hub team sees it."""
        return self.status == CallStatus.DRAFT

    @property
    def is_scheduled(self) -> bool:
        return self.status == CallStatus.SCHEDULED

    @property
    def has_closed(self) -> bool:
        """Its deadline has passed (closed, or archived after the cycle)."""
        return self.status in (CallStatus.CLOSED, CallStatus.ARCHIVED)


def partner_logo_path(instance: "CallPartner", filename: str) -> str:
    return f"calls/partners/{instance.call_id}/{filename}"


class CallPartner(models.Model):
    """An organisation running the call with the Hub, shown with its logo."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=partner_logo_path, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
