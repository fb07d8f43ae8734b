"""Pledges of the Pledging initiative: a State's or a UN entity's commitment towards GCM
objectives, followed by dated progress updates its focal points post and the Hub team approves."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.workflow import Workflow
from repository.models import Practice
from taxonomy.models import Country, Objective

from .choices import (
    PLEDGE_TRANSITIONS,
    PUBLIC,
    UPDATE_TRANSITIONS,
    EntityType,
    PledgeStatus,
    UpdateStatus,
)

#: Addresses under /pledges/ that are pages, not pledges.
RESERVED_SLUGS = frozenset({"review", "feed"})


def validate_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is taken by a page of the Hub; choose another."))


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def public(self) -> "PledgeQuerySet":
        return self.filter(status__in=PUBLIC)


class Pledge(TimeStampedModel):
    """One commitment: who pledged, to what (objectives, text), and how far it has come."""

    workflow = Workflow(
        states=PledgeStatus,
        transitions=PLEDGE_TRANSITIONS,
        refusal=_("This pledge cannot go from “%(current)s” to “%(target)s”."),
    )

    slug = models.SlugField(_("slug"), max_length=120, unique=True, validators=[validate_slug])
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    entity = models.CharField(
        _("pledging entity"), max_length=200, help_text=_("The State or UN entity, in words.")
    )
    entity_type = models.CharField(_("type of entity"), max_length=16, choices=EntityType.choices)
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        blank=True,
        related_name="+",
        help_text=_("A State's own country; the countries a UN entity's pledge covers."),
    )
    objectives: models.ManyToManyField[Objective, Any] = models.ManyToManyField(
        Objective, verbose_name=_("GCM objectives"), related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    url = models.URLField(_("web page"), blank=True)
    focal_points: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal points"),
        blank=True,
        related_name="pledges",
        help_text=_("The people of the pledging entity who post progress updates."),
    )
    practices: models.ManyToManyField[Practice, Any] = models.ManyToManyField(
        Practice, verbose_name=_("linked practices"), blank=True, related_name="pledges"
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["entity", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC


class PledgeUpdate(models.Model):
    """A dated account of progress, public once the Hub team approves it; it may propose a new
    status for the pledge, applied on approval."""

    workflow = Workflow(
        states=UpdateStatus,
        transitions=UPDATE_TRANSITIONS,
        refusal=_("This update cannot go from “%(current)s” to “%(target)s”."),
        touch=("decided_at",),
    )

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("progress"))
    language = models.CharField(_("language of the text"), max_length=8)
    new_status = models.CharField(
        _("new status of the pledge"),
        max_length=16,
        choices=PledgeStatus.choices,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=UpdateStatus.choices, default=UpdateStatus.PENDING
    )
    reason = models.TextField(_("reason given to the author"), blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("updated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pledge_id}:{self.pk} {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status == UpdateStatus.PENDING
