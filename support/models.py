"""Tailor-made support requests of government focal points, and what the Hub team does with them:
the thread with the requester, internal notes, activities and partners' interest."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb
from core.models import TimeStampedModel
from core.workflow import Workflow
from taxonomy.models import Country, Language, Objective

from .choices import ENDED, SHAREABLE, TRANSITIONS, Rating, RequestStatus, SupportType

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A short, unguessable reference such as ``S-7KQ2M9XD``."""
    return "S-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _move_verb(current: str, to: str) -> AuditVerb:
    if to == RequestStatus.MATCHED:
        return AuditVerb.SUPPORT_PROPOSED
    return AuditVerb.STATUS_CHANGED


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def shared(self) -> "SupportRequestQuerySet":
        """Requests whose anonymised summary partners may read."""
        return self.filter(share_summary=True, status__in=SHAREABLE).exclude(public_summary="")

    def open(self) -> "SupportRequestQuerySet":
        return self.exclude(status__in=ENDED)


class SupportRequest(TimeStampedModel):
    """One request for support from a Member State, private to the requester and the Hub team
    (an anonymised summary may be shared with partners when the requester agrees)."""

    workflow = Workflow(
        states=RequestStatus,
        transitions=TRANSITIONS,
        verb=_move_verb,
        refusal=_("This request cannot go from “%(current)s” to “%(target)s”."),
    )

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField(_("institution"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need"))
    language = models.CharField(_("written in"), max_length=8)
    objectives: models.ManyToManyField[Objective, Any] = models.ManyToManyField(
        Objective, verbose_name=_("GCM objectives"), blank=True, related_name="+"
    )
    support_type = models.CharField(
        _("type of support"), max_length=32, choices=SupportType.choices
    )
    timeline = models.CharField(_("timeline"), max_length=200, blank=True)
    languages: models.ManyToManyField[Language, Any] = models.ManyToManyField(
        Language, verbose_name=_("languages of the support"), blank=True, related_name="+"
    )
    share_summary = models.BooleanField(_("share an anonymised summary"), default=False)
    public_summary = models.TextField(_("anonymised summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    proposed_experts: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "experts.ExpertProfile", verbose_name=_("experts proposed"), blank=True, related_name="+"
    )
    proposed_partners = models.TextField(_("partners proposed"), blank=True)
    agreed_at = models.DateTimeField(_("requester agreed at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("requester's rating"), choices=Rating.choices, null=True, blank=True
    )
    rating_comment = models.TextField(_("requester's comment"), blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="support_status_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("support:request", kwargs={"reference": self.reference})

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED

    @property
    def is_shared(self) -> bool:
        return bool(self.share_summary and self.public_summary and self.status in SHAREABLE)

    def text(self) -> str:
        """What suggestions are computed from."""
        return f"{self.title}\n{self.need}"


class RequestMessage(models.Model):
    """The thread between the requester and the Hub team (internal notes are apart)."""

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="thread"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT
    )
    from_team = models.BooleanField(_("from the Hub team"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message about a request")
        verbose_name_plural = _("messages about requests")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.created_at:%Y-%m-%d}"


class InternalNote(models.Model):
    """A note of the Hub team on a request; never shown to the requester."""

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.created_at:%Y-%m-%d}"


class Activity(models.Model):
    """Something done for a request in progress: a mission, a workshop, an exchange."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="support_activity_dates",
                violation_error_message=_("An activity cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class PartnerInterest(models.Model):
    """A partner's interest in helping with a shared request."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("partner"), on_delete=models.CASCADE
    )
    note = models.TextField(_("how you could help"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner's interest")
        verbose_name_plural = _("partners' interest")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "partner"],
                name="support_one_interest_per_partner",
                violation_error_message=_("You have already offered to help with this request."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.partner_id}"
