"""Pages that belong to no domain: health, static pages, placeholders, the component gallery."""

import sys
from datetime import timedelta
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error
from prometheus_client import CONTENT_TYPE_LATEST

from .observability import render_metrics, workers_alive
from .selectors import database_is_ready


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and migrations are applied, 503 otherwise. With
    ``?require=workers`` it also counts the task workers that have beaten recently and answers
    503 when there is none (the workers' own check). The plain check stays as cheap as it was:
    load balancers call it often, and the benchmarks measure pages against it."""
    if not database_is_ready():
        return JsonResponse({"status": "unavailable"}, status=503)
    if request.GET.get("require") != "workers":
        return JsonResponse({"status": "ok"})
    alive = workers_alive()
    if not alive:
        return JsonResponse({"status": "no workers", "workers": 0}, status=503)
    return JsonResponse({"status": "ok", "workers": alive})


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics for a scraper holding ``HUB_METRICS_TOKEN``; 404 when none is set."""
    token = settings.HUB_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token:
        raise Http404
    if not constant_time_compare(given, token):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "core/terms.html")


@require_safe
def gallery(request: HttpRequest) -> HttpResponse:
    """The design system's components on one page, for developers (only with DEBUG on)."""
    if not settings.DEBUG:
        raise Http404
    samples = [
        SimpleNamespace(number=n, short_name=name, title=name, colour=colour)
        for n, name, colour in [
            (1, _("Data"), "#1f5f8b"),
            (10, _("Eradicate trafficking"), "#8a1c3c"),
            (23, _("International cooperation"), "#2d6a2f"),
        ]
    ]
    context = {
        "gallery_objectives": samples,
        "gallery_form": GalleryForm(data={"email": "not-an-address"}),
        "gallery_page": Paginator(range(200), 10).get_page(request.GET.get("page", 3)),
    }
    return render(request, "core/gallery.html", context)


class GalleryForm(forms.Form):
    """A form shown with errors, to show how errors look."""

    name = forms.CharField(label=_("Full name"), help_text=_("As you would like it shown."))
    email = forms.EmailField(label=_("E-mail address"))
    agree = forms.BooleanField(label=_("I agree to the terms of use"))


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when someone sends too many requests in a short time (django-ratelimit)."""
    return render(request, "core/rate_limited.html", status=429)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability (docs/security.md).
    The expiry is always a year ahead, as the address comes from the settings."""

    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.HUB_SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en, fr, es",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Seconds a browser or a client library is told to wait before trying again when the database is
# out of reach (a restart takes a few; the connections are checked before reuse, CONN_HEALTH_CHECKS).
RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. A database that cannot be reached (restarting, failing over, too many
    connections) is not a bug: answer 503 with a page in the reader's language that says their
    work is safe, and ``Retry-After``. The page is rendered without the request's context
    processors, which would ask the database again. Any other error: the plain 500 page."""
    # OperationalError, InterfaceError: connection refused or closed, server shutting down; not
    # a programming error such as a missing column.
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return django_server_error(request)
    html = render_to_string("503.html")
    return HttpResponse(html, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
