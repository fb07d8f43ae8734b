"""Dates as a call (or any organiser) states them: in its own time zone, named in the reader's
language ("24 June 2024, 23:59 New York time"), then the same instant in the reader's zone when
the clock there reads differently."""

import zoneinfo
from datetime import datetime, tzinfo

from babel.dates import get_timezone_location
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, to_locale
from django.utils.translation import gettext as _


def validate_time_zone(value: str) -> None:
    """An IANA time zone name this machine knows (America/New_York, Europe/Paris, UTC...)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext_lazy("%(zone)s is not a known time zone (e.g. America/New_York)."),
            params={"zone": value},
        )


def zone(name: str | None) -> tzinfo:
    """The named zone, or the Hub's default one for calls when the name is empty or unknown."""
    for candidate in (name, settings.HUB_CALL_TIME_ZONE):
        try:
            if candidate:
                return zoneinfo.ZoneInfo(candidate)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return zoneinfo.ZoneInfo("UTC")


def utc_offset_label(value: datetime) -> str:
    """'UTC+02:00', 'UTC−05:30', or 'UTC' for a zero offset."""
    offset = value.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_label(value: datetime) -> str:
    """'New York time' (fr 'heure de New York', es 'hora de Nueva York'); 'UTC' for UTC and
    the offset for zones without a city (Etc/GMT+5)."""
    key = getattr(value.tzinfo, "key", "") or ""
    if not key or key in ("UTC", "Etc/UTC") or key.startswith("Etc/") or "/" not in key:
        return utc_offset_label(value)
    city = get_timezone_location(key, locale=to_locale(get_language() or "en"), return_city=True)
    return _("%(city)s time") % {"city": city}


def _date_time(value: datetime) -> tuple[str, str]:
    return formats.date_format(value, "DATE_FORMAT"), formats.time_format(value, "TIME_FORMAT")


def stated(value: datetime, zone_name: str | None) -> str:
    """The instant in the organiser's zone: '24 June 2024, 23:59 New York time'."""
    there = timezone.localtime(value, zone(zone_name))
    date, time = _date_time(there)
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": date,
        "time": time,
        "zone": zone_label(there),
    }


def for_viewer(value: datetime, zone_name: str | None) -> str:
    """The same instant on the viewer's clock ('25 June 2024, 05:59 your time, UTC+02:00'),
    or '' when their clock reads the same as the organiser's."""
    there = timezone.localtime(value, zone(zone_name))
    here = timezone.localtime(value)
    if here.utcoffset() == there.utcoffset():
        return ""
    date, time = _date_time(here)
    return _("%(date)s, %(time)s your time, %(offset)s") % {
        "date": date,
        "time": time,
        "offset": utc_offset_label(here),
    }


def stated_date(value: datetime, zone_name: str | None) -> datetime:
    """The calendar day of the instant in the organiser's zone (for 'Closed on 24 June 2024')."""
    return timezone.localtime(value, zone(zone_name))
