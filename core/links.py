"""Absolute links for e-mails: on the site's configured public address (``HUB_BASE_URL``), or,
when none is configured, on the address the current request came to (host and port). E-mails
sent by the task worker have no request: they use ``HUB_BASE_URL`` (``make run`` sets it from
``PORT``), else https and the first host of ALLOWED_HOSTS in production."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

# The last resort when nothing is configured and no request is being served.
FALLBACK_BASE_URL = "http://127.0.0.1:8000"

_current_request: ContextVar[HttpRequest | None] = ContextVar("hub_request", default=None)


def _request_base(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    try:
        return request.build_absolute_uri("/").rstrip("/")
    except DisallowedHost:
        return ""


def public_host_url() -> str:
    """Outside development, 'https://' and the first named host of ALLOWED_HOSTS; '' if none."""
    if settings.DEBUG:
        return ""
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return f"https://{host}"
    return ""


def base_url(request: HttpRequest | None = None) -> str:
    """'https://hub.example.org': configured, else the request's (given or being served), else
    the public host (production), else the development server's default address."""
    configured = (settings.HUB_BASE_URL or "").strip().rstrip("/")
    return (
        configured
        or _request_base(request or _current_request.get())
        or public_host_url()
        or FALLBACK_BASE_URL
    )


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` on the site's public address (see :func:`base_url`)."""
    return base_url(request) + path


@dataclass(frozen=True)
class HubSite:
    """What e-mails call the site (allauth's ``current_site``): the Hub's name and address."""

    name: str
    domain: str

    def __str__(self) -> str:
        return self.domain


def hub_site(request: HttpRequest | None = None) -> HubSite:
    return HubSite(name=settings.HUB_NAME, domain=urlsplit(base_url(request)).netloc)


class RequestBaseURLMiddleware:
    """Remember the request being served, so e-mails sent while serving it (including tasks run
    at once) link to the address the visitor used when no public address is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
