"""E-mails to registrants, sent by the task worker in each person's language. A confirmed
registrant's e-mails carry the calendar file (with the join link); a change of time or link sends
it again with its SEQUENCE raised, so calendar applications update the entry they hold."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from core.links import absolute_url
from core.tasks import register_tasks

from .choices import ACTIVE, EventStatus
from .choices import RegistrationStatus as R
from .ics import registrant_calendar
from .models import Event, Registration
from .selectors import cancel_url

ICS_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _send(registration: Registration, name: str, **context) -> None:
    """Render ``events/email/<name>`` for the registrant and send it, with the calendar file
    when their seat is confirmed (or the event is called off)."""
    user, event = registration.user, registration.event
    zone = getattr(user, "time_zone", "") or "UTC"
    with translation.override(_language(user)), timezone.override(zone):
        context = {
            "hub_name": settings.HUB_NAME,
            "event": event,
            "registration": registration,
            "url": absolute_url(event.get_absolute_url()),
            "cancel_url": cancel_url(registration) if registration.is_active else "",
            **context,
        }
        subject = render_to_string(f"events/email/{name}_subject.txt", context).strip()
        body = render_to_string(f"events/email/{name}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    if registration.is_confirmed or context.get("with_calendar"):
        ics = registrant_calendar(event, confirmed=registration.is_confirmed)
        message.attach("event.ics", ics, ICS_TYPE)
    message.send()


def _registration(registration_id: int) -> Registration:
    return Registration.objects.select_related("user", "event").get(pk=registration_id)


@task()
def send_registration_status(registration_id: int) -> None:
    """Tell the registrant where their registration stands (confirmed, waiting, declined...)."""
    registration = _registration(registration_id)
    _send(registration, "status")


@task()
def send_event_update(event_id: int) -> None:
    """The event's time, place or link changed, or it was called off: every active registrant
    receives the updated calendar file."""
    event = Event.objects.get(pk=event_id)
    active = event.registrations.filter(status__in=ACTIVE).select_related("user", "event")
    for registration in active:
        _send(
            registration,
            "update",
            with_calendar=registration.status == R.CONFIRMED
            or event.status == EventStatus.CANCELLED,
        )


@task()
def send_reminder(registration_id: int, hour: bool) -> None:
    """The reminder a day or an hour before (claimed once in ``reminders``)."""
    registration = _registration(registration_id)
    if registration.is_confirmed:
        _send(registration, "reminder", hour=hour)


register_tasks(send_registration_status, send_event_update, send_reminder)
