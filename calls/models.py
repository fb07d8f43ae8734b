"""Calls for practices: what curators publish to gather practices on a theme."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .choices import CallStatus
from .querysets import CallQuerySet


class Call(TimeStampedModel):
    """A call for practices. Text fields exist in every interface language (translation.py);
    long texts are Markdown, rendered without raw HTML."""

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
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
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
