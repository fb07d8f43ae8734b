"""Reminders to confirmed registrants, 24 hours and 1 hour before an event starts.

The task system wakes ``remind_due`` at each reminder instant (scheduled when the event is
published or its time changes); ``manage.py event_reminders``, run every few minutes from cron,
is the safety net. Each reminder is claimed by a conditional update (``reminded_…_at IS NULL``) before it is sent,
so a second worker, a retried task or the command never sends it twice.
"""

from datetime import datetime

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from core.tasks import register_tasks

from .choices import REMINDER_DAY, REMINDER_HOUR, EventStatus
from .choices import RegistrationStatus as R
from .models import Event, Registration
from .tasks import send_reminder

DAY, HOUR = REMINDER_DAY, REMINDER_HOUR


def _due_field(event: Event, now: datetime) -> str | None:
    """The reminder due now for this event: the hour's one hides the day's one."""
    if event.starts_at - HOUR <= now:
        return "reminded_hour_at"
    if event.starts_at - DAY <= now:
        return "reminded_day_at"
    return None


def reminders_send(*, now: datetime, event_id: int | None = None) -> int:
    """Send every reminder due at ``now``; returns how many were sent."""
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + DAY
    )
    if event_id is not None:
        events = events.filter(pk=event_id)
    sent = 0
    for event in events:
        field = _due_field(event, now)
        if field is not None:
            sent += _remind_all(event, field, now=now)
    return sent


def _remind_all(event: Event, field: str, *, now: datetime) -> int:
    sent = 0
    hour = field == "reminded_hour_at"
    changes: dict = {field: now}
    if hour:  # an hour before, the day's reminder is no longer worth sending
        changes["reminded_day_at"] = Coalesce("reminded_day_at", Value(now))
    due = event.registrations.filter(status=R.CONFIRMED, **{f"{field}__isnull": True})
    for pk in list(due.values_list("pk", flat=True)):
        claimed = Registration.objects.filter(pk=pk, **{f"{field}__isnull": True})
        if claimed.update(**changes) == 1:
            send_reminder.enqueue(pk, hour)
            sent += 1
    return sent


@task()
def remind_due(event_id: int) -> int:
    """Woken at a reminder instant: send what is due for this event."""
    return reminders_send(now=timezone.now(), event_id=event_id)


register_tasks(remind_due)
