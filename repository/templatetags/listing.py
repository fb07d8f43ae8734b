"""Parts of the listings written in Python: a listing shows up to 200 facet values and 20 cards
with their objective badges, and rendering them through template includes took half of the
page's time at 100,000 practices (docs/benchmarks.md)."""

from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.templatetags.hub import objective_badge, reverse_once
from taxonomy.models import Objective
from taxonomy.selectors import per_vocabulary

from ..facets import Facet

register = template.Library()


@register.simple_tag
def facet_fieldset(facet: Facet) -> SafeString:
    """A fieldset of checkboxes, one per value, with its count; nothing for an empty facet.
    Plain formatting with the standard library's escaping (the same entities as Django's):
    ``format_html`` per value took a sixth of a listing's rendering with 200 countries. Each
    box sits inside its label (no ids to pair them), which keeps a listing's page light."""
    if not facet.values:
        return SafeString("")
    name = escape(facet.name)
    rows = "\n".join(
        f'<li><label><input type="checkbox" name="{name}" value="{escape(v.key)}"'
        f"{' checked' if v.selected else ''}>{escape(v.label)} <small>{int(v.count)}</small>"
        "</label></li>"
        for v in facet.values
    )
    return SafeString(
        f'<fieldset class="facet">\n  <legend class="facet__title">{escape(facet.title)}</legend>\n'
        f'  <ul class="facet-list">\n{rows}\n  </ul>\n</fieldset>'
    )


@register.simple_tag
def chosen_count(facets: list[Facet], *others: str) -> int:
    """How many choices narrow the list: facet values ticked, plus each other filled-in field."""
    return sum(len(facet.selected) for facet in facets) + sum(1 for value in others if value)


def _badge_items(listing: str) -> dict[int, str]:
    """Each objective's list item for cards: its badge linking to ``listing`` filtered by it,
    built once per language and vocabulary version (cards repeat the same 23 badges)."""
    url = reverse_once(listing)
    return per_vocabulary(
        f"card-badges:{url}",
        lambda: {
            o.pk: f"<li>{objective_badge(o, f'{url}?objective={o.number}')}</li>"
            for o in Objective.objects.all()
        },
    )


@register.simple_tag
def objective_badges(item: Any, listing: str, label: str) -> SafeString:
    """The item's primary objectives as badges linking to the listing filtered by each."""
    objectives = item.primary_objectives
    if not objectives:
        return SafeString("")
    items = _badge_items(listing)
    badges = "".join(items[o.pk] for o in objectives)
    return SafeString(f'<ul class="badge-list" aria-label="{escape(label)}">{badges}</ul>')


@register.simple_tag
def objective_page_badges(objectives: Any) -> SafeString:
    """A list item per objective: its badge linking to the objective's landing page."""
    return format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                objective_badge(
                    o, reverse("repository:objective_detail", kwargs={"number": o.number})
                ),
            )
            for o in objectives
        ),
    )


def shortened(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters with an ellipsis, as ``Truncator.chars`` does, but
    reading only the start of a long text: it walked every character of each summary."""
    return Truncator(text[: 2 * length]).chars(length) if len(text) > length else text


@register.simple_tag
def item_card(item: Any, kind: str) -> SafeString:
    """The card of a practice or resource (model instance or listing card): title linking to
    its page, implementer or publisher, the start of its summary, its primary objectives."""
    lang = item.language.code
    if kind == "practice":
        meta = format_html(
            '{} <span lang="{}">{}</span>', _("Implemented by"), lang, item.implementer
        )
        text = item.summary
    else:
        meta = format_html("{} · {}", item.publisher, item.year) if item.year else item.publisher
        text = item.abstract
    return format_html(
        '<article class="card card--item">\n'
        '  <h3 class="card__title" lang="{}"><a href="{}">{}</a></h3>\n'
        '  <p class="card__meta">{}</p>\n'
        '  <p class="card__summary" lang="{}">{}</p>\n'
        "  {}\n</article>",
        lang,
        item.get_absolute_url(),
        item.title,
        meta,
        lang,
        shortened(text, 180),
        objective_badges(item, f"repository:{kind}_list", _("GCM objectives")),
    )


@register.simple_tag
def year_options(years: list[tuple[int, int]], chosen: str) -> SafeString:
    """The options of the year choice: each year with its count, the chosen one selected."""
    return format_html_join(
        "",
        '<option value="{0}"{1}>{2}</option>',
        (
            (
                year,
                SafeString(" selected") if str(year) == chosen else "",
                _("%(option)s (%(count)s)") % {"option": year, "count": count},
            )
            for year, count in years
        ),
    )
