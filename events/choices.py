"""The vocabularies of events and registrations, and the moves their workflows allow."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")
    IN_PERSON = "in_person", _("In person")


class Audience(models.TextChoices):
    OPEN = "open", _("Open to all")
    MEMBER_STATES = "member_states", _("Member States only")
    YOUTH = "youth", _("Youth (under 30)")
    INVITATION = "invitation", _("By invitation only")


#: Audiences whose registrations wait for the organisers' approval.
RESTRICTED = frozenset({Audience.MEMBER_STATES, Audience.YOUTH, Audience.INVITATION})


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


EVENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.PUBLISHED: (EventStatus.CANCELLED, EventStatus.DRAFT),
    EventStatus.CANCELLED: (),
}


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the organisers' approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled")


R = RegistrationStatus
REGISTRATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    R.PENDING: (R.CONFIRMED, R.WAITLISTED, R.DECLINED, R.CANCELLED),
    R.WAITLISTED: (R.CONFIRMED, R.CANCELLED),
    R.CONFIRMED: (R.CANCELLED,),
    R.DECLINED: (),
    R.CANCELLED: (),
}

#: Registrations that hold a seat or a place in the queue (one per person and event).
ACTIVE = (R.PENDING, R.CONFIRMED, R.WAITLISTED)


#: Reminders before an event starts: the registration field that records each one, and how long
#: before the start it is sent (events/reminders.py).
REMINDER_DAY, REMINDER_HOUR = timedelta(hours=24), timedelta(hours=1)
REMINDERS = (("reminded_day_at", REMINDER_DAY), ("reminded_hour_at", REMINDER_HOUR))
