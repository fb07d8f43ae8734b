"""Calendar files (RFC 5545) of events, written with the ``icalendar`` package.

Each event keeps one UID for ever (``<uuid>@<host>``) and a SEQUENCE raised by every change of
its time, place or link, so calendar applications replace the entry they hold instead of adding
a second one. Each entry carries an alarm an hour before. The join link is written only in the
file a confirmed registrant receives.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from core.links import absolute_url, base_url

from .choices import EventStatus
from .models import Event

PRODUCT_ID = "-//Migration Network Hub//Events//EN"
ALARM_BEFORE = timedelta(hours=1)


def event_uid(event: Event) -> str:
    return f"{event.uid}@{urlsplit(base_url()).netloc or 'hub'}"


def _vevent(event: Event, *, join_url: str = "", now: datetime) -> VEvent:
    entry = VEvent()
    entry.add("uid", event_uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    url = absolute_url(event.get_absolute_url())
    description = f"{event.description}\n\n{url}"
    if join_url:
        description = f"{join_url}\n\n{description}"
        entry.add("location", join_url if not event.place else f"{event.place} · {join_url}")
    elif event.where():
        entry.add("location", event.where())
    entry.add("description", description)
    entry.add("url", url)
    entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    entry.add("last-modified", event.updated_at or now)
    entry.add_component(_alarm(event))
    return entry


def _alarm(event: Event) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", -ALARM_BEFORE)
    return alarm


def calendar_bytes(
    events: Iterable[Event], *, name: str = "", join_urls: dict[int, str] | None = None
) -> bytes:
    """One calendar holding ``events``; ``join_urls`` maps an event's id to the link written in
    it (for a confirmed registrant only)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    now = timezone.now()
    for event in events:
        link = (join_urls or {}).get(event.pk, "")
        calendar.add_component(_vevent(event, join_url=link, now=now))
    return calendar.to_ical()


def registrant_calendar(event: Event, *, confirmed: bool) -> bytes:
    """The file sent to a registrant: with the join link when their seat is confirmed."""
    links = {event.pk: event.join_url} if confirmed and event.join_url else {}
    return calendar_bytes([event], name=settings.HUB_NAME, join_urls=links)
