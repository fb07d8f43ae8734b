from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from calls.selectors import open_calls
from core.pagecache import do_not_keep, public_page
from search.services import missed_search_record
from submissions.fields import get_content_type

from . import selectors
from .choices import ListingSort
from .citation import cite_bibtex, cite_text, json_ld
from .facets import Facet
from .listing import ListingPage


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """What the Hub is, the calls open now and the latest practices."""
    return render(
        request,
        "repository/home.html",
        {"open_calls": open_calls(limit=3), "latest_practices": selectors.latest_practices()},
    )


def counter_line(total: int, facets: list[Facet], noun: str) -> str:
    """'30 global practices' when one scope is chosen, '30 practices' otherwise."""
    scopes = next((f.selected for f in facets if f.name == "scope"), [])
    if noun == "practice" and len(scopes) == 1:
        return ngettext(
            "%(count)s %(scope)s practice",
            "%(count)s %(scope)s practices",
            total,
        ) % {"count": total, "scope": scopes[0].label.lower()}
    if noun == "practice":
        return ngettext("%(count)s practice", "%(count)s practices", total) % {"count": total}
    return ngettext("%(count)s resource", "%(count)s resources", total) % {"count": total}


def applied_sort(sort: str, q: str) -> str:
    """The order the results are actually in, for the sort menu to show: relevance while
    searching unless another order is chosen, otherwise the Hub's order by default."""
    if sort not in (ListingSort.NEWEST, ListingSort.TITLE, ListingSort.SCOPE):
        return ListingSort.RELEVANCE if q.strip() else ListingSort.SCOPE
    return sort


def count_if_missed(request: HttpRequest, listing: ListingPage) -> None:
    """A search with words that found nothing is counted per objective chosen with it (the
    insights page's demand table); never who searched or what they typed. Such a page is not
    kept for the next visitor (core/pagecache.py), so the next one is counted too."""
    if not request.GET.get("q", "").strip() or listing.total:
        return
    chosen = next((f.selected for f in listing.facets if f.name == "objective"), [])
    missed_search_record(objectives=[int(v.key) for v in chosen if v.key.isdigit()])
    do_not_keep(request)


def _render_listing(request: HttpRequest, listing: ListingPage, kind: str) -> HttpResponse:
    count_if_missed(request, listing)
    if listing.lexical_only:  # words only, the encoder being away: not for the next visitor
        do_not_keep(request)
    context = {
        "listing": listing,
        "kind": kind,
        "counter": counter_line(listing.total, listing.facets, kind),
        "query": request.GET.urlencode(),
        "sort": applied_sort(request.GET.get("sort", ""), request.GET.get("q", "")),
        "searching": bool(request.GET.get("q", "").strip()),
        "q": request.GET.get("q", ""),
        "year": request.GET.get("year", ""),
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        response = render(request, "repository/_listing.html", context)
    else:
        response = render(request, f"repository/{kind}_list.html", context)
    # The same address answers with the whole page or the listing's part (hub.js): caches must
    # keep them apart, or Back could show the part alone.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@public_page
def practice_list(request: HttpRequest) -> HttpResponse:
    listing = selectors.practice_listing(user=request.user, params=request.GET)
    return _render_listing(request, listing, "practice")


@require_safe
@public_page
def resource_list(request: HttpRequest) -> HttpResponse:
    listing = selectors.resource_listing(user=request.user, params=request.GET)
    return _render_listing(request, listing, "resource")


def _item_context(request: HttpRequest, item) -> dict:
    url = request.build_absolute_uri(item.get_absolute_url())
    ui_language = translation.get_language() or ""
    return {
        "cite_text": cite_text(item, url),
        "cite_bibtex": cite_bibtex(item, url),
        "json_ld": json_ld(item, url),
        "other_language": item.language.code != ui_language.split("-")[0],
        "permalink": url,
        "page_title": item.title,
        "unpublished_notice": _("This item is not published: only curators can see it.")
        if not item.is_published
        else "",
    }


def practice_sections(practice) -> list[dict]:
    """The long texts of a practice that have a section of their own on its page (``section``
    in the field definitions), in reading order, headed by their labels."""
    return [
        {"id": spec.section, "title": spec.label, "text": getattr(practice, spec.name)}
        for spec in get_content_type("practice").section_fields()
    ]


@require_safe
@public_page
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_page(request.user, slug)
    context = {
        "practice": practice,
        "sections": practice_sections(practice),
        "related_resources": selectors.related_resources(practice=practice),
        "similar_practices": selectors.similar_practices(practice=practice),
        **_item_context(request, practice),
    }
    return render(request, "repository/practice_detail.html", context)


@require_safe
@public_page
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_page(request.user, slug)
    context = {"resource": resource, **_item_context(request, resource)}
    return render(request, "repository/resource_detail.html", context)


def landing_counts(card: selectors.LandingCard) -> str:
    """'12 practices, 3 knowledge resources', each part in its plural form."""
    practices = ngettext("%(count)s practice", "%(count)s practices", card.practice_count) % {
        "count": card.practice_count
    }
    resources = ngettext(
        "%(count)s knowledge resource", "%(count)s knowledge resources", card.resource_count
    ) % {"count": card.resource_count}
    return _("%(practices)s, %(resources)s") % {"practices": practices, "resources": resources}


def _render_landing(
    request: HttpRequest, template: str, landing: selectors.Landing, param: str, value: object
) -> HttpResponse:
    context = {
        "landing": landing,
        "counts": landing_counts(landing),
        "query": urlencode({param: value}),
    }
    return render(request, template, context)


@require_safe
@public_page
def objective_index(request: HttpRequest) -> HttpResponse:
    """The objectives as cards, each with how many published items address it."""
    cards = [(card, landing_counts(card)) for card in selectors.objective_cards()]
    return render(request, "repository/objective_index.html", {"cards": cards})


@require_safe
@public_page
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    landing = selectors.objective_landing(number=number)
    return _render_landing(
        request, "repository/objective_detail.html", landing, "objective", number
    )


@require_safe
@public_page
def principle_index(request: HttpRequest) -> HttpResponse:
    cards = [(card, landing_counts(card)) for card in selectors.principle_cards()]
    return render(request, "repository/principle_index.html", {"cards": cards})


@require_safe
@public_page
def principle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    landing = selectors.principle_landing(slug=slug)
    return _render_landing(request, "repository/principle_detail.html", landing, "principle", slug)
