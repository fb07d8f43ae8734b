"""Request-wide settings: the viewer's time zone, content version tokens read once; the
Permissions-Policy header; and a refused service call answered like a missing page."""

import zoneinfo
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import versions
from .errors import NotAllowedError

TZ_COOKIE = "hub_tz"


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _cookie_value(raw: str | None) -> str | None:
    """The script stores the zone URL-encoded (Europe%2FParis); Django does not decode it."""
    return unquote(raw) if raw else raw


class TimezoneMiddleware:
    """Show instants in the viewer's zone: their profile's zone when signed in, otherwise the
    zone their browser reported in a cookie (set by a small script), otherwise UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            zone = _zone(getattr(user, "time_zone", None))
        if zone is None:
            zone = _zone(_cookie_value(request.COOKIES.get(TZ_COOKIE)))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class ContentVersionsMiddleware:
    """Read each content version token at most once per request (see :mod:`core.versions`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with versions.remembered():
            return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` on every response: the Hub uses no camera, microphone,
    location, payment or device access, so browsers refuse them to the page and to anything it
    embeds. The features are listed in the PERMISSIONS_POLICY setting (feature: allowed origins;
    an empty list disables the feature everywhere)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NotAllowedMiddleware:
    """A service that refuses its actor (``NotAllowedError``) answers 404, like the views'
    ``get_<entity>_for``: views check first, so this only happens when the rights changed in
    between, and it must not be a server error nor tell that the object exists."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotAllowedError):
            raise Http404 from exception


class RequestSizeMiddleware:
    """Refuse a request body larger than ``HUB_REQUEST_MAX_BYTES`` before reading any of it.

    Forms carry one file at a time, each at most ``HUB_UPLOAD_MAX_BYTES``; a body announced as
    larger is answered 413 with a page in the reader's language (drafts are saved separately, so
    going back loses nothing). Placed before anything that reads the body (CSRF reads it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.HUB_REQUEST_MAX_BYTES:
            context = {"largest": settings.HUB_UPLOAD_MAX_BYTES}
            return render(request, "core/too_large.html", context, status=413)
        return self.get_response(request)


class NulBytesMiddleware:
    """An address whose path has a NUL byte is answered 400 ("bad request"): no real link has
    one, and PostgreSQL cannot even compare text with it, so any lookup by it would fail. (Query
    strings are left to the views: listings drop such a value, OAI-PMH answers badArgument.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return render(request, "400.html", status=400)
        return self.get_response(request)
