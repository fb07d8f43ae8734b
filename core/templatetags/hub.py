"""Template helpers of the design system."""

from datetime import datetime
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


def utc_offset_label(value: datetime) -> str:
    """'UTC+02:00', 'UTC−05:30', or 'UTC' for a zero offset."""
    offset = value.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@register.filter
def instant(value: datetime | None) -> str:
    """An instant in the viewer's time zone, localised, with its UTC offset.

    Renders a <time> element whose datetime attribute carries the exact instant.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    text = "{} {} ({})".format(
        formats.date_format(local, "DATE_FORMAT"),
        formats.time_format(local, "TIME_FORMAT"),
        utc_offset_label(local),
    )
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def local_date(value: datetime | None) -> str:
    """A calendar date in the viewer's time zone and language."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.date().isoformat(),
        formats.date_format(local, "DATE_FORMAT"),
    )


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context: template.Context, page_obj) -> dict:
    """Previous/next links and page numbers that keep the other query parameters."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return {"page_obj": page_obj, "base_query": base + "&" if base else ""}


@register.filter
def markdown(value: str | None) -> str:
    """Render Markdown written by users as sanitised HTML."""
    from django.utils.safestring import mark_safe

    from core.text import render_markdown

    return mark_safe(render_markdown(value or ""))  # noqa: S308 - sanitised by nh3


@register.simple_tag
def objective_badge(objective: Any, href: str | None = None) -> str:
    """An objective's badge (number and short name in its colour), a link when ``href`` is
    given: the one definition that components/objective_badge.html and listing cards use."""
    if href:
        return format_html(
            '<a class="badge badge--objective badge--objective-{0}" href="{1}" title="{2}">'
            '<span class="badge__number">{0}</span> {3}</a>',
            objective.number,
            href,
            objective.title,
            objective.short_name,
        )
    return format_html(
        '<span class="badge badge--objective badge--objective-{0}" title="{1}">'
        '<span class="badge__number">{0}</span> {2}</span>',
        objective.number,
        objective.title,
        objective.short_name,
    )
