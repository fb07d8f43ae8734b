"""The Hub-wide search page: ``/<lang>/search/?q=…&type=…&page=…``."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .permissions import SearchAction, policy
from .services import missed_search_record
from .site import clean_query, known_type, results_page, site_matches, type_counts


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    """Results of every searchable type, the type as a facet with counts; plain GET, no script."""
    if not policy.can(request.user, SearchAction.SEARCH):
        raise PermissionDenied
    query = clean_query(request.GET.get("q"))
    chosen = known_type(request.GET.get("type"))
    context: dict = {"q": query, "chosen_type": chosen, "searched": bool(query)}
    if query:
        hits, context["lexical_only"] = site_matches(query, language=get_language())
        if not hits:
            missed_search_record()  # counted, never who searched nor the words
        shown = [hit for hit in hits if hit.key == chosen] if chosen else hits
        page, results = results_page(shown, request.GET.get("page"))
        context.update(
            total=len(hits),
            types=type_counts(hits),
            page_obj=page,
            results=results,
            base_query=urlencode({"q": query, **({"type": chosen} if chosen else {})}) + "&",
            all_query=urlencode({"q": query}),
        )
    return render(request, "search/site_search.html", context)
