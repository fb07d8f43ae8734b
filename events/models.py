"""Events and webinars of the community (the "GCM Talks"), and the people registered for them."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_time_zone
from core.models import TimeStampedModel
from core.workflow import Workflow
from repository.models import Practice, Resource
from taxonomy.models import Language, Objective, Principle

from .choices import (
    ACTIVE,
    EVENT_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    RESTRICTED,
    Audience,
    EventFormat,
    EventStatus,
    RegistrationStatus,
)


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> "EventQuerySet":
        """Events anyone may read: published or cancelled (a cancellation is news too)."""
        return self.exclude(status=EventStatus.DRAFT)

    def upcoming(self, now: datetime) -> "EventQuerySet":
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now: datetime) -> "EventQuerySet":
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


class Event(TimeStampedModel):
    """One event: a webinar, a meeting, a workshop, online or in a room."""

    workflow = Workflow(
        states=EventStatus,
        transitions=EVENT_TRANSITIONS,
        refusal=_("This event cannot go from “%(current)s” to “%(target)s”."),
    )

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("organisers' time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The instants are also shown in this time zone."),
    )
    format = models.CharField(_("format"), max_length=16, choices=EventFormat.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    join_url = models.URLField(
        _("link to join"), blank=True, help_text=_("Shown only to confirmed registrants.")
    )
    interpretation_languages: models.ManyToManyField[Language, Any] = models.ManyToManyField(
        Language, verbose_name=_("interpretation languages"), blank=True, related_name="+"
    )
    organisers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )
    organised_by = models.CharField(
        _("organised by"), max_length=300, blank=True, help_text=_("The organisations, in words.")
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.OPEN
    )
    objectives: models.ManyToManyField[Objective, Any] = models.ManyToManyField(
        Objective, verbose_name=_("GCM objectives"), blank=True, related_name="+"
    )
    principles: models.ManyToManyField[Principle, Any] = models.ManyToManyField(
        Principle, verbose_name=_("guiding principles"), blank=True, related_name="+"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    recording_url = models.URLField(_("recording"), blank=True)
    summary_file = models.FileField(_("summary report"), upload_to="events/", blank=True)
    practices: models.ManyToManyField[Practice, Any] = models.ManyToManyField(
        Practice, verbose_name=_("linked practices"), blank=True, related_name="events"
    )
    resources: models.ManyToManyField[Resource, Any] = models.ManyToManyField(
        Resource, verbose_name=_("linked resources"), blank=True, related_name="events"
    )
    speakers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "experts.ExpertProfile",
        verbose_name=_("speakers from the expert directory"),
        blank=True,
        related_name="events_spoken_at",
        help_text=_("Listed on the event's page and on each expert's profile."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_restricted(self) -> bool:
        return self.audience in RESTRICTED

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def is_open_for_registration(self, now: datetime | None = None) -> bool:
        return self.status == EventStatus.PUBLISHED and self.starts_at > (now or timezone.now())

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    def where(self) -> str:
        """The place, the platform, or both."""
        return " · ".join(part for part in (self.place, self.platform) if part)

    def text(self) -> str:
        """What suggestions are computed from."""
        return f"{self.title}\n{self.description}"


class Registration(models.Model):
    """One person's registration for one event (a cancelled one stays, for the record)."""

    workflow = Workflow(
        states=RegistrationStatus,
        transitions=REGISTRATION_TRANSITIONS,
        refusal=_("This registration cannot go from “%(current)s” to “%(target)s”."),
        touch=("decided_at",),
    )

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    language = models.CharField(_("language you will follow in"), max_length=8, blank=True)
    note = models.TextField(_("why you wish to take part"), blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("last change"), auto_now=True)
    reminded_day_at = models.DateTimeField(_("reminded a day before"), null=True, blank=True)
    reminded_hour_at = models.DateTimeField(_("reminded an hour before"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status__in=ACTIVE),
                name="events_one_active_registration",
                violation_error_message=_("You are already registered for this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.user_id} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED
