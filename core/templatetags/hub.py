"""Template helpers of the design system."""

import functools
from datetime import datetime
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

from core import dates
from core.audit import sentence
from core.dates import utc_offset_label
from core.text import render_markdown

register = template.Library()


__all__ = ["instant", "local_date", "stated_instant", "utc_offset_label"]


@register.filter
def instant(value: datetime | None) -> str:
    """An instant in the viewer's time zone, localised, with its UTC offset.

    Renders a <time> element whose datetime attribute carries the exact instant.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    text = "{} ({})".format(formats.date_format(local, "DATETIME_FORMAT"), utc_offset_label(local))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def local_date(value: datetime | None, zone_name: str | None = None) -> str:
    """A calendar date in the viewer's language: in ``zone_name`` when given (a call's own
    zone: the day it announced), otherwise in the viewer's time zone."""
    if value is None:
        return ""
    local = dates.stated_date(value, zone_name) if zone_name else timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.date().isoformat(),
        formats.date_format(local, "DATE_FORMAT"),
    )


@register.filter
def audit_sentence(event: Any) -> str:
    """One audit event as a sentence in the reader's language (see core.audit)."""
    return sentence(event)


@register.simple_tag
def stated_instant(value: datetime | None, zone_name: str | None) -> str:
    """An instant as its organiser states it, in their zone ('24 June 2024, 23:59 New York
    time'), then, when the viewer's clock reads differently, the same instant on it."""
    if value is None:
        return ""
    html = format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), dates.stated(value, zone_name)
    )
    if viewer := dates.for_viewer(value, zone_name):
        html = format_html('{} <span class="instant__local">({})</span>', html, viewer)
    return html


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


# The site's navigation, the same on every page of a language: reversing its fifteen URLs
# through {% url %} on each page cost a tenth of a practice page's rendering.
MAIN_NAV = (
    ("repository:practice_list", gettext_lazy("Practices")),
    ("repository:resource_list", gettext_lazy("Resources")),
    ("repository:objective_index", gettext_lazy("Objectives")),
    ("calls:list", gettext_lazy("Calls for practices")),
    ("experts:list", gettext_lazy("Experts")),
    ("discussions:list", gettext_lazy("Discussions")),
    ("events:list", gettext_lazy("Events")),
    ("support:landing", gettext_lazy("Support")),
    ("core:about", pgettext_lazy("site page", "About")),
    ("contact:form", gettext_lazy("Contact")),
)
FOOTER_NAV = (
    ("core:about", gettext_lazy("About the Hub")),
    ("reviews:roster", gettext_lazy("Join the peer review roster")),
    ("insights:index", gettext_lazy("Insights")),
    ("pledges:list", gettext_lazy("Pledges")),
    ("contact:form", gettext_lazy("Contact")),
    ("core:privacy", gettext_lazy("Privacy")),
    ("core:terms", gettext_lazy("Terms of use")),
)
NAVS = {
    "main": MAIN_NAV,
    "footer": FOOTER_NAV,
    "footer+gallery": (*FOOTER_NAV, ("core:gallery", gettext_lazy("Components"))),
}


@functools.lru_cache(maxsize=64)
def _links(nav: str, language: str | None, prefix: str) -> tuple[tuple[str, str], ...]:
    """(URL, label) of each entry of a navigation in ``language`` under the script ``prefix``
    (both in the key: URLs and labels depend on them)."""
    return tuple((reverse(name), str(label)) for name, label in NAVS[nav])


@functools.lru_cache(maxsize=256)
def _reversed(name: str, language: str | None, prefix: str) -> str:
    return reverse(name)


def reverse_once(name: str) -> str:
    """``reverse(name)`` of a URL without arguments, memoised per language and script prefix
    (a listing's URL appears on every card of a page)."""
    return _reversed(name, get_language(), get_script_prefix())


@receiver(setting_changed)
def _forget_links(**kwargs: Any) -> None:  # tests change the URLs and languages
    _links.cache_clear()
    _reversed.cache_clear()


def _nav_items(nav: str, current_path: str | None = None) -> SafeString:
    links = _links(nav, get_language(), get_script_prefix())
    return format_html_join(
        "\n",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (url, SafeString(' aria-current="page"') if url == current_path else "", label)
            for url, label in links
        ),
    )


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    """The items of the main navigation, the current page's marked."""
    request = context.get("request")
    return _nav_items("main", request.path if request is not None else None)


@register.simple_tag
def footer_nav(with_gallery: bool = False) -> SafeString:
    """The items of the footer navigation (and the component gallery, in debug)."""
    return _nav_items("footer+gallery" if with_gallery else "footer")
