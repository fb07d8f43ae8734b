"""Pages of what a call produces: the featured page, the compendium (with its progress page while
it is built) and the Hub team's export of the whole call; and the compendium of any practice
listing (``/<lang>/practices/compendium.pdf?<the listing's parameters>``)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from calls.models import Call
from core.files import file_response

from . import selectors
from .choices import JobKind
from .models import OutputJob
from .permissions import OutputAction, get_call_for, get_featured_for
from .services import (
    CompendiumRefusedError,
    compendium_request,
    export_request,
    listing_compendium_request,
)

COMPENDIUM_KINDS = {"pdf": JobKind.COMPENDIUM_PDF, "docx": JobKind.COMPENDIUM_DOCX}
#: Any listing can be compiled, so a robot walking every combination of facets could keep the
#: workers busy: each person may make this many requests an hour for listing compendia (two per
#: file: the request, then the download).
LISTING_COMPENDIUM_RATE = "60/h"


@require_safe
def featured(request: HttpRequest, slug: str) -> HttpResponse:
    selection = get_featured_for(request.user, slug)
    context = {
        "selection": selection,
        "call": selection.call,
        "entries": selectors.featured_entries(selection=selection),
        "fallback_notice": selectors.missing_translation(selection),
    }
    return render(request, "outputs/featured.html", context)


def _download(job: OutputJob) -> HttpResponseBase:
    return file_response(job.file, filename=job.filename)


@require_safe
def compendium(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """The compendium in the page's language: the file when it is ready, else its progress."""
    call = get_call_for(request.user, slug, OutputAction.COMPENDIUM)
    language = translation.get_language() or "en"
    job = compendium_request(
        call=call, kind=COMPENDIUM_KINDS[fmt], language=language, actor=request.user
    )
    if job.is_ready:
        return _download(job)
    return redirect("outputs:compendium_job", slug=call.slug, job=job.uuid)


def _job(call: Call, job: UUID, kinds: tuple[str, ...]) -> OutputJob:
    found = selectors.get_job(call=call, job_uuid=job, kinds=kinds)
    if found is None:
        raise Http404
    return found


@require_safe
def compendium_job(request: HttpRequest, slug: str, job: UUID) -> HttpResponse:
    call = get_call_for(request.user, slug, OutputAction.COMPENDIUM)
    found = _job(call, job, tuple(COMPENDIUM_KINDS.values()))
    return render(request, "outputs/job.html", {"call": call, "job": found})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The Hub team's page to export the whole call (POST starts an export)."""
    call = get_call_for(request.user, slug, OutputAction.EXPORT)
    if request.method == "POST":
        language = translation.get_language() or "en"
        job = export_request(call=call, language=language, actor=request.user)
        return redirect("outputs:export_job", slug=call.slug, job=job.uuid)
    exports = selectors.recent_exports(call=call)
    return render(request, "outputs/export.html", {"call": call, "exports": exports})


@login_required
@require_safe
def export_job(request: HttpRequest, slug: str, job: UUID) -> HttpResponse:
    call = get_call_for(request.user, slug, OutputAction.EXPORT)
    found = _job(call, job, (JobKind.CALL_EXPORT,))
    return render(request, "outputs/job.html", {"call": call, "job": found, "export": True})


@login_required
@require_safe
def export_download(request: HttpRequest, slug: str, job: UUID) -> HttpResponseBase:
    call = get_call_for(request.user, slug, OutputAction.EXPORT)
    found = _job(call, job, (JobKind.CALL_EXPORT,))
    if not found.is_ready:
        context = {"call": call, "job": found, "export": True}
        return render(
            request, "outputs/job.html", context, status=410 if found.has_expired else 200
        )
    return _download(found)


@require_safe
@ratelimit(key="user_or_ip", rate=LISTING_COMPENDIUM_RATE, method="GET", block=True)
def listing_compendium(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The compendium of the practices the listing shows with the same parameters: the file
    when it is ready, else its progress; a page saying why when the listing is too long."""
    query = selectors.listing_query(request.GET)
    language = translation.get_language() or "en"
    try:
        job = listing_compendium_request(
            query=query, kind=COMPENDIUM_KINDS[fmt], language=language, actor=request.user
        )
    except CompendiumRefusedError as refusal:
        context = {"message": refusal.message, "query": query}
        return render(request, "outputs/listing_refused.html", context)
    if job.is_ready:
        return _download(job)
    return redirect("outputs_listing:compendium_job", job=job.uuid)


@require_safe
def listing_compendium_job(request: HttpRequest, job: UUID) -> HttpResponse:
    found = selectors.get_listing_job(job_uuid=job)
    if found is None:
        raise Http404
    return render(request, "outputs/job.html", {"job": found, "query": found.query})
